using Evaluation.Domain.Calendar;
using Microsoft.DurableTask;

namespace Evaluation.Workflow;

/// <summary>
/// One unit's annual cycle: self-assessment → appraisal round 1 → explanation window → round 2 → leader scoring →
/// ranking. Each step ends at its deadline (a durable timer) or when the people finish early (an external event
/// raced against the timer): submission ends self-assessment at once and starts round 1; a finished
/// round is recorded and, for round 2, reported to the province's orchestration. A calendar change re-arms the
/// timers by continuing as new with the new dates. Deterministic: time comes only from the context.
/// </summary>
public sealed class UnitCycleOrchestrator : TaskOrchestrator<UnitCycleInput, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, UnitCycleInput input)
    {
        var waits = new OrchestrationWaits(context);
        var completed = new List<EvaluationPhase>(input.Completed ?? []);
        var recorded = input.RecordedPhase;
        if (recorded is not null)
        {
            // A continued execution: completion events raised before it may not have been carried over.
            var stored = await context.CallActivityAsync<UnitProgress>(nameof(ReadUnitProgressActivity), new UnitRef(input.Year, input.UnitId), WorkflowRetry.Storage);
            completed.AddRange(stored.Completed.Except(completed));
        }

        var reported = false;

        foreach (var (step, due) in input.Calendar.PhaseDeadlines())
        {
            // A submitted unit is in round 1 even if a calendar change restarted this orchestration before the deadline.
            if (waits.Now >= due || (step == EvaluationPhase.SelfAssessment && completed.Contains(step)))
            {
                continue;
            }

            recorded = await RecordAsync(context, input, step, recorded, waits.Now);
            if (step == EvaluationPhase.AppraisalRound2 && completed.Contains(step) && !reported)
            {
                // Finished before this execution reached round 2: report it now (the year counts each unit once).
                context.SendEvent(WorkflowIds.Year(input.Year), WorkflowEvents.UnitAppraised, input.UnitId);
                reported = true;
            }

            while (true)
            {
                var completion = CompletionEvent(step) is { } name && !completed.Contains(step) ? waits.Event<bool>(name) : null;
                var calendarChange = waits.Event<YearTimetable>(WorkflowEvents.CalendarChanged);
                var winner = await waits.TimerOrAsync(due, completion is null ? [calendarChange] : [calendarChange, completion]);
                if (winner == calendarChange)
                {
                    var timetable = await waits.TakeAsync<YearTimetable>(WorkflowEvents.CalendarChanged);
                    context.ContinueAsNew(input with { Calendar = timetable.Calendar, Completed = completed, RecordedPhase = recorded }, preserveUnprocessedEvents: true);
                    return EvaluationPhaseNames.ApiName(step);
                }

                if (winner != completion)
                {
                    break; // the deadline passed
                }

                await waits.TakeAsync<bool>(CompletionEvent(step)!);
                completed.Add(step);
                await context.CallActivityAsync(
                    nameof(RecordUnitStepDoneActivity), new UnitStepCompletion(input.Year, input.UnitId, step, waits.Now), WorkflowRetry.Storage);
                if (step == EvaluationPhase.AppraisalRound2)
                {
                    context.SendEvent(WorkflowIds.Year(input.Year), WorkflowEvents.UnitAppraised, input.UnitId);
                    reported = true;
                }

                if (step == EvaluationPhase.SelfAssessment)
                {
                    break; // submission starts round 1 for this unit now, not at the deadline
                }
            }
        }

        await RecordAsync(context, input, EvaluationPhase.Ranking, recorded, waits.Now);
        return EvaluationPhaseNames.ApiName(EvaluationPhase.Ranking);
    }

    private static string? CompletionEvent(EvaluationPhase step) => step switch
    {
        EvaluationPhase.SelfAssessment => WorkflowEvents.SelfAssessmentSubmitted,
        EvaluationPhase.AppraisalRound1 => WorkflowEvents.Round1Completed,
        EvaluationPhase.AppraisalRound2 => WorkflowEvents.Round2Completed,
        _ => null,
    };

    /// <summary>Records the unit's phase unless it is already the recorded one (a continue-as-new must not move "since").</summary>
    private static async Task<EvaluationPhase> RecordAsync(
        TaskOrchestrationContext context, UnitCycleInput input, EvaluationPhase phase, EvaluationPhase? recorded, DateTimeOffset now)
    {
        if (phase != recorded)
        {
            await context.CallActivityAsync(nameof(RecordUnitPhaseActivity), new UnitPhaseChange(input.Year, input.UnitId, phase, now), WorkflowRetry.Storage);
        }

        return phase;
    }
}
