namespace Evaluation.Domain.Ranking;

/// <summary>
/// Every unit's scores down to the criteria, as the ranking activity computed them from storage. Kept beside
/// the ranking so the unit result page, the "why this rank" explanation and the exports read the same figures.
/// </summary>
public sealed record ScoreSheet
{
    public int Year { get; init; }

    public DateTimeOffset ComputedAt { get; init; }

    public required IReadOnlyList<UnitScoreSheet> Units { get; init; }
}

public sealed record UnitScoreSheet
{
    public required string UnitId { get; init; }

    public required string Name { get; init; }

    /// <summary>The unit type, which is also the index set.</summary>
    public required string Type { get; init; }

    /// <summary>Section code → score, as ranked (VII is the deduction, a positive number).</summary>
    public required IReadOnlyDictionary<string, decimal> Sections { get; init; }

    /// <summary>The leaves of the appraised sections (I–IV) and the penalty items (VII), with the score that counted.</summary>
    public required IReadOnlyList<CriterionScore> Criteria { get; init; }

    /// <summary>Leaves of I–IV that no appraiser decided; they count 0 and are flagged.</summary>
    public int Unappraised { get; init; }

    /// <summary>Leaves scored from another index with no imported value for the unit; they count 0.</summary>
    public int MissingIndexScores { get; init; }

    /// <summary>Valid survey ballots still missing to reach the groups' quotas; 0 when met or no survey is set up.</summary>
    public int SurveyShortfall { get; init; }
}

public sealed record CriterionScore
{
    public required string Code { get; init; }

    /// <summary>The section the criterion belongs to (I, II, III, IV or VII).</summary>
    public required string Section { get; init; }

    public required string Title { get; init; }

    public decimal Score { get; init; }

    public decimal MaxScore { get; init; }
}
