using System.Globalization;
using System.Text.Json;
using Evaluation.Domain.Common;
using Evaluation.Infrastructure.Notifications;
using Evaluation.Web.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Evaluation.LocalHost.Development;

/// <summary>
/// The local recording Graph endpoint (ARCHITECTURE.md "Notifications"): the two Graph calls <see cref="GraphNotifier"/>
/// makes, answered as Graph answers them (202 for sendMail, 204 for sendActivityNotification, Graph's error body
/// otherwise), each accepted request kept as one row of the outbox (<see cref="OutboxStore"/>, shown by
/// <see cref="OutboxPage"/>). Test faults (<see cref="GraphRecorderFaults"/>) are armed at <see cref="FaultsPath"/>.
/// Local host only, Development only, and left out of the host contract (<see cref="DevelopmentSignIn.LocalOnlyTag"/>).
/// </summary>
public static class GraphRecorder
{
    /// <summary>What the notifier uses as Graph's base URL here (see <see cref="GraphRecorderEndpoint"/>).</summary>
    public const string GraphRoot = "/dev/graph/v1.0";

    public const string SendMailPath = GraphRoot + "/users/{user}/sendMail";

    public const string ActivityNotificationPath = GraphRoot + "/users/{user}/teamwork/sendActivityNotification";

    public const string FaultsPath = "/dev/graph/faults";

    /// <summary>Graph's own limit for a request body; a message Graph would refuse for its size is refused here too.</summary>
    private const long MaxGraphBody = 4 * 1024 * 1024;

    private static readonly string[] FaultFields = ["status", "count", "retryAfterSeconds", "to"];

    /// <summary>The outbox, the faults, and Graph's address pointed at this host when Graph:BaseUrl is not set.</summary>
    public static IServiceCollection AddGraphRecorder(this IServiceCollection services)
    {
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<GraphRecorderFaults>();
        services.Replace(ServiceDescriptor.Singleton<IGraphEndpoint, GraphRecorderEndpoint>());
        // Mapped in Development only, like the development sign-in (see MapGraphRecorder).
        services.Replace(ServiceDescriptor.Singleton(provider => new OwnGraphRecorder(provider.GetRequiredService<IHostEnvironment>().IsDevelopment())));
        return services;
    }

    public static void MapGraphRecorder(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        app.MapPost(SendMailPath, SendMailAsync).WithTags(DevelopmentSignIn.LocalOnlyTag);
        app.MapPost(ActivityNotificationPath, SendActivityNotificationAsync).WithTags(DevelopmentSignIn.LocalOnlyTag);
        app.MapPost(FaultsPath, (HttpContext http, [FromServices] EndpointRunner runner, [FromServices] GraphRecorderFaults faults) =>
            runner.RunAsync(http, async () => ApiResults.Json(faults.Arm(await ReadFaultAsync(http)))))
            .WithTags(DevelopmentSignIn.LocalOnlyTag);
        app.MapGet(FaultsPath, ([FromServices] GraphRecorderFaults faults) => ApiResults.Json(faults.State())).WithTags(DevelopmentSignIn.LocalOnlyTag);
        app.MapDelete(FaultsPath, ([FromServices] GraphRecorderFaults faults) => ApiResults.Json(faults.Clear())).WithTags(DevelopmentSignIn.LocalOnlyTag);
        app.MapOutboxPage();
    }

