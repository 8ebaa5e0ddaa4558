namespace Evaluation.Web.Endpoints;

/// <summary>
/// One decision as shown to people (R-3.5: who, which agency, round, score, reason, when), with what it was made on
/// (<c>BasisSelfScore</c>, <c>BasisEvidence</c>: the SHA-256 of each file). <c>NeedsReview</c>: the unit changed the
/// self-score or the evidence after it was made (in the explanation window).
/// </summary>
public sealed record DecisionDto(
    int Round,
    string Decision,
    string DecisionName,
    decimal Score,
    string Reason,
    bool ExplainedDirectly,
    string By,
    string AgencyId,
    string AgencyName,
    DateTimeOffset At,
    int Revision,
    bool NeedsReview,
    string? ETag,
    decimal? BasisSelfScore = null,
    IReadOnlyList<string>? BasisEvidence = null);

/// <summary>
/// The council's view of one criterion of a unit, on the form and in the queue. Rounds the caller may not yet see
/// are null. <c>Status</c>: <c>pending</c> (no round-1 decision), <c>agreed</c>, <c>questioned</c> (awaiting round
/// 2), <c>final</c>. <c>EditableInWindow</c>: the unit may still explain and add evidence here.
/// </summary>
public sealed record CriterionAppraisalDto(
    string? AgencyId,
    string? AgencyName,
    string? AssignmentProblem,
    DecisionDto? Round1,
    DecisionDto? Round2,
    decimal? AppraisedScore,
    bool Questioned,
    bool NeedsReview,
    string Status,
    bool EditableInWindow);

/// <summary>The council's result on the form: what the caller may see of it, per section and in total.</summary>
public sealed record AppraisalSummaryDto(
    string Stage,
    string StageName,
    bool Round1Visible,
    bool FinalVisible,
    DateTimeOffset Round1Due,
    string Round1DueText,
    DateTimeOffset ExplanationDue,
    string ExplanationDueText,
    DateTimeOffset Round2Due,
    string Round2DueText,
    bool ExplanationWindowOpen,
    int QuestionedCount,
    IReadOnlyList<SectionAppraisalDto> Sections,
    IReadOnlyList<PenaltyDto> Penalties,
    decimal PenaltyTotal,
    decimal? AppraisedTotal);

/// <summary>A section's appraised total (round 1 until the final result is visible) and how many of its leaves have a decision.</summary>
public sealed record SectionAppraisalDto(string Code, decimal AppraisedTotal, int DecidedCount, int LeafCount);

/// <summary>A section VII item for one unit: its maximum, who records it, the current deduction (if any).</summary>
public sealed record PenaltyDto(
    string Code,
    string Title,
    decimal MaxScore,
    string? AgencyId,
    string? AgencyName,
    decimal Points,
    string? Reason,
    string? Source,
    string? SourceName,
    string? Evidence,
    string? By,
    DateTimeOffset? At,
    int Revision);

/// <summary><c>GET/PUT …/penalties</c>: a unit's section VII, with every change ever recorded .</summary>
public sealed record UnitPenaltiesDto(
    int Year, string UnitId, string UnitName, bool Editable, string? LockReason, IReadOnlyList<PenaltyDto> Items, decimal Total, IReadOnlyList<PenaltyDto> History);

/// <summary>One criterion of one unit in an appraiser's queue, with everything needed to decide on it.</summary>
public sealed record QueueItemDto(
    string UnitId,
    string UnitName,
    string UnitType,
    string Section,
    string Code,
    string Title,
    decimal MaxScore,
    IReadOnlyList<decimal>? AllowedScores,
    decimal? SelfScore,
    decimal CountedScore,
    string Explanation,
    bool Classified,
    IReadOnlyList<string> ZeroReasons,
    IReadOnlyList<EvidenceDto> Evidence,
    CriterionAppraisalDto Appraisal,
    int? OpenRound,
    string? Refusal);

/// <summary>Progress of the council's work: overall, per unit, per appraiser.</summary>
public sealed record QueueProgressDto(
    int Total,
    int Round1Decided,
    int Questioned,
    int Round2Decided,
    int NeedsReview,
    IReadOnlyList<UnitProgressRowDto> Units,
    IReadOnlyList<AppraiserProgressDto> Appraisers);

public sealed record UnitProgressRowDto(string UnitId, string UnitName, int Total, int Round1Decided, int Questioned, int Round2Decided, int NeedsReview);

/// <summary><c>CriteriaDecided</c>: criteria (per round) whose current decision is this appraiser's.</summary>
public sealed record AppraiserProgressDto(string Email, string Name, string AgencyId, int CriteriaDecided);

/// <summary>A unit not yet in the queue (self-assessment still open) or a criterion nobody may appraise yet.</summary>
public sealed record WaitingUnitDto(string UnitId, string UnitName, string Reason);

public sealed record UnassignedDto(string UnitId, string UnitName, string Code, string Problem);

/// <summary><c>GET /api/years/{year}/appraisal/queue</c>.</summary>
public sealed record AppraisalQueueDto(
    int Year,
    string? AgencyId,
    string? AgencyName,
    string Stage,
    string StageName,
    int? OpenRound,
    string Round1DueText,
    string ExplanationDueText,
    string Round2DueText,
    IReadOnlyList<QueueItemDto> Items,
    QueueProgressDto Progress,
    IReadOnlyList<WaitingUnitDto> WaitingUnits,
    IReadOnlyList<UnassignedDto> Unassigned,
    IReadOnlyList<UnitChoiceDto> Units);

public sealed record UnitChoiceDto(string UnitId, string UnitName);

/// <summary><c>GET /api/years/{year}/council</c>: members with their appraisers, assignments per index set, conflicts of interest.</summary>
public sealed record CouncilDto(
    int Year,
    IReadOnlyList<CouncilMemberDto> Members,
    IReadOnlyList<IndexSetAssignmentsDto> IndexSets,
    IReadOnlyList<ConflictDto> Conflicts,
    string? FinalReleasedAt);

public sealed record CouncilMemberDto(string AgencyId, string Name, IReadOnlyList<CouncilPersonDto> Appraisers, int CriteriaCount);

public sealed record CouncilPersonDto(string Email, string Name);

public sealed record IndexSetAssignmentsDto(string IndexSet, string Title, IReadOnlyList<AssignmentRowDto> Criteria);

/// <summary>A criterion's agency: from the catalogue file, and as the working group changed it.</summary>
public sealed record AssignmentRowDto(string Code, string Title, string Section, int Depth, bool IsLeaf, string? FileAgency, string? Agency, bool Changed, string? Problem);

/// <summary>A council agency that is itself an evaluated unit, and who appraises that unit in its place.</summary>
public sealed record ConflictDto(string UnitId, string UnitName, string AgencyId, string? SubstituteAgencyId, string? SubstituteName, int CriteriaAffected);

/// <summary>The full history of one criterion: the unit's changes and the council's decisions, each a row never rewritten.</summary>
public sealed record AppraisalHistoryDto(IReadOnlyList<DecisionDto> Decisions, IReadOnlyList<PenaltyDto> Penalties);
