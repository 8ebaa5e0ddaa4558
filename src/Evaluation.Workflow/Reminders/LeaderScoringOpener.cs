using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Leaders;
using Evaluation.Infrastructure.Notifications;
using Evaluation.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace Evaluation.Workflow.Reminders;

/// <summary>
/// Opens leader scoring: each leader gets a personal link — signed, bound to the leader and the year,
/// expiring when leader scoring closes — as a Teams activity-feed notification and by e-mail, each at most once.
/// </summary>
public sealed class LeaderScoringOpener(
    YearStore years, PersonStore people, LeaderLinks links, IPageLinks pages, INotifier notifier, NotificationLedger ledger, ReminderSender mail,
    ILogger<LeaderScoringOpener> logger)
{
    public async Task<int> OpenAsync(LeaderScoringOpening opening, CancellationToken cancellationToken = default)
    {
        var year = (await years.GetAsync(opening.Year, cancellationToken))?.Value ?? throw new InvalidOperationException($"Year {opening.Year} does not exist.");
        if (opening.At < year.Setup.Calendar.AppraisalRound2Due)
        {
            // Opened before the close of round 2 (by the working group or because every unit was appraised): the ballot accepts scores from now.
            await years.MarkLeaderScoringOpenedAsync(opening.Year, opening.At, cancellationToken);
            year = (await years.GetAsync(opening.Year, cancellationToken))!.Value;
        }

        var closes = year.LeaderScoringCloses;
        if (opening.At >= closes)
        {
            // The cycle reached this point after the ballot closed (a late run or an outage): a link would only be refused.
            logger.LogWarning("Year {Year}: leader scoring closed at {Closes} before it could be opened; no links sent", opening.Year, closes);
            return 0;
        }

        var leaders = (await people.ListAsync(cancellationToken)).Where(person => person.Role == Role.Leader).ToList();
        var preview = $"Phiếu chấm điểm đánh giá, xếp loại năm {opening.Year}: hạn {Domain.Calendar.ProvinceTime.FormatDeadline(closes)}";
        var tokens = new List<(Person Leader, string Token)>();
        foreach (var leader in leaders)
        {
            tokens.Add((leader, await links.CreateTokenAsync(opening.Year, leader.Email, closes, cancellationToken)));
        }

        // Every e-mail first: a Teams refusal (the app not installed yet) must not hold back anyone's e-mailed link.
        foreach (var (leader, token) in tokens)
        {
            var item = new WorkItem(OwnerKind.Leader, leader.Email, leader.Name, [
                $"Đồng chí chấm điểm từng cơ quan, đơn vị từ 0 đến 4 điểm (mục VI, Phụ lục 2) trước {Domain.Calendar.ProvinceTime.FormatDeadline(closes)}.",
                "Đường liên kết dưới đây dành riêng cho đồng chí; không chuyển tiếp cho người khác."]);
            var body = ReminderSender.Body(leader.Name, $"Hội đồng thẩm định đã hoàn thành thẩm định năm {opening.Year}; mời đồng chí chấm điểm.", [item], pages.LeaderBallot(opening.Year, token));
            await mail.SendMailOnceAsync(opening.Year, $"ballot|mail|{leader.Email}", leader.Email, $"Mời chấm điểm đánh giá, xếp loại năm {opening.Year}", body, cancellationToken);
        }

        foreach (var (leader, token) in tokens)
        {
            await ledger.SendOnceAsync(
                opening.Year, $"ballot|teams|{leader.Email}", "teams", leader.Email, preview,
                messageId => notifier.SendActivityNotificationAsync(
                    new ActivityNotification(leader.Email, pages.LeaderBallotInTeams(opening.Year, token), preview, messageId), cancellationToken),
                cancellationToken);
        }

        logger.LogInformation("Year {Year}: leader scoring open until {Closes}; links sent to {Count} leaders", opening.Year, closes, leaders.Count);
        return leaders.Count;
    }
}
