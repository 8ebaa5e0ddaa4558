namespace Evaluation.Domain.Assessments;

/// <summary>
/// What a unit enters for one leaf criterion: a self-score (null while still a draft without a score),
/// the written explanation, and whether its evidence is classified and explained directly to the council.
/// </summary>
public sealed record CriterionAnswer(decimal? SelfScore, string Explanation, bool Classified)
{
    public static CriterionAnswer Empty { get; } = new(null, string.Empty, false);
}

/// <summary>Who submitted a unit's self-assessment and when; its presence locks the form .</summary>
public sealed record Submission(string By, DateTimeOffset At);
