namespace Evaluation.Web.Endpoints;

/// <summary>
/// The working group's dashboard of a year (<c>GET /api/years/{year}/dashboard</c>): where the year stands (phase,
/// calendar, the next deadline and the time left), totals, the council's progress per agency and one row per unit.
/// Times are in the province's time; <c>Now</c> is the server's clock, so a page counts down from the server's time,
/// not the visitor's.
/// </summary>
public sealed record DashboardDto(
    int Year,
    string Phase,
    string PhaseName,
    DateTimeOffset? StartedAt,
    DateTimeOffset Now,
    IReadOnlyList<DashboardDeadlineDto> Calendar,
    DashboardDeadlineDto? NextDeadline,
    IReadOnlyList<DashboardUnitTypeDto> UnitTypes,
    DashboardTotalsDto Totals,
    IReadOnlyList<AgencyProgressDto> Agencies,
    IReadOnlyList<DashboardUnitDto> Units);

/// <summary>One deadline of the calendar. <c>SecondsLeft</c> is 0 once it has passed; <c>Note</c> says when the working group moved the step on.</summary>
public sealed record DashboardDeadlineDto(string Field, string Label, DateTimeOffset Due, string DueText, bool Passed, long SecondsLeft, string? Note = null);

public sealed record DashboardUnitTypeDto(string Code, string Name, int UnitCount);

/// <summary>How many of <c>Items</c> the council has decided (round 1: every appraised leaf; round 2: the questioned ones).</summary>
public sealed record RoundProgressDto(int Decided, int Items);

/// <summary>
/// Work past its deadline: <c>selfAssessment</c> (the unit has not submitted), <c>appraisalRound1</c> or
/// <c>appraisalRound2</c> (criteria without a decision, per agency; no agency: nobody is assigned).
/// </summary>
public sealed record OverdueDto(string Step, string? AgencyId, string? AgencyName, int Count, DateTimeOffset Due, string Text);

/// <summary>
/// One unit: its phase (recorded by its orchestration), self-assessment progress (leaves of sections I–IV scored,
/// files, submission), the council's progress and what is overdue. <c>Problem</c>: why there are no figures (no index
/// set loaded for its type).
/// </summary>
public sealed record DashboardUnitDto(
    string UnitId,
    string Name,
    string Type,
    string? TypeName,
    string Phase,
    string PhaseName,
    DateTimeOffset? PhaseSince,
    int LeafCount,
    int FilledCount,
    decimal FilledPercent,
    int EvidenceCount,
    DateTimeOffset? SubmittedAt,
    RoundProgressDto Round1,
    RoundProgressDto Round2,
    int UnassignedCount,
    int OverdueCount,
    IReadOnlyList<OverdueDto> Overdue,
    string AssessmentPage,
    string? Problem = null);

public sealed record DashboardTotalsDto(
    int UnitCount,
    int SubmittedCount,
    int LeafCount,
    int FilledCount,
    decimal FilledPercent,
    int EvidenceCount,
    RoundProgressDto Round1,
    RoundProgressDto Round2,
    int UnitsWithOverdue,
    int OverdueCount);

/// <summary>One council agency's work across the units, with the criteria it has left past each round's deadline.</summary>
public sealed record AgencyProgressDto(string AgencyId, string Name, RoundProgressDto Round1, RoundProgressDto Round2, int Round1Overdue, int Round2Overdue);
