using Evaluation.Domain.Calendar;
using Microsoft.DurableTask;

namespace Evaluation.Workflow;

/// <summary>
/// The province's yearly orchestration: follows the same calendar and records the year's phase. Waiting for all
/// units, opening leader scoring, the ranking activity and publication hang on it in later capabilities.
/// </summary>
public sealed class YearCycleOrchestrator : TaskOrchestrator<YearCycleInput, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, YearCycleInput input)
    {
        var outcome = await CalendarFollower.FollowAsync(context, input.Calendar, (phase, since) =>
            context.CallActivityAsync(nameof(RecordYearPhaseActivity), new YearPhaseChange(input.Year, phase, since), WorkflowRetry.Storage));
        if (outcome.ChangedCalendar is { } calendar)
        {
            context.ContinueAsNew(input with { Calendar = calendar });
        }

        return EvaluationPhaseNames.ApiName(outcome.Phase);
    }
}
