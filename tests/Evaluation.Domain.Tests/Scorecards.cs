using Evaluation.Domain.Ranking;

namespace Evaluation.Domain.Tests;

/// <summary>Builds scorecards for ranking tests and finds units in a ranking.</summary>
internal static class Scorecards
{
    /// <summary>Section weights I..VI, used to spread a wanted total over realistic section scores.</summary>
    private static readonly decimal[] Weights = [39m, 27m, 8m, 8m, 14m, 4m];

    private static readonly string[] Codes = ["I", "II", "III", "IV", "V", "VI"];

    public static Scorecard Card(
        string unitId,
        string type,
        decimal i = 0m,
        decimal ii = 0m,
        decimal iii = 0m,
        decimal iv = 0m,
        decimal v = 0m,
        decimal vi = 0m,
        decimal vii = 0m) =>
        new(unitId, "Đơn vị " + unitId, type, new SectionScores(new Dictionary<string, decimal>
        {
            ["I"] = i,
            ["II"] = ii,
            ["III"] = iii,
            ["IV"] = iv,
            ["V"] = v,
            ["VI"] = vi,
            ["VII"] = vii,
        }));

    /// <summary>
    /// A unit whose total is <paramref name="total"/> (0..100, no penalties), filling I, II, III, IV, V, VI in that
    /// order up to their weights. Two cards with the same total are therefore a full tie (same total, I and II).
    /// </summary>
    public static Scorecard WithTotal(string unitId, string type, decimal total)
    {
        Assert.InRange(total, 0m, 100m);
        var scores = new Dictionary<string, decimal>();
        var left = total;
        for (var index = 0; index < Weights.Length; index++)
        {
            var take = Math.Min(left, Weights[index]);
            scores[Codes[index]] = take;
            left -= take;
        }

        return new Scorecard(unitId, "Đơn vị " + unitId, type, new SectionScores(scores));
    }

    /// <summary><paramref name="count"/> units of one type with distinct totals start, start − step, …</summary>
    public static List<Scorecard> Distinct(string type, int count, decimal start, decimal step, string prefix = "u") =>
        Enumerable.Range(0, count)
            .Select(index => WithTotal($"{prefix}{index + 1:00}", type, start - (step * index)))
            .ToList();

    public static RankedGroup Group(this RankingResult result, string type) => result.Groups.Single(group => group.Type == type);

    public static RankedUnit Unit(this RankingResult result, string unitId) =>
        result.Groups.SelectMany(group => group.Units).Single(unit => unit.UnitId == unitId);

    public static int ExcellentCount(this RankedGroup group) => group.Units.Count(unit => unit.Class == UnitClass.Excellent);
}
