using Evaluation.Infrastructure.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Evaluation.Workflow;

/// <summary>Writes a unit's phase to Table storage. Idempotent: a retry writes the same values again.</summary>
public sealed class RecordUnitPhaseActivity(UnitStore units, ILogger<RecordUnitPhaseActivity> logger) : TaskActivity<UnitPhaseChange, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, UnitPhaseChange input)
    {
        await units.SetPhaseAsync(input.Year, input.UnitId, input.Phase, input.Since);
        logger.LogInformation("Unit {UnitId} of {Year} entered phase {Phase}", input.UnitId, input.Year, input.Phase);
        return true;
    }
}

/// <summary>Writes the year's phase to Table storage. Idempotent.</summary>
public sealed class RecordYearPhaseActivity(YearStore years, ILogger<RecordYearPhaseActivity> logger) : TaskActivity<YearPhaseChange, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, YearPhaseChange input)
    {
        await years.SetPhaseAsync(input.Year, input.Phase, input.Since);
        logger.LogInformation("Year {Year} entered phase {Phase}", input.Year, input.Phase);
        return true;
    }
}
