using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using SectionRules = Evaluation.Domain.Catalogues.Sections;

namespace Evaluation.Domain.Ranking;

/// <summary>A unit's score-sheet row with where the ranking put it (its total as ranked, R-6.1).</summary>
public sealed record RankedSheet(UnitScoreSheet Sheet, int Rank, decimal Total);

/// <summary>Where a unit stands against the units it is compared with.</summary>
public enum RankStanding
{
    /// <summary>Nobody to compare with: the only unit of its type, or every unit shares rank 1.</summary>
    Alone,

    /// <summary>Rank 1: compared with the unit(s) at the next rank below.</summary>
    Leads,

    /// <summary>Compared with the unit(s) at the next better rank.</summary>
    Behind,
}

/// <summary>A unit the explanation compares with.</summary>
public sealed record RankNeighbour(string UnitId, string Name, int Rank, decimal Total);

/// <summary>
/// A section or criterion where the two sides differ. <c>Gap</c> is always positive and in the explanation's
/// direction: what the unit lost to the units above it (<see cref="RankStanding.Behind"/>), or what it gained over the
/// units below it (<see cref="RankStanding.Leads"/>). For section VII (deductions) a larger deduction is a loss.
/// </summary>
public sealed record ScoreGap(string Code, string Section, string Title, decimal Score, decimal OtherScore, decimal? MaxScore, decimal Gap);

