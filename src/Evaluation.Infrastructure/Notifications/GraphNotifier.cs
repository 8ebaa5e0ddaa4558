using System.Net;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.SendMail;
using Microsoft.Graph.Users.Item.Teamwork.SendActivityNotification;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using GraphKeyValuePair = Microsoft.Graph.Models.KeyValuePair;

namespace Evaluation.Infrastructure.Notifications;

/// <summary>
/// <see cref="INotifier"/> through Microsoft Graph (ARCHITECTURE.md "Notifications"), app-only: e-mail with
/// <c>users/{sender}/sendMail</c>, Teams with <c>users/{recipient}/teamwork/sendActivityNotification</c>.
/// <para>
/// Retries: the SDK's Kiota RetryHandler (Kiota 2.0) re-sends a refused request after the response's Retry-After
/// (seconds; else exponential back-off from 3 s), at most 180 s a wait, and by default also on 504. It is replaced
/// here by one that retries only 429 and 503 — refusals, so the message was not accepted and sending it again cannot
/// send it twice (a 504 may have been delivered) — at most <see cref="GraphOptions.MaxRetries"/> times and, through
/// RetriesTimeLimit, never past <see cref="GraphOptions.MaxRetryWaitSeconds"/> of waiting in total: a refusal asking
/// for longer comes straight back as an <see cref="ODataError"/>. When every retry is refused Kiota throws an
/// <see cref="AggregateException"/> of the refusals. Every other answer throws <see cref="ODataError"/>; all are
/// logged here and rethrown, never swallowed.
/// </para>
/// </summary>
public sealed class GraphNotifier(IOptions<GraphOptions> options, IGraphEndpoint endpoint, ILogger<GraphNotifier> logger) : INotifier, IDisposable
{
    /// <summary>Graph accepts custom internet message headers only when their name starts with "x-".</summary>
    public const string MessageIdHeader = "x-evaluation-message-id";

    /// <summary>The activity type the Teams app's manifest declares for "your ballot is ready" .</summary>
    public const string BallotReadyActivityType = "ballotReady";

    /// <summary>
    /// The template parameter that carries <see cref="ActivityNotification.MessageId"/>. Not the topic (its value is the
    /// text people see) and not chainId (a number: the id would not survive); a template parameter is data the feed
    /// keeps with the activity and shows only where the manifest's template text names it.
    /// </summary>
    public const string MessageIdParameter = "messageId";

    /// <summary>The topic shown with the activity in the Teams feed.</summary>
    public const string ActivityTopic = "Đánh giá, xếp loại cơ quan, đơn vị";

    private readonly GraphOptions _options = options.Value;
    private readonly SemaphoreSlim _clientGate = new(1, 1);
    private HttpClient? _httpClient;
    private volatile GraphServiceClient? _client;

    public async Task SendMailAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.To);
        var sender = _options.SenderMailbox!.Trim();
        var body = new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = message.Subject,
                Body = new ItemBody { ContentType = BodyType.Html, Content = message.HtmlBody },
                ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = message.To } }],
                InternetMessageHeaders = [new InternetMessageHeader { Name = MessageIdHeader, Value = message.MessageId }],
            },
            SaveToSentItems = false,
        };

        var client = await ClientAsync(cancellationToken);
        await SendAsync("mail", message.To, message.MessageId,
            () => client.Users[sender].SendMail.PostAsync(body, cancellationToken: cancellationToken));
    }

    public async Task SendActivityNotificationAsync(ActivityNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentException.ThrowIfNullOrWhiteSpace(notification.To);
        var body = new SendActivityNotificationPostRequestBody
        {
            Topic = new TeamworkActivityTopic { Source = TeamworkActivityTopicSource.Text, Value = ActivityTopic, WebUrl = notification.WebUrl },
            ActivityType = BallotReadyActivityType,
            PreviewText = new ItemBody { Content = notification.Preview },
            TemplateParameters = [new GraphKeyValuePair { Name = MessageIdParameter, Value = notification.MessageId }],
            TeamsAppId = string.IsNullOrWhiteSpace(_options.TeamsAppId) ? null : _options.TeamsAppId,
        };

        var client = await ClientAsync(cancellationToken);
        await SendAsync("teams", notification.To, notification.MessageId,
            () => client.Users[notification.To].Teamwork.SendActivityNotification.PostAsync(body, cancellationToken: cancellationToken));
    }

    public void Dispose()
    {
        _httpClient?.Dispose();
        _clientGate.Dispose();
    }

    private async Task SendAsync(string kind, string recipient, string messageId, Func<Task> send)
    {
        try
        {
            await send();
            logger.LogInformation("Graph accepted {Kind} {MessageId} for {Recipient}", kind, messageId, recipient);
        }
        catch (ODataError ex)
        {
            logger.LogError(ex, "Graph refused {Kind} {MessageId} for {Recipient}: {Status} {ErrorCode} {ErrorMessage}",
                kind, messageId, recipient, ex.ResponseStatusCode, ex.Error?.Code, ex.Error?.Message);
            throw;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.OfType<ApiException>().Any())
        {
            logger.LogError(ex, "Graph still refused {Kind} {MessageId} for {Recipient} after {Retries} retries: {Statuses}",
                kind, messageId, recipient, _options.MaxRetries, ex.InnerExceptions.OfType<ApiException>().Select(e => e.ResponseStatusCode).ToArray());
            throw;
        }
    }

    /// <summary>Built at the first send (the local recorder's address is known only then) and kept for the process.</summary>
    private async Task<GraphServiceClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { } ready)
        {
            return ready;
        }

        await _clientGate.WaitAsync(cancellationToken);
        try
        {
            if (_client is null)
            {
                var baseUrl = await endpoint.BaseUrlAsync(cancellationToken);
                _httpClient = CreateHttpClient();
                _client = new GraphServiceClient(_httpClient, Authentication(baseUrl), baseUrl);
                logger.LogInformation("Notifications go to {GraphBaseUrl} ({Authentication})", baseUrl, _options.LocalRecorder ? "no token: local recorder" : "Entra ID token");
            }

            return _client;
        }
        finally
        {
            _clientGate.Release();
        }
    }

    private HttpClient CreateHttpClient()
    {
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        var retry = handlers.Single(handler => handler is RetryHandler);
        handlers[handlers.IndexOf(retry)] = new RetryHandler(new RetryHandlerOption
        {
            MaxRetry = _options.MaxRetries,
            RetriesTimeLimit = TimeSpan.FromSeconds(_options.MaxRetryWaitSeconds),
            ShouldRetry = (_, _, response) => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable,
        });
        var client = GraphClientFactory.Create(handlers);
        // The whole call, waits between retries included.
        client.Timeout = TimeSpan.FromSeconds(_options.MaxRetryWaitSeconds + 100);
        return client;
    }

    private IAuthenticationProvider Authentication(string baseUrl)
    {
        if (_options.LocalRecorder)
        {
            return new AnonymousAuthenticationProvider();
        }

        TokenCredential credential = string.IsNullOrWhiteSpace(_options.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(_options.ManagedIdentityClientId));
        // App-only: the ".default" scope of the Graph host the requests go to (national clouds have their own).
        var host = new Uri(baseUrl).Host;
        return new AzureIdentityAuthenticationProvider(credential, [host], null, true, $"https://{host}/.default");
    }
}
