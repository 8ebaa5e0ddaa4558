using Evaluation.Domain.Calendar;

namespace Evaluation.Workflow;

/// <summary>Deterministic instance ids: starting a year twice finds the same instances (idempotent start).</summary>
public static class WorkflowIds
{
    public static string Year(int year) => $"year-{year:D4}";

    public static string Unit(int year, string unitId) => $"year-{year:D4}-unit-{unitId}";
}

/// <summary>External events the orchestrations listen for.</summary>
public static class WorkflowEvents
{
    /// <summary>The working group moved a deadline; the payload is the whole new <see cref="YearCalendar"/>.</summary>
    public const string CalendarChanged = "CalendarChanged";
}

/// <summary>Input of the province's yearly orchestration.</summary>
public sealed record YearCycleInput(int Year, YearCalendar Calendar);

/// <summary>Input of one unit's yearly orchestration.</summary>
public sealed record UnitCycleInput(int Year, string UnitId, YearCalendar Calendar);

/// <summary>A phase a unit entered, and when.</summary>
public sealed record UnitPhaseChange(int Year, string UnitId, EvaluationPhase Phase, DateTimeOffset Since);

/// <summary>A phase the year entered, and when.</summary>
public sealed record YearPhaseChange(int Year, EvaluationPhase Phase, DateTimeOffset Since);