/// <summary>
/// "Vì sao xếp hạng này" (R-8.2, journey 9): why a unit ranks where it does in its type, from the same score sheet the
/// ranking used. A unit is compared with the unit(s) at the next better rank — when several share that rank, with
/// their mean — and the sections and criteria that cost it the most come first. A unit ranked first is compared
/// with the next rank below: by how much it leads and where. Pure: the same sheet gives the same words.
/// </summary>
public sealed record RankExplanation(
    RankStanding Standing,
    int Rank,
    int UnitCount,
    IReadOnlyList<RankNeighbour> ComparedWith,
    decimal TotalGap,
    string Summary,
    IReadOnlyList<ScoreGap> Sections,
    IReadOnlyList<ScoreGap> Criteria,
    IReadOnlyList<string> Lines)
{
    /// <summary>How many criteria the explanation names by default.</summary>
    public const int DefaultTopCriteria = 5;

    /// <param name="unit">The unit to explain.</param>
    /// <param name="sameType">Every ranked unit of the unit's type (the unit itself may be among them).</param>
    /// <param name="topCriteria">How many criteria to name, largest gaps first.</param>
    public static RankExplanation Explain(RankedSheet unit, IReadOnlyList<RankedSheet> sameType, int topCriteria = DefaultTopCriteria)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(sameType);
        var others = sameType.Where(row => row.Sheet.UnitId != unit.Sheet.UnitId).ToList();
        var unitCount = others.Count + 1;
        var sharing = others.Where(row => row.Rank == unit.Rank).ToList();
        var above = others.Where(row => row.Rank < unit.Rank).ToList();
        var below = others.Where(row => row.Rank > unit.Rank).ToList();

        List<RankedSheet> compared;
        RankStanding standing;
        if (above.Count > 0)
        {
            var nextBetter = above.Max(row => row.Rank);
            compared = above.Where(row => row.Rank == nextBetter).ToList();
            standing = RankStanding.Behind;
        }
        else if (below.Count > 0)
        {
            var nextWorse = below.Min(row => row.Rank);
            compared = below.Where(row => row.Rank == nextWorse).ToList();
            standing = RankStanding.Leads;
        }
        else
        {
            var alone = sharing.Count == 0
                ? "Là cơ quan, đơn vị duy nhất của loại hình nên không có đơn vị để so sánh."
                : $"Tất cả các cơ quan, đơn vị của loại hình cùng xếp hạng {unit.Rank} với tổng điểm {Points(unit.Total)}.";
            return new RankExplanation(RankStanding.Alone, unit.Rank, unitCount, [], 0m, alone, [], [], []);
        }

        // Units sharing a rank have the same total, section I and section II (R-6.2): one total stands for them all.
        var otherTotal = compared[0].Total;
        var totalGap = standing == RankStanding.Behind ? otherTotal - unit.Total : unit.Total - otherTotal;
        var sections = SectionGaps(unit.Sheet, compared, standing);
        var criteria = CriterionGaps(unit.Sheet, compared, standing).Take(Math.Max(0, topCriteria)).ToList();
        var neighbours = compared.Select(row => new RankNeighbour(row.Sheet.UnitId, row.Sheet.Name, row.Rank, row.Total)).ToList();
        var summary = Summarise(unit, unitCount, sharing, compared, standing, totalGap);
        var lines = sections.Select(gap => SectionLine(gap, standing, compared.Count))
            .Concat(criteria.Select(gap => CriterionLine(gap, standing)))
            .ToList();
        return new RankExplanation(standing, unit.Rank, unitCount, neighbours, totalGap, summary, sections, criteria, lines);
    }

    private static List<ScoreGap> SectionGaps(UnitScoreSheet unit, List<RankedSheet> compared, RankStanding standing)
    {
        var gaps = new List<ScoreGap>();
        foreach (var rule in SectionRules.All)
        {
            var score = unit.Sections.GetValueOrDefault(rule.Code);
            var other = Mean(compared.Select(row => row.Sheet.Sections.GetValueOrDefault(rule.Code)));
            var gap = Gap(score, other, rule.Kind == SectionKind.Penalty, standing);
            if (gap > 0)
            {
                gaps.Add(new ScoreGap(rule.Code, rule.Code, rule.Title, score, other, rule.MaxScore, gap));
            }
        }

        // Largest first; equal gaps keep the sections' own order (stable sort).
        return gaps.OrderByDescending(gap => gap.Gap).ToList();
    }

    private static IEnumerable<ScoreGap> CriterionGaps(UnitScoreSheet unit, List<RankedSheet> compared, RankStanding standing)
    {
        // One index set per type, so criterion codes mean the same for every unit compared.
        var order = unit.Criteria.Concat(compared.SelectMany(row => row.Sheet.Criteria))
            .GroupBy(item => item.Code, StringComparer.Ordinal)
            .Select((group, index) => (Criterion: group.First(), Index: index))
            .ToList();
        var gaps = new List<(ScoreGap Gap, int Index)>();
        foreach (var (criterion, index) in order)
        {
            var score = ScoreOf(unit, criterion.Code);
            var other = Mean(compared.Select(row => ScoreOf(row.Sheet, criterion.Code)));
            var gap = Gap(score, other, criterion.Section == SectionRules.VII, standing);
            if (gap > 0)
            {
                gaps.Add((new ScoreGap(criterion.Code, criterion.Section, criterion.Title, score, other, criterion.MaxScore, gap), index));
            }
        }

        return gaps.OrderByDescending(item => item.Gap.Gap).ThenBy(item => item.Index).Select(item => item.Gap);
    }

    private static decimal ScoreOf(UnitScoreSheet sheet, string code) =>
        sheet.Criteria.FirstOrDefault(item => item.Code == code)?.Score ?? 0m;

    /// <summary>Positive when the difference is in the explanation's direction. A deduction counts against its unit.</summary>
    private static decimal Gap(decimal score, decimal other, bool deduction, RankStanding standing)
    {
        var ahead = deduction ? other - score : score - other;
        return standing == RankStanding.Behind ? -ahead : ahead;
    }

    /// <summary>The mean of the units compared, to two decimals (exact for one or two units).</summary>
    private static decimal Mean(IEnumerable<decimal> scores)
    {
        var list = scores.ToList();
        return list.Count == 0 ? 0m : Math.Round(list.Sum() / list.Count, 2, MidpointRounding.AwayFromZero);
    }

    private static string Summarise(RankedSheet unit, int unitCount, List<RankedSheet> sharing, List<RankedSheet> compared, RankStanding standing, decimal totalGap)
    {
        var position = $"Xếp hạng {unit.Rank}/{unitCount} trong loại hình với tổng điểm {Points(unit.Total)}";
        var shared = sharing.Count == 0 ? string.Empty : $" (đồng hạng với {Names(sharing)})";
        var who = Who(compared);
        if (standing == RankStanding.Leads)
        {
            return totalGap > 0
                ? $"{position}{shared}: dẫn đầu, hơn {who} {Points(totalGap)}."
                : $"{position}{shared}: dẫn đầu; bằng tổng điểm với {who} nhưng xếp trên nhờ {TieBreaker(unit.Sheet, compared[0].Sheet, ahead: true)}.";
        }

        return totalGap > 0
            ? $"{position}{shared}: kém {who} {Points(totalGap)}."
            : $"{position}{shared}: bằng tổng điểm với {who} nhưng xếp sau vì {TieBreaker(unit.Sheet, compared[0].Sheet, ahead: false)}.";
    }

    /// <summary>R-6.2: with equal totals, section I decides, then section II.</summary>
    private static string TieBreaker(UnitScoreSheet unit, UnitScoreSheet other, bool ahead)
    {
        foreach (var code in new[] { SectionRules.I, SectionRules.II })
        {
            var difference = Math.Abs(unit.Sections.GetValueOrDefault(code) - other.Sections.GetValueOrDefault(code));
            if (difference > 0)
            {
                return $"điểm nội dung {code} {(ahead ? "cao" : "thấp")} hơn {Points(difference)} (khi bằng tổng điểm, xếp theo điểm nội dung I rồi nội dung II)";
            }
        }

        return "thứ tự xét ưu tiên (nội dung I, nội dung II)";
    }

    private static string Who(List<RankedSheet> compared) => compared.Count == 1
        ? $"{compared[0].Sheet.Name} (hạng {compared[0].Rank})"
        : $"các đơn vị cùng xếp hạng {compared[0].Rank} ({Names(compared)})";

    private static string Names(IEnumerable<RankedSheet> rows) => string.Join(", ", rows.Select(row => row.Sheet.Name));

    private static string SectionLine(ScoreGap gap, RankStanding standing, int comparedCount)
    {
        var other = comparedCount == 1 ? "đơn vị so sánh" : "bình quân các đơn vị so sánh";
        var verb = standing == RankStanding.Behind ? "kém" : "hơn";
        return gap.Code == SectionRules.VII
            ? $"Nội dung VII – {gap.Title}: bị trừ {Points(gap.Score)}, {other} bị trừ {Points(gap.OtherScore)} ({verb} {Points(gap.Gap)})."
            : $"Nội dung {gap.Code} – {gap.Title}: {Points(gap.Score)}, {other} {Points(gap.OtherScore)} ({verb} {Points(gap.Gap)}).";
    }

    private static string CriterionLine(ScoreGap gap, RankStanding standing)
    {
        var verb = standing == RankStanding.Behind ? "kém" : "hơn";
        var max = gap.MaxScore is { } most ? $", tối đa {ScoreText.Format(most)}" : string.Empty;
        return gap.Section == SectionRules.VII
            ? $"{gap.Code} – {gap.Title}: bị trừ {Points(gap.Score)}, so với {Points(gap.OtherScore)} ({verb} {Points(gap.Gap)})."
            : $"{gap.Code} – {gap.Title}: {Points(gap.Score)} so với {Points(gap.OtherScore)}{max} ({verb} {Points(gap.Gap)}).";
    }

    private static string Points(decimal value) => $"{ScoreText.Format(value)} điểm";
}
