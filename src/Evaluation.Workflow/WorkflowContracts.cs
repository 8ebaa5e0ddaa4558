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
    /// <summary>The working group moved a deadline or the reminder lead times; payload <see cref="YearTimetable"/>.</summary>
    public const string CalendarChanged = "CalendarChanged";

    /// <summary>To a unit: its head submitted the self-assessment, so the step ends early and round 1 starts.</summary>
    public const string SelfAssessmentSubmitted = "SelfAssessmentSubmitted";

    /// <summary>To a unit: every criterion has a round-1 decision.</summary>
    public const string Round1Completed = "Round1Completed";

    /// <summary>To a unit: every questioned criterion has a round-2 decision (or none was questioned).</summary>
    public const string Round2Completed = "Round2Completed";

    /// <summary>To the year, from a unit's orchestration: that unit's appraisal is finished; payload the unit id.</summary>
    public const string UnitAppraised = "UnitAppraised";

    /// <summary>To the year: the working group opened leader scoring before the close of round 2 .</summary>
    public const string OpenLeaderScoring = "OpenLeaderScoring";

    /// <summary>To the year: the working group closed leader scoring before its deadline.</summary>
    public const string CloseLeaderScoring = "CloseLeaderScoring";

    /// <summary>To the year, before publication: the working group asks for the ranking activity to run again (after a correction).</summary>
    public const string RankAgain = "RankAgain";

    /// <summary>To the year: the working group published the results; payload the instant.</summary>
    public const string Published = "Published";
}

/// <summary>The dates the orchestrations follow: the calendar and the reminder lead times.</summary>
public sealed record YearTimetable(YearCalendar Calendar, ReminderSchedule Reminders);

/// <summary>Input of the province's yearly orchestration; <paramref name="State"/> carries progress across continue-as-new.</summary>
public sealed record YearCycleInput(int Year, YearTimetable Timetable, YearCycleState? State = null);

/// <summary>What the province's orchestration has done so far (it survives calendar changes).</summary>
public sealed record YearCycleState(
    IReadOnlyList<string> AppraisedUnits,
    bool LeaderScoringOpened,
    bool LeaderScoringClosed,
    bool Ranked,
    EvaluationPhase? RecordedPhase,
    IReadOnlyList<EvaluationPhase>? Escalated = null)
{
    public static YearCycleState Initial { get; } = new([], false, false, false, null, []);
}

/// <summary>Input of one unit's yearly orchestration; completed steps and the recorded phase survive calendar changes.</summary>
public sealed record UnitCycleInput(
    int Year,
    string UnitId,
    YearCalendar Calendar,
    IReadOnlyList<EvaluationPhase>? Completed = null,
    EvaluationPhase? RecordedPhase = null);

/// <summary>One unit of one year.</summary>
public sealed record UnitRef(int Year, string UnitId);

/// <summary>A phase a unit entered, and when.</summary>
public sealed record UnitPhaseChange(int Year, string UnitId, EvaluationPhase Phase, DateTimeOffset Since);

/// <summary>A phase the year entered, and when.</summary>
public sealed record YearPhaseChange(int Year, EvaluationPhase Phase, DateTimeOffset Since);

/// <summary>A unit finished a step before its deadline.</summary>
public sealed record UnitStepCompletion(int Year, string UnitId, EvaluationPhase Step, DateTimeOffset At);

/// <summary>Remind everyone with work left on <paramref name="Step"/>, due at <paramref name="Due"/>, <paramref name="Lead"/> before it.</summary>
public sealed record StepReminder(int Year, EvaluationPhase Step, DateTimeOffset Due, TimeSpan Lead);

/// <summary>The deadline of <paramref name="Step"/> passed: escalate what is overdue, once.</summary>
public sealed record StepDeadline(int Year, EvaluationPhase Step, DateTimeOffset Due);

/// <summary>Open leader scoring at <paramref name="At"/> (early when before the close of round 2) and send the leaders their links.</summary>
public sealed record LeaderScoringOpening(int Year, DateTimeOffset At);
