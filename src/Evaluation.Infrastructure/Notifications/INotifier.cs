namespace Evaluation.Infrastructure.Notifications;

/// <summary>
/// An e-mail to one person. <see cref="MessageId"/> is deterministic for what the message is about (e.g. person, step
/// and lead time), so a send repeated after a crash carries the same id and can be recognised as the same message.
/// </summary>
public sealed record MailMessage(string To, string Subject, string HtmlBody, string MessageId);

/// <summary>
/// A Microsoft Teams activity-feed notification to one person (Graph <c>sendActivityNotification</c>, app-only),
/// pointing at <see cref="WebUrl"/>. <see cref="MessageId"/> as for <see cref="MailMessage"/>.
/// </summary>
public sealed record ActivityNotification(string To, string WebUrl, string Preview, string MessageId);

/// <summary>
/// How the system reaches people (ARCHITECTURE.md "Notifications"): one interface, a Microsoft Graph implementation.
/// Locally and in tests the same Graph SDK calls go to a recording HTTP endpoint, never silently nowhere.
/// A call that returns has been accepted by Graph; transient refusals (429, 503) are retried inside, honouring
/// Retry-After; anything else throws.
/// </summary>
public interface INotifier
{
    Task SendMailAsync(MailMessage message, CancellationToken cancellationToken = default);

    Task SendActivityNotificationAsync(ActivityNotification notification, CancellationToken cancellationToken = default);
}
