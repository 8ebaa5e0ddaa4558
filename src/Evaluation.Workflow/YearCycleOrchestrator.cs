using Evaluation.Domain.Calendar;
using Microsoft.DurableTask;

namespace Evaluation.Workflow;

/// <summary>
/// The province's yearly orchestration. Through self-assessment, round 1, the explanation window and round 2 it
/// reminds everyone who still has work before each deadline and escalates what is overdue at the deadline.
/// Round 2 ends at its deadline, when every unit's orchestration reported its appraisal finished, or when the
/// working group opens leader scoring. It then sends the leaders their links, waits for leader scoring to
/// close (deadline or the working group), runs the ranking activity and waits for publication.
/// Calendar changes continue it as new with its progress. Deterministic: time only from the context.
/// </summary>
public sealed class YearCycleOrchestrator : TaskOrchestrator<YearCycleInput, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, YearCycleInput input) =>
        new YearCycle(context, input).RunAsync();

    /// <summary>Re-rankings before one execution starts afresh (keeps the history short).</summary>
    private const int MaxReruns = 20;

    private enum StepEnd
    {
        DeadlinePassed,
        EndedEarly,
        CalendarChanged,
    }

    /// <summary>One run (one execution between continue-as-new) of the yearly orchestration.</summary>
    private sealed class YearCycle(TaskOrchestrationContext context, YearCycleInput input)
    {
        private readonly OrchestrationWaits _waits = new(context);
        private readonly HashSet<string> _appraised = new(input.State?.AppraisedUnits ?? [], StringComparer.Ordinal);
        private YearCycleState _state = input.State ?? YearCycleState.Initial;
        private YearTimetable? _changed;
        private int _unitCount;

        private YearCalendar Calendar => input.Timetable.Calendar;

        public async Task<string> RunAsync()
        {
            // Each execution starts from what storage says: events that came before it may not have been carried over.
            var progress = await context.CallActivityAsync<YearProgress>(nameof(ReadYearProgressActivity), input.Year, WorkflowRetry.Storage);
            _unitCount = progress.UnitIds.Count;
            _appraised.UnionWith(progress.AppraisedUnits);
            if (progress.LeaderScoringClosedEarly && _state.LeaderScoringOpened)
            {
                _state = _state with { LeaderScoringClosed = true };
            }

            var openEarly = progress.LeaderScoringOpenedEarly;

            if (!_state.LeaderScoringOpened)
            {
                foreach (var (step, due) in Calendar.PhaseDeadlines().Where(pair => pair.Phase != EvaluationPhase.LeaderScoring && !openEarly))
                {
                    if (_waits.Now < due)
                    {
                        await RecordAsync(step);
                        var end = await FollowStepAsync(step, due);
                        if (end == StepEnd.CalendarChanged)
                        {
                            return ContinueAsNew(step);
                        }

                        if (end == StepEnd.EndedEarly)
                        {
                            break;
                        }
                    }

                    // Also a deadline that passed while an activity ran late or the host was down: it still escalates, once.
                    await EscalateAsync(step, due);
                }

                await context.CallActivityAsync(nameof(OpenLeaderScoringActivity), new LeaderScoringOpening(input.Year, _waits.Now), WorkflowRetry.Notifications);
                _state = _state with { LeaderScoringOpened = true };
            }

            if (!_state.LeaderScoringClosed)
            {
                await RecordAsync(EvaluationPhase.LeaderScoring);
                if (_waits.Now < Calendar.LeaderScoringDue)
                {
                    var end = await FollowStepAsync(EvaluationPhase.LeaderScoring, Calendar.LeaderScoringDue);
                    if (end == StepEnd.CalendarChanged)
                    {
                        return ContinueAsNew(EvaluationPhase.LeaderScoring);
                    }

                    if (end == StepEnd.EndedEarly)
                    {
                        _state = _state with { Escalated = [.. Escalated, EvaluationPhase.LeaderScoring] }; // closed by the working group: nothing is overdue
                    }
                }

                await EscalateAsync(EvaluationPhase.LeaderScoring, Calendar.LeaderScoringDue);

                _state = _state with { LeaderScoringClosed = true };
            }

            if (!_state.Ranked)
            {
                await context.CallActivityAsync(nameof(RankYearActivity), input.Year, WorkflowRetry.Storage);
                _state = _state with { Ranked = true };
            }

            await RecordAsync(EvaluationPhase.Ranking);

            // Publication is the working group's act after reviewing the flags; the endpoint freezes the year
            // and tells this orchestration, which records the phase for the year and every unit. Until then the
            // working group may have the ranking computed again after a correction.
            for (var rerun = 0; rerun < MaxReruns && progress.PublishedAt is null; rerun++)
            {
                var published = _waits.Event<DateTimeOffset>(WorkflowEvents.Published);
                var again = _waits.Event<bool>(WorkflowEvents.RankAgain);
                if (await Task.WhenAny(published, again) == published)
                {
                    return await RecordPublishedAsync(await _waits.TakeAsync<DateTimeOffset>(WorkflowEvents.Published));
                }

                await _waits.TakeAsync<bool>(WorkflowEvents.RankAgain);
                await context.CallActivityAsync(nameof(RankYearActivity), input.Year, WorkflowRetry.Storage);
            }

            if (progress.PublishedAt is { } at)
            {
                return await RecordPublishedAsync(at); // published while this orchestration was between executions
            }

            _changed = input.Timetable; // many re-runs: start afresh with a short history
            return ContinueAsNew(EvaluationPhase.Ranking);
        }

        private async Task<string> RecordPublishedAsync(DateTimeOffset at)
        {
            await context.CallActivityAsync(nameof(RecordPublishedActivity), new YearPhaseChange(input.Year, EvaluationPhase.Published, at), WorkflowRetry.Storage);
            return EvaluationPhaseNames.ApiName(EvaluationPhase.Published);
        }

        /// <summary>
        /// Sleeps until the step's deadline, waking for each reminder lead time on the way, and returns early on a
        /// calendar change or the events that end the step early (round 2: every unit appraised, or the working group
        /// opened leader scoring; leader scoring: the working group closed it).
        /// </summary>
        private async Task<StepEnd> FollowStepAsync(EvaluationPhase step, DateTimeOffset due)
        {
            var reminders = input.Timetable.Reminders.Before(due, _waits.Now);
            var next = 0;

            // Every pass consumes a reminder or an event; the bound keeps history finite if events keep coming.
            var maxPasses = reminders.Count + (2 * _unitCount) + 8;
            for (var pass = 0; pass < maxPasses; pass++)
            {
                if (step == EvaluationPhase.AppraisalRound2 && _unitCount > 0 && _appraised.Count >= _unitCount)
                {
                    return StepEnd.EndedEarly;
                }

                var calendarChange = _waits.Event<YearTimetable>(WorkflowEvents.CalendarChanged);
                List<Task> others = [calendarChange];
                if (step == EvaluationPhase.AppraisalRound2)
                {
                    others.Add(_waits.Event<string>(WorkflowEvents.UnitAppraised));
                    others.Add(_waits.Event<bool>(WorkflowEvents.OpenLeaderScoring));
                }
                else if (step == EvaluationPhase.LeaderScoring)
                {
                    others.Add(_waits.Event<bool>(WorkflowEvents.CloseLeaderScoring));
                }
                else if (step < EvaluationPhase.AppraisalRound2)
                {
                    // The working group may open leader scoring before round 2 begins; the rest of the cycle is skipped.
                    others.Add(_waits.Event<bool>(WorkflowEvents.OpenLeaderScoring));
                }

                var fireAt = next < reminders.Count ? reminders[next].At : due;
                var winner = await _waits.TimerOrAsync(fireAt, others);
                if (winner == calendarChange)
                {
                    _changed = await _waits.TakeAsync<YearTimetable>(WorkflowEvents.CalendarChanged);
                    return StepEnd.CalendarChanged;
                }

                if (!others.Contains(winner))
                {
                    if (next >= reminders.Count)
                    {
                        return StepEnd.DeadlinePassed;
                    }

                    await context.CallActivityAsync(nameof(SendRemindersActivity), new StepReminder(input.Year, step, due, reminders[next].Lead), WorkflowRetry.Notifications);
                    next++;
                    continue;
                }

                if (step == EvaluationPhase.AppraisalRound2 && winner == others[1])
                {
                    _appraised.Add(await _waits.TakeAsync<string>(WorkflowEvents.UnitAppraised));
                    continue;
                }

                // The working group opened or closed leader scoring.
                await _waits.TakeAsync<bool>(step == EvaluationPhase.LeaderScoring ? WorkflowEvents.CloseLeaderScoring : WorkflowEvents.OpenLeaderScoring);
                return StepEnd.EndedEarly;
            }

            _changed = input.Timetable; // start afresh with a short history, the same dates and the progress so far
            return StepEnd.CalendarChanged;
        }

        private IReadOnlyList<EvaluationPhase> Escalated => _state.Escalated ?? [];

        private async Task EscalateAsync(EvaluationPhase step, DateTimeOffset due)
        {
            if (Escalated.Contains(step))
            {
                return;
            }

            await context.CallActivityAsync(nameof(EscalateOverdueActivity), new StepDeadline(input.Year, step, due), WorkflowRetry.Notifications);
            _state = _state with { Escalated = [.. Escalated, step] };
        }

        private async Task RecordAsync(EvaluationPhase phase)
        {
            if (_state.RecordedPhase != phase)
            {
                await context.CallActivityAsync(nameof(RecordYearPhaseActivity), new YearPhaseChange(input.Year, phase, _waits.Now), WorkflowRetry.Storage);
                _state = _state with { RecordedPhase = phase };
            }
        }

        private string ContinueAsNew(EvaluationPhase step)
        {
            var state = _state with { AppraisedUnits = _appraised.Order(StringComparer.Ordinal).ToList() };
            context.ContinueAsNew(new YearCycleInput(input.Year, _changed!, state), preserveUnprocessedEvents: true);
            return EvaluationPhaseNames.ApiName(step);
        }
    }
}
