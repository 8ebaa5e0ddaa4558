using Evaluation.Domain.Catalogues;

namespace Evaluation.Domain.Ranking;

/// <summary>A unit's seven section scores; a missing section counts 0.</summary>
public sealed class SectionScores
{
    private readonly Dictionary<string, decimal> _scores;

    public SectionScores(IReadOnlyDictionary<string, decimal> scores)
    {
        _scores = new Dictionary<string, decimal>(scores, StringComparer.Ordinal);
    }

    public decimal this[string code] => _scores.TryGetValue(code, out var score) ? score : 0m;

    public IReadOnlyDictionary<string, decimal> AsDictionary() => _scores;

    /// <summary>
    /// Total = I + II + III + IV (bonus, at most its weight 8) + V + VI − VII (penalties), never below 0.
    /// </summary>
    public decimal Total()
    {
        var bonus = Math.Min(this[Sections.IV], Sections.Find(Sections.IV)!.MaxScore!.Value);
        var sum = this[Sections.I] + this[Sections.II] + this[Sections.III] + bonus + this[Sections.V] + this[Sections.VI] - this[Sections.VII];
        return Math.Max(0m, sum);
    }
}

/// <summary>What ranking needs of a unit: who it is, its type (index set) and its section scores.</summary>
public sealed record Scorecard(string UnitId, string Name, string Type, SectionScores Sections);
