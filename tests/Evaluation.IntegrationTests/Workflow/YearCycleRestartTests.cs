using Evaluation.IntegrationTests.Infrastructure;
using static Evaluation.IntegrationTests.Workflow.YearCycleJourney;

namespace Evaluation.IntegrationTests.Workflow;

/// <summary>
/// Issue 5's restart test: the local host stops in the middle of a cycle — after a reminder went out, before the
/// deadline it was about — and a new host starts on the same storage while that deadline passes. The cycle finishes
/// on the new host, and nobody gets any message twice.
/// </summary>
public sealed class YearCycleRestartTests(RestartableHostFixture host) : IClassFixture<RestartableHostFixture>
{
    [Fact]
    [Trait("Requirement", "R-7.2")]
    [Trait("Requirement", "R-7.1")]
    public async Task A_cycle_interrupted_by_a_restart_finishes_and_sends_nothing_twice()
    {
        var journey = new YearCycleJourney(host, AppraisalCalendar.Year);
        await journey.SetUpAsync("PT5S");
        await journey.SelfAssessAndSubmitAsync(UnitA);
        var dues = await journey.CompressCalendarAsync(14, 22, 28, 36, 46, 70);

        // The self-assessment reminder reaches C's head; the host goes down before the deadline and stays down past it.
        await Eventually.ReturnsAsync(
            () => journey.OutboxAsync(Head(UnitC)),
            messages => messages.Any(message => message.Subject!.StartsWith("Nhắc hạn: Tự đánh giá", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "the self-assessment reminder to the head of C");
        Assert.True(DateTimeOffset.UtcNow < dues[0], "the host should stop before the self-assessment deadline");
        await host.RestartAsync(whileDown: async () =>
        {
            // Waiting for a point in time, not for a service: the deadline must pass while nothing runs.
            var wait = dues[0].AddSeconds(2) - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        });

        // The new host carries the cycle on: the missed deadline is processed, every later step follows, ranking runs.
        // Generous: messages the old host held come back when their visibility timeout (20 s here) lapses.
        await journey.WaitForYearPhaseAsync("ranking", TimeSpan.FromSeconds(180));
        var all = await journey.OutboxAsync();
        Assert.Single(all, message => message.To == Head(UnitC) && message.Subject!.StartsWith("Nhắc hạn: Tự đánh giá", StringComparison.Ordinal));
        Assert.Single(all, message => message.To == Head(UnitC) && message.Subject!.StartsWith("Quá hạn: Tự đánh giá", StringComparison.Ordinal));
        Assert.Single(all, message => message.To == WorkingGroup && message.Subject!.StartsWith("Quá hạn: Tự đánh giá", StringComparison.Ordinal));
        Assert.Single(all, message => message.To == Leader1 && message.Kind == Evaluation.Infrastructure.Notifications.OutboxKinds.Teams);
        var repeated = all.GroupBy(message => (message.Kind, message.To, message.Subject, message.Preview)).Where(same => same.Count() > 1).Select(same => same.Key).ToList();
        Assert.Empty(repeated);
    }
}

/// <summary>
/// A local host whose Durable messages come back 20 s after a host that held them stopped (the backend's default is
/// 5 minutes, the same after a crash in Azure), so the restart test waits seconds, not minutes.
/// </summary>
public sealed class RestartableHostFixture : LocalHostFixture
{
    protected override IEnumerable<string> ExtraArguments => ["--Durable:QueueVisibilityTimeout", "00:00:20"];
}
