using Evaluation.Domain.Calendar;
using Microsoft.DurableTask;

namespace Evaluation.Workflow;

/// <summary>How following the calendar ended: all deadlines passed, or the working group changed the calendar.</summary>
public sealed record FollowOutcome(EvaluationPhase Phase, YearCalendar? ChangedCalendar);

/// <summary>
/// The loop both yearly orchestrations share: record the phase the calendar gives for now, then sleep on a durable
/// timer until the next deadline. If the working group changes the calendar first, the timer is cancelled
/// and the caller continues as new on the new dates, so history stays small however often dates move.
/// Deterministic: time comes only from the context.
/// </summary>
public static class CalendarFollower
{
    public static async Task<FollowOutcome> FollowAsync(
        TaskOrchestrationContext context,
        YearCalendar calendar,
        Func<EvaluationPhase, DateTimeOffset, Task> recordPhase)
    {
        EvaluationPhase? recorded = null;
        var passedDeadline = DateTimeOffset.MinValue;
        var deadlines = calendar.PhaseDeadlines().Count;

        // Each pass either ends at a deadline (so the next pass is past it) or returns: at most one pass per deadline.
        for (var pass = 0; pass <= deadlines; pass++)
        {
            // A fired timer means its deadline has passed, even if the replay clock reads a hair earlier.
            var now = Max(new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero), passedDeadline);
            var phase = calendar.PhaseAt(now);
            if (phase != recorded)
            {
                await recordPhase(phase, now);
                recorded = phase;
            }

            var next = calendar.NextPhaseChangeAfter(now);
            if (next is null)
            {
                return new FollowOutcome(phase, null);
            }

            using var cancel = new CancellationTokenSource();
            var deadline = context.CreateTimer(next.Value.UtcDateTime, cancel.Token);
            var calendarChange = context.WaitForExternalEvent<YearCalendar>(WorkflowEvents.CalendarChanged, cancel.Token);
            var first = await Task.WhenAny(deadline, calendarChange);

            // Whichever lost is cancelled: a pending timer must not keep the orchestration alive or fire later.
            // Synchronous on purpose: CancelAsync would resume on a thread-pool thread, outside the orchestration's
            // single-threaded scheduler, and the orchestrator would never continue.
#pragma warning disable CA1849 // Call async methods when in an async method
            cancel.Cancel();
#pragma warning restore CA1849
            if (first == calendarChange)
            {
                return new FollowOutcome(phase, await calendarChange);
            }

            passedDeadline = next.Value;
        }

        return new FollowOutcome(calendar.PhaseAt(passedDeadline), null);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
