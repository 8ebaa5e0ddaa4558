using Evaluation.Domain.Survey;
namespace Evaluation.Web.Endpoints;

/// <summary>
/// <c>GET /api/years/{year}/units/{unitId}/result</c> (R-8.2, journey 9): one unit's ranked result with the council's
/// reasons and why it ranks where it does. <c>Criteria</c> are the criteria the council scored below the unit's own
/// score or asked evidence for; <c>Penalties</c> the deductions actually made.
/// </summary>
public sealed record UnitResultDto(
    int Year,
    bool Published,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? ComputedAt,
    string Publication,
    string UnitId,
    string Name,
    string Type,
    string TypeName,
    int Rank,
    int UnitCount,
    int ExcellentCap,
    decimal Total,
    string Class,
    string ClassName,
    bool Tie,
    IReadOnlyList<ResultSectionDto> Sections,
    IReadOnlyList<ResultCriterionDto> Criteria,
    IReadOnlyList<ResultPenaltyDto> Penalties,
    decimal PenaltyTotal,
    RankExplanationDto Explanation,
    IReadOnlyList<string> Flags,
    ResultSurveyDto? Survey);

/// <summary>Section V as converted from the survey: ballots per group and each leaf's points with its inputs.</summary>
public sealed record ResultSurveyDto(decimal Total, decimal MaxScore, IReadOnlyList<GroupTally> Groups, IReadOnlyList<CriterionConversion> Criteria);

/// <summary>A section's score as ranked and the most it can give (none for VII, which is a deduction).</summary>
public sealed record ResultSectionDto(string Code, string Title, decimal Score, decimal? MaxScore);

/// <summary>A criterion the council questioned: the unit's own score, what counted, and both rounds with their reasons.</summary>
public sealed record ResultCriterionDto(
    string Code,
    string Section,
    string Title,
    decimal MaxScore,
    decimal? SelfScore,
    decimal Score,
    ResultDecisionDto? Round1,
    ResultDecisionDto? Round2);

/// <summary>One round's decision as the unit reads it: what, how much, why, which agency, when.</summary>
public sealed record ResultDecisionDto(
    int Round,
    string Decision,
    string DecisionName,
    decimal Score,
    string Reason,
    string AgencyId,
    string AgencyName,
    DateTimeOffset At);

/// <summary>A deduction of section VII with its reason, source and proof (Art. 3.3).</summary>
public sealed record ResultPenaltyDto(
    string Code,
    string Title,
    decimal MaxScore,
    decimal Points,
    string Reason,
    string? Source,
    string? SourceName,
    string? Evidence,
    string AgencyName,
    DateTimeOffset At);

/// <summary>"Vì sao xếp hạng này": the domain's <see cref="Domain.Ranking.RankExplanation"/> as JSON.</summary>
public sealed record RankExplanationDto(
    string Standing,
    string Summary,
    decimal TotalGap,
    IReadOnlyList<RankNeighbourDto> ComparedWith,
    IReadOnlyList<ScoreGapDto> Sections,
    IReadOnlyList<ScoreGapDto> Criteria,
    IReadOnlyList<string> Lines);

public sealed record RankNeighbourDto(string UnitId, string Name, int Rank, decimal Total);

/// <summary><c>Gap</c> is positive: lost to the units above (standing <c>behind</c>) or gained over those below (<c>leads</c>).</summary>
public sealed record ScoreGapDto(string Code, string Section, string Title, decimal Score, decimal OtherScore, decimal? MaxScore, decimal Gap);
