using Evaluation.Domain.Catalogues;

namespace Evaluation.Domain.Leaders;

/// <summary>
/// The leaders' score (section VI, Art. 4.2, R-5): each Chairman or Vice-chairman gives every unit 0–4 points; a
/// unit's section VI is the mean over the leaders who scored it, rounded to 2 decimals half away from zero.
/// </summary>
public static class LeaderScores
{
    /// <summary>The most a leader can give, the weight of section VI (4 points).</summary>
    public static decimal Max { get; } = Sections.Find(Sections.VI)!.MaxScore!.Value;

    /// <summary>Scores are typed with at most two decimals (3,75).</summary>
    public const int Decimals = 2;

    /// <summary>Whether a leader may give this score: 0 to <see cref="Max"/>, at most two decimals.</summary>
    public static bool IsValid(decimal score) =>
        score >= 0m && score <= Max && decimal.Round(score, Decimals) == score;

    /// <summary>The mean of the given scores, 2 decimals half away from zero; null when nobody scored.</summary>
    public static decimal? Mean(IEnumerable<decimal> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var sum = 0m;
        var count = 0;
        foreach (var score in scores)
        {
            sum += score;
            count++;
        }

        return count == 0 ? null : decimal.Round(sum / count, Decimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Section VI of every unit that at least one leader scored: unitId → mean over the leaders who scored it.
    /// A leader who has not scored a unit does not pull its mean down.
    /// </summary>
    public static IReadOnlyDictionary<string, decimal> Means(IEnumerable<IReadOnlyDictionary<string, decimal>> ballots)
    {
        ArgumentNullException.ThrowIfNull(ballots);
        var byUnit = new Dictionary<string, List<decimal>>(StringComparer.Ordinal);
        foreach (var ballot in ballots)
        {
            foreach (var (unitId, score) in ballot)
            {
                if (!byUnit.TryGetValue(unitId, out var scores))
                {
                    byUnit[unitId] = scores = [];
                }

                scores.Add(score);
            }
        }

        return byUnit.ToDictionary(entry => entry.Key, entry => Mean(entry.Value)!.Value, StringComparer.Ordinal);
    }
}
