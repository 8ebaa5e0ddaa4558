using System.Net;
using System.Text;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Leaders;
using Evaluation.Infrastructure.Notifications;
using Evaluation.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace Evaluation.Workflow.Reminders;

/// <summary>What a reminder or escalation run did.</summary>
public sealed record ReminderRun(int Owners, int Sent, int AlreadySent);

/// <summary>
/// Sends the reminders before a deadline and the escalations after it, in Vietnamese, one e-mail per person:
/// what is still missing and a link to where to do it. Every message goes through the <see cref="NotificationLedger"/>,
/// so a person gets each (step, lead time) reminder and each step's escalation at most once, however often the
/// activity is retried or the host restarts.
/// </summary>
public sealed class ReminderSender(
    OutstandingWork work, PersonStore people, UnitStore units, LeaderLinks links, IPageLinks pages, INotifier notifier, NotificationLedger ledger,
    ILogger<ReminderSender> logger)
{
    /// <summary>Messages in flight at once: Graph allows a mailbox a few concurrent requests.</summary>
    private const int SendParallelism = 4;

    public async Task<ReminderRun> RemindAsync(StepReminder reminder, CancellationToken cancellationToken = default)
    {
        var items = await work.ForStepAsync(reminder.Year, reminder.Step, cancellationToken);
        var directory = await people.ListAsync(cancellationToken);
        var lead = ReminderSchedule.Vietnamese(reminder.Lead);
        var stepName = StepName(reminder.Step);
        var subject = $"Nhắc hạn: {stepName} — còn {lead}, hạn {ProvinceTime.FormatDeadline(reminder.Due)}";

        // One message per person, even when they owe work for several units or agencies.
        var perPerson = items
            .SelectMany(item => OutstandingWork.Owners(item, reminder.Step, directory).Select(person => (Person: person, Item: item)))
            .GroupBy(pair => pair.Person.Email, StringComparer.OrdinalIgnoreCase);
        var (sent, skipped) = await SendEachAsync(perPerson, async group =>
        {
            var person = group.First().Person;
            var link = await LinkAsync(reminder.Year, group.First().Item, reminder.Due, cancellationToken);
            var body = Body(person.Name, $"Còn {lead} đến {ProvinceTime.FormatDeadline(reminder.Due)} là hết hạn {stepName.ToLowerInvariant()}. Việc còn lại:", group.Select(pair => pair.Item), link);
            var key = $"remind|{EvaluationPhaseNames.ApiName(reminder.Step)}|{ReminderSchedule.Iso(reminder.Lead)}|{person.Email}";
            return await SendMailOnceAsync(reminder.Year, key, person.Email, subject, body, cancellationToken);
        }, cancellationToken);

        logger.LogInformation(
            "Year {Year} {Step} reminder {Lead} before {Due}: {Owners} owners of open work, {Sent} sent, {Skipped} already sent",
            reminder.Year, reminder.Step, reminder.Lead, reminder.Due, items.Count, sent, skipped);
        return new ReminderRun(items.Count, sent, skipped);
    }

    /// <summary>
    /// The deadline passed with work open: once per step, the head of each unit concerned (for an agency, the head of
    /// its own unit) and every working-group member get an e-mail naming what is overdue.
    /// </summary>
    public async Task<ReminderRun> EscalateAsync(StepDeadline deadline, CancellationToken cancellationToken = default)
    {
        if (deadline.Step == EvaluationPhase.Explanation)
        {
            return new ReminderRun(0, 0, 0); // explaining is the unit's right, not a duty: nothing is overdue
        }

        var items = await work.ForStepAsync(deadline.Year, deadline.Step, cancellationToken);
        if (items.Count == 0)
        {
            return new ReminderRun(0, 0, 0);
        }

        var directory = await people.ListAsync(cancellationToken);
        var unitList = await units.ListAsync(deadline.Year, cancellationToken);
        var stepName = StepName(deadline.Step);
        var subject = $"Quá hạn: {stepName} (hạn {ProvinceTime.FormatDeadline(deadline.Due)})";
        var intro = $"Đã hết hạn {stepName.ToLowerInvariant()} lúc {ProvinceTime.FormatDeadline(deadline.Due)}, nhưng còn việc chưa hoàn thành:";
        var recipients = items
            .SelectMany(item => OutstandingWork.Heads(item, directory, unitList).Select(person => (Person: person, Items: (IEnumerable<WorkItem>)[item])))
            .Concat(directory.Where(person => person.Role == Role.WorkingGroup).Select(person => (Person: person, Items: (IEnumerable<WorkItem>)items)))
            .GroupBy(pair => pair.Person.Email, StringComparer.OrdinalIgnoreCase);
        var (sent, skipped) = await SendEachAsync(recipients, async group =>
        {
            var person = group.First().Person;
            var owned = group.SelectMany(pair => pair.Items).Distinct().ToList();

            // The working group follows up on its dashboard; a head goes where the work is.
            var link = person.Role == Role.WorkingGroup ? pages.Dashboard(deadline.Year) : await LinkAsync(deadline.Year, owned[0], deadline.Due, cancellationToken);
            var body = Body(person.Name, intro, owned, link);
            var key = $"overdue|{EvaluationPhaseNames.ApiName(deadline.Step)}|{person.Email}";
            return await SendMailOnceAsync(deadline.Year, key, person.Email, subject, body, cancellationToken);
        }, cancellationToken);

        logger.LogInformation("Year {Year} {Step} deadline passed: {Owners} owners overdue, {Sent} escalations sent, {Skipped} already sent",
            deadline.Year, deadline.Step, items.Count, sent, skipped);
        return new ReminderRun(items.Count, sent, skipped);
    }

    /// <summary>Sends to several people at once (each through the ledger); one at a time, 40 mails took up to 15 s on a busy machine.</summary>
    private static async Task<(int Sent, int Skipped)> SendEachAsync<T>(IEnumerable<T> recipients, Func<T, Task<bool>> send, CancellationToken cancellationToken)
    {
        var sent = 0;
        var skipped = 0;
        await Parallel.ForEachAsync(recipients, new ParallelOptions { MaxDegreeOfParallelism = SendParallelism, CancellationToken = cancellationToken }, async (recipient, _) =>
        {
            if (await send(recipient))
            {
                Interlocked.Increment(ref sent);
            }
            else
            {
                Interlocked.Increment(ref skipped);
            }
        });
        return (sent, skipped);
    }

    public Task<bool> SendMailOnceAsync(int year, string key, string to, string subject, string body, CancellationToken cancellationToken) =>
        ledger.SendOnceAsync(year, key, "mail", to, subject, messageId => notifier.SendMailAsync(new MailMessage(to, subject, body, messageId), cancellationToken), cancellationToken);

    /// <summary>The body every message shares: greeting, what it is about, the open work, the link, who sent it.</summary>
    public static string Body(string name, string intro, IEnumerable<WorkItem> items, string link)
    {
        var html = new StringBuilder();
        html.Append("<p>Kính gửi ").Append(WebUtility.HtmlEncode(name)).Append(",</p>");
        html.Append("<p>").Append(WebUtility.HtmlEncode(intro)).Append("</p><ul>");
        foreach (var item in items)
        {
            html.Append("<li><strong>").Append(WebUtility.HtmlEncode(item.OwnerName)).Append("</strong><ul>");
            foreach (var line in item.Lines)
            {
                html.Append("<li>").Append(WebUtility.HtmlEncode(line)).Append("</li>");
            }

            html.Append("</ul></li>");
        }

        html.Append("</ul><p><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\">Mở hệ thống đánh giá</a></p>");
        html.Append("<p style=\"color:#666\">Thư tự động của Hệ thống đánh giá, xếp loại cơ quan, đơn vị tỉnh Phú Thọ (Quyết định 2419/QĐ-UBND). Vui lòng không trả lời thư này.</p>");
        return html.ToString();
    }

    public static string StepName(EvaluationPhase step) => step switch
    {
        EvaluationPhase.SelfAssessment => "Tự đánh giá, chấm điểm",
        EvaluationPhase.AppraisalRound1 => "Thẩm định lần 1",
        EvaluationPhase.Explanation => "Giải trình, bổ sung tài liệu",
        EvaluationPhase.AppraisalRound2 => "Thẩm định lần 2",
        EvaluationPhase.LeaderScoring => "Chấm điểm của Lãnh đạo UBND tỉnh",
        _ => EvaluationPhaseNames.Vietnamese(step),
    };

    private async Task<string> LinkAsync(int year, WorkItem item, DateTimeOffset due, CancellationToken cancellationToken) => item.Kind switch
    {
        OwnerKind.Unit => pages.Assessment(year, item.OwnerId),
        OwnerKind.Agency => pages.Appraisal(year),
        _ => pages.LeaderBallot(year, await links.CreateTokenAsync(year, item.OwnerId, due, cancellationToken)),
    };
}
