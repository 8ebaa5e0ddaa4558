using System.Net.Mail;

namespace Evaluation.Infrastructure.Notifications;

/// <summary>
/// How <see cref="GraphNotifier"/> reaches Microsoft Graph, from the "Graph" section. In Azure only
/// <see cref="SenderMailbox"/> is needed (the app's managed identity gets the token). The local host sets
/// <see cref="LocalRecorder"/> and leaves <see cref="BaseUrl"/> empty: requests then go, without a token, to its own
/// recording endpoint.
/// </summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>Graph's root including the version; empty: <see cref="DefaultBaseUrl"/>, or the local host's own recorder.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The mailbox the e-mails are sent from (<c>users/{sender}/sendMail</c>, Mail.Send application permission).</summary>
    public string? SenderMailbox { get; set; }

    /// <summary>A user-assigned managed identity's client id; empty: <c>DefaultAzureCredential</c>.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// The Teams app's id in the organisation's app catalogue (teams/manifest.json uploaded in the Teams admin centre):
    /// the leaders' notifications deep-link to its ballot tab, and it is sent with them. Empty: the notification links to
    /// the ballot page itself, which only the local recorder accepts (Graph wants a Teams address).
    /// </summary>
    public string? TeamsAppId { get; set; }

    /// <summary>Send to a recording endpoint (the local host's outbox) without a token, never to Microsoft Graph.</summary>
    public bool LocalRecorder { get; set; }

    /// <summary>How often a request refused with 429 or 503 is sent again (0–10; Kiota's RetryHandler allows at most 10).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The most one call waits in total for Retry-After before it gives up and throws (1–180 s): a refusal asking to
    /// wait longer is not waited for, so a reminder run never hangs on a throttled mailbox.
    /// </summary>
    public int MaxRetryWaitSeconds { get; set; } = 60;

    /// <summary>Every problem with these settings, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems(bool hostHasRecorder)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(SenderMailbox) || !MailAddress.TryCreate(SenderMailbox.Trim(), out _))
        {
            problems.Add($"{SectionName}:SenderMailbox must be the e-mail address of the mailbox reminders are sent from (got '{SenderMailbox}').");
        }

        if (!string.IsNullOrWhiteSpace(BaseUrl)
            && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            problems.Add($"{SectionName}:BaseUrl must be an absolute http(s) URL such as {DefaultBaseUrl} (got '{BaseUrl}').");
        }

        if (LocalRecorder && string.IsNullOrWhiteSpace(BaseUrl) && !hostHasRecorder)
        {
            problems.Add($"{SectionName}:LocalRecorder is on without {SectionName}:BaseUrl, but this host has no recording endpoint " +
                         "(only the local host in Development has one): set BaseUrl, or turn LocalRecorder off to send through Microsoft Graph.");
        }

        if (!string.IsNullOrWhiteSpace(ManagedIdentityClientId) && !Guid.TryParse(ManagedIdentityClientId, out _))
        {
            problems.Add($"{SectionName}:ManagedIdentityClientId must be a client id (a GUID) or empty (got '{ManagedIdentityClientId}').");
        }

        if (!string.IsNullOrWhiteSpace(TeamsAppId) && !Guid.TryParse(TeamsAppId, out _))
        {
            problems.Add($"{SectionName}:TeamsAppId must be the Teams app's id in the app catalogue (a GUID) or empty (got '{TeamsAppId}').");
        }

        if (MaxRetries is < 0 or > 10)
        {
            problems.Add($"{SectionName}:MaxRetries must be between 0 and 10 (got {MaxRetries}).");
        }

        if (MaxRetryWaitSeconds is < 1 or > 180)
        {
            problems.Add($"{SectionName}:MaxRetryWaitSeconds must be between 1 and 180 (got {MaxRetryWaitSeconds}).");
        }

        return problems;
    }
}

/// <summary>
/// Where Graph requests go. Resolved at the first send, not at start: the local host's recorder is on the host's own
/// port, known only once Kestrel listens (tests bind port 0).
/// </summary>
public interface IGraphEndpoint
{
    /// <summary>Graph's root including the version, e.g. https://graph.microsoft.com/v1.0.</summary>
    Task<string> BaseUrlAsync(CancellationToken cancellationToken);
}

/// <summary>The Functions app's endpoint: the configured URL or Microsoft Graph itself.</summary>
public sealed class ConfiguredGraphEndpoint(Microsoft.Extensions.Options.IOptions<GraphOptions> options) : IGraphEndpoint
{
    public Task<string> BaseUrlAsync(CancellationToken cancellationToken) =>
        Task.FromResult(string.IsNullOrWhiteSpace(options.Value.BaseUrl) ? GraphOptions.DefaultBaseUrl : options.Value.BaseUrl.TrimEnd('/'));
}

/// <summary>
/// Whether this host serves a recording Graph endpoint of its own (the local host in Development), for the check of
/// <see cref="GraphOptions.LocalRecorder"/> at start. Apart from <see cref="IGraphEndpoint"/>, which needs the options.
/// </summary>
public sealed record OwnGraphRecorder(bool Exists);