    private static async Task<IResult> SendMailAsync(
        HttpContext http, string user, [FromServices] OutboxStore outbox, [FromServices] GraphRecorderFaults faults, [FromServices] ILogger<OutboxStore> logger)
    {
        using var document = await ReadGraphJsonAsync(http);
        if (document is null)
        {
            return GraphError(http, 400, "ErrorInvalidRequest", "The request body is missing, too large or not JSON.");
        }

        var message = Object(document.RootElement, "message");
        if (message.ValueKind != JsonValueKind.Object)
        {
            return GraphError(http, 400, "ErrorInvalidRequest", "The request has no message.");
        }

        var recipients = Array(message, "toRecipients").Select(r => Text(Object(r, "emailAddress"), "address")).OfType<string>().ToList();
        if (recipients.Count == 0)
        {
            return GraphError(http, 400, "ErrorInvalidRecipients", "At least one recipient is required.");
        }

        var headers = Array(message, "internetMessageHeaders").Select(h => (Name: Text(h, "name") ?? string.Empty, Value: Text(h, "value"))).ToList();
        if (headers.Exists(h => !h.Name.StartsWith("x-", StringComparison.OrdinalIgnoreCase)))
        {
            return GraphError(http, 400, "InvalidInternetMessageHeader", "The internet message header name should start with 'x-' or 'X-'.");
        }

        var to = string.Join(", ", recipients);
        if (Refusal(http, faults, to) is { } refusal)
        {
            return refusal;
        }

        var body = Object(message, "body");
        var content = Text(body, "content");
        // A text body is shown as text, never as markup.
        var html = string.Equals(Text(body, "contentType"), "text", StringComparison.OrdinalIgnoreCase) && content is not null
            ? "<pre>" + System.Net.WebUtility.HtmlEncode(content) + "</pre>"
            : content;
        var messageId = headers.Find(h => string.Equals(h.Name, GraphNotifier.MessageIdHeader, StringComparison.OrdinalIgnoreCase)).Value;
        var recorded = await outbox.AddAsync(
            new OutboxMessage(OutboxKinds.Mail, to, user, Text(message, "subject"), null, html, null, messageId, null, Attempt(http)),
            http.RequestAborted);
        logger.LogInformation("Outbox recorded {Kind} {MessageId} to {Recipient} (attempt {Attempt})", recorded.Kind, recorded.MessageId, recorded.To, recorded.Attempt);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> SendActivityNotificationAsync(
        HttpContext http, string user, [FromServices] OutboxStore outbox, [FromServices] GraphRecorderFaults faults, [FromServices] ILogger<OutboxStore> logger)
    {
        using var document = await ReadGraphJsonAsync(http);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return GraphError(http, 400, "BadRequest", "The request body is missing, too large or not JSON.");
        }

        var root = document.RootElement;
        var topic = Object(root, "topic");
        var activityType = Text(root, "activityType");
        if (string.IsNullOrWhiteSpace(activityType) || topic.ValueKind != JsonValueKind.Object)
        {
            return GraphError(http, 400, "BadRequest", "activityType and topic are required.");
        }

        var webUrl = Text(topic, "webUrl");
        if (string.Equals(Text(topic, "source"), "text", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(webUrl))
        {
            return GraphError(http, 400, "BadRequest", "A topic of source 'text' needs a webUrl.");
        }

        if (Refusal(http, faults, user) is { } refusal)
        {
            return refusal;
        }

        var messageId = Array(root, "templateParameters")
            .Where(p => string.Equals(Text(p, "name"), GraphNotifier.MessageIdParameter, StringComparison.Ordinal))
            .Select(p => Text(p, "value"))
            .FirstOrDefault();
        var recorded = await outbox.AddAsync(
            new OutboxMessage(OutboxKinds.Teams, user, null, Text(topic, "value"), Text(Object(root, "previewText"), "content"), null, webUrl, messageId, activityType, Attempt(http)),
            http.RequestAborted);
        logger.LogInformation("Outbox recorded {Kind} {MessageId} to {Recipient} (attempt {Attempt})", recorded.Kind, recorded.MessageId, recorded.To, recorded.Attempt);
        return Results.StatusCode(StatusCodes.Status204NoContent);
    }

    /// <summary>The armed fault's answer for this request, or null to record it.</summary>
    private static IResult? Refusal(HttpContext http, GraphRecorderFaults faults, string recipient)
    {
        if (faults.Take(recipient) is not { } fault)
        {
            return null;
        }

        if (fault.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var code = fault.Status switch
        {
            429 => "TooManyRequests",
            503 => "ServiceNotAvailable",
            400 => "ErrorInvalidRequest",
            _ => "generalException",
        };
        return GraphError(http, fault.Status, code, $"Refused by a fault armed at {FaultsPath}.");
    }

    /// <summary>Graph's error body, which the SDK turns into an ODataError with this code and message.</summary>
    private static IResult GraphError(HttpContext http, int status, string code, string message)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new { error = new { code, message, innerError = new { date = DateTimeOffset.UtcNow, requestId = http.TraceIdentifier } } }, statusCode: status);
    }

    /// <summary>The body as JSON within Graph's size limit; null when it is not (answered as Graph's 400).</summary>
    private static async Task<JsonDocument?> ReadGraphJsonAsync(HttpContext http)
    {
        try
        {
            return await RequestReader.ReadJsonAsync(http.Request, MaxGraphBody);
        }
        catch (ProblemException)
        {
            return null;
        }
    }

    /// <summary>Kiota numbers its retries in the Retry-Attempt header; the first try has none.</summary>
    private static int Attempt(HttpContext http) =>
        int.TryParse(http.Request.Headers["Retry-Attempt"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) ? attempt : 0;

    private static JsonElement Object(JsonElement parent, string name) =>
        Property(parent, name) is { ValueKind: JsonValueKind.Object } value ? value : default;

    private static JsonElement[] Array(JsonElement parent, string name) =>
        Property(parent, name) is { ValueKind: JsonValueKind.Array } value ? [.. value.EnumerateArray()] : [];

    private static string? Text(JsonElement parent, string name) =>
        Property(parent, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>
    /// Graph reads names without regard to case, and the SDK relies on it: sendMail's parameters go out as "Message"
    /// and "SaveToSentItems" (the action's metadata), everything else in camelCase.
    /// </summary>
    private static JsonElement Property(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        if (parent.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        return parent.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    private static async Task<GraphFault> ReadFaultAsync(HttpContext http)
    {
        using var document = await RequestReader.ReadJsonAsync(http.Request, RequestReader.SmallBody);
        var errors = new ValidationErrors();
        var fields = new BodyFields(document.RootElement, errors, FaultFields);
        var status = Whole(document.RootElement, "status", "Mã trạng thái", 400, 599, errors, required: true);
        var count = Whole(document.RootElement, "count", "Số lần", 1, 100, errors, required: false) ?? 1;
        var retryAfter = Whole(document.RootElement, "retryAfterSeconds", "Số giây chờ (Retry-After)", 0, 3600, errors, required: false);
        var to = fields.OptionalText("to", "Người nhận", OutboxStore.MaxTextChars);
        if (!errors.IsEmpty)
        {
            throw ProblemException.Invalid(errors.ToDictionary());
        }

        return new GraphFault(status!.Value, count, retryAfter, to);
    }

    private static int? Whole(JsonElement root, string name, string label, int min, int max, ValidationErrors errors, bool required)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(name, $"{label} không được để trống.");
            }

            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return number;
        }

        errors.Add(name, $"{label} phải là số nguyên từ {min} đến {max}.");
        return null;
    }
}
