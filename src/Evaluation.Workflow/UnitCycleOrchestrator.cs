using Evaluation.Domain.Calendar;
using Microsoft.DurableTask;

namespace Evaluation.Workflow;

/// <summary>
/// One unit's annual cycle: self-assessment → appraisal round 1 → explanation window → round 2 → leader scoring →
/// ranking, each phase ended by its deadline on a durable timer, the phase recorded in Table storage.
/// Later capabilities hang their steps (locking, reminders, early completion) on this loop.
/// </summary>
public sealed class UnitCycleOrchestrator : TaskOrchestrator<UnitCycleInput, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, UnitCycleInput input)
    {
        var outcome = await CalendarFollower.FollowAsync(context, input.Calendar, (phase, since) =>
            context.CallActivityAsync(nameof(RecordUnitPhaseActivity), new UnitPhaseChange(input.Year, input.UnitId, phase, since), WorkflowRetry.Storage));
        if (outcome.ChangedCalendar is { } calendar)
        {
            context.ContinueAsNew(input with { Calendar = calendar });
        }

        return EvaluationPhaseNames.ApiName(outcome.Phase);
    }
}
