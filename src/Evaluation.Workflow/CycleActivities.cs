using Evaluation.Domain.Calendar;
using Evaluation.Infrastructure.Storage;
using Evaluation.Workflow.Ranking;
using Evaluation.Workflow.Reminders;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Evaluation.Workflow;

// The activities of the yearly cycle. Each is idempotent, so the declared retry policies (WorkflowRetry) may run
// it again after a failure or a host restart without doing anything twice.

/// <summary>Writes a unit's phase to Table storage; a retry writes the same values again.</summary>
public sealed class RecordUnitPhaseActivity(UnitStore units, ILogger<RecordUnitPhaseActivity> logger) : TaskActivity<UnitPhaseChange, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, UnitPhaseChange input)
    {
        // Publication is final: a unit's timer that fires late must not move a published unit back to "ranking".
        // The write is conditional on the row read; if it changed meanwhile, the retry policy reads it again.
        var current = await units.GetAsync(input.Year, input.UnitId);
        if (current?.Value.Phase == EvaluationPhase.Published)
        {
            logger.LogInformation("Unit {UnitId} of {Year} is published; phase {Phase} not recorded", input.UnitId, input.Year, input.Phase);
            return false;
        }

        await units.SetPhaseAsync(input.Year, input.UnitId, input.Phase, input.Since, ifMatch: current?.ETag);
        logger.LogInformation("Unit {UnitId} of {Year} entered phase {Phase}", input.UnitId, input.Year, input.Phase);
        return true;
    }
}

/// <summary>Writes the year's phase to Table storage.</summary>
public sealed class RecordYearPhaseActivity(YearStore years, ILogger<RecordYearPhaseActivity> logger) : TaskActivity<YearPhaseChange, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, YearPhaseChange input)
    {
        await years.SetPhaseAsync(input.Year, input.Phase, input.Since);
        logger.LogInformation("Year {Year} entered phase {Phase}", input.Year, input.Phase);
        return true;
    }
}

/// <summary>Records that a unit's people finished a step before its deadline.</summary>
public sealed class RecordUnitStepDoneActivity(UnitStore units, ILogger<RecordUnitStepDoneActivity> logger) : TaskActivity<UnitStepCompletion, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, UnitStepCompletion input)
    {
        await units.MarkStepDoneAsync(input.Year, input.UnitId, input.Step, input.At);
        logger.LogInformation("Unit {UnitId} of {Year} finished {Step} early", input.UnitId, input.Year, input.Step);
        return true;
    }
}

/// <summary>The year's units, those already appraised and the working group's acts, from storage (see <see cref="CycleProgress"/>).</summary>
public sealed class ReadYearProgressActivity(CycleProgress progress) : TaskActivity<int, YearProgress>
{
    public override Task<YearProgress> RunAsync(TaskActivityContext context, int input) => progress.OfYearAsync(input);
}

/// <summary>What a unit's people have finished, from storage (see <see cref="CycleProgress"/>).</summary>
public sealed class ReadUnitProgressActivity(CycleProgress progress) : TaskActivity<UnitRef, UnitProgress>
{
    public override Task<UnitProgress> RunAsync(TaskActivityContext context, UnitRef input) => progress.OfUnitAsync(input.Year, input.UnitId);
}

/// <summary>Reminds everyone with open work on a step .</summary>
public sealed class SendRemindersActivity(ReminderSender sender) : TaskActivity<StepReminder, ReminderRun>
{
    public override Task<ReminderRun> RunAsync(TaskActivityContext context, StepReminder input) => sender.RemindAsync(input);
}

/// <summary>Escalates what is overdue when a step's deadline passed .</summary>
public sealed class EscalateOverdueActivity(ReminderSender sender) : TaskActivity<StepDeadline, ReminderRun>
{
    public override Task<ReminderRun> RunAsync(TaskActivityContext context, StepDeadline input) => sender.EscalateAsync(input);
}

/// <summary>Opens leader scoring and sends the leaders their personal links .</summary>
public sealed class OpenLeaderScoringActivity(LeaderScoringOpener opener) : TaskActivity<LeaderScoringOpening, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, LeaderScoringOpening input) => opener.OpenAsync(input);
}

/// <summary>Ranks the year from the stored scores .</summary>
public sealed class RankYearActivity(YearRanking ranking) : TaskActivity<int, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, int input) => await ranking.RankAsync(input) is not null;
}

/// <summary>Records publication as the phase of the year and of every unit .</summary>
public sealed class RecordPublishedActivity(YearStore years, UnitStore units, ILogger<RecordPublishedActivity> logger) : TaskActivity<YearPhaseChange, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, YearPhaseChange input)
    {
        await years.SetPhaseAsync(input.Year, EvaluationPhase.Published, input.Since);
        foreach (var unit in await units.ListAsync(input.Year))
        {
            await units.SetPhaseAsync(input.Year, unit.Unit.UnitId, EvaluationPhase.Published, input.Since);
        }

        logger.LogInformation("Year {Year} published at {At}", input.Year, input.Since);
        return true;
    }
}
