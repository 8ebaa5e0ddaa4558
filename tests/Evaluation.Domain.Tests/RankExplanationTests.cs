using Evaluation.Domain.Ranking;

namespace Evaluation.Domain.Tests;

/// <summary>
/// "Vì sao xếp hạng này": the sections and criteria that cost a unit the most against the unit(s) at the next
/// better rank, worked out by hand below. Ranks come from the real engine, so the explanation reads the same ranking.
/// </summary>
public class RankExplanationTests
{
    // Sở A: 30 + 20 + 6 + 4 + 10 + 3 − 0,5 = 72,5 → hạng 1.
    private static readonly UnitScoreSheet A = Sheet("so-a", "Sở A", [30m, 20m, 6m, 4m, 10m, 3m, 0.5m],
        ("I.1.1", 2m, 2m), ("I.1.2", 3m, 3m), ("I.1.3", 3m, 3m), ("II.1.1", 1m, 1m), ("IV.2", 2m, 2m), ("VII.1", 0m, 1m), ("VII.3", 0.5m, 2m));

    // Sở B: 28 + 21 + 7 + 2 + 11 + 3,5 − 1 = 71,5 → hạng 2.
    private static readonly UnitScoreSheet B = Sheet("so-b", "Sở B", [28m, 21m, 7m, 2m, 11m, 3.5m, 1m],
        ("I.1.1", 1m, 2m), ("I.1.2", 1.5m, 3m), ("I.1.3", 3m, 3m), ("II.1.1", 1m, 1m), ("IV.2", 0m, 2m), ("VII.1", 0.5m, 1m), ("VII.3", 0.5m, 2m));

    // Sở C: 25 + 20 + 6 + 2 + 10 + 3 = 66 → hạng 3.
    private static readonly UnitScoreSheet C = Sheet("so-c", "Sở C", [25m, 20m, 6m, 2m, 10m, 3m, 0m],
        ("I.1.1", 1m, 2m), ("I.1.2", 1m, 3m), ("I.1.3", 2m, 3m), ("II.1.1", 0.5m, 1m), ("IV.2", 1m, 2m), ("VII.1", 0m, 1m), ("VII.3", 0m, 2m));

    [Fact]
    [Trait("Requirement", "R-8.2")]
    public void The_second_unit_is_told_what_it_lost_to_the_first_largest_gaps_first()
    {
        var ranked = Rank(A, B, C);

        var why = RankExplanation.Explain(ranked["so-b"], [.. ranked.Values], topCriteria: 3);

        Assert.Equal(RankStanding.Behind, why.Standing);
        Assert.Equal(["so-a"], why.ComparedWith.Select(unit => unit.UnitId));
        Assert.Equal(1m, why.TotalGap); // 72,5 − 71,5
        Assert.Equal("Xếp hạng 2/3 trong loại hình với tổng điểm 71,5 điểm: kém Sở A (hạng 1) 1 điểm.", why.Summary);

        // Sections B is behind in: I (30 − 28 = 2), IV (4 − 2 = 2), VII (deducted 1 against 0,5 = 0,5). II, III, V,
        // VI are B's lead and are not costs. Equal gaps keep the sections' order.
        Assert.Equal(["I", "IV", "VII"], why.Sections.Select(gap => gap.Code));
        Assert.Equal([2m, 2m, 0.5m], why.Sections.Select(gap => gap.Gap));
        Assert.Equal((28m, 30m), (why.Sections[0].Score, why.Sections[0].OtherScore));

        // Criteria: IV.2 (2 − 0 = 2), I.1.2 (3 − 1,5 = 1,5), I.1.1 (2 − 1 = 1); VII.1 (0,5) is fourth, cut by top 3.
        Assert.Equal(["IV.2", "I.1.2", "I.1.1"], why.Criteria.Select(gap => gap.Code));
        Assert.Equal([2m, 1.5m, 1m], why.Criteria.Select(gap => gap.Gap));

        Assert.Contains("Nội dung I – Kết quả thực hiện nhiệm vụ theo chức năng: 28 điểm, đơn vị so sánh 30 điểm (kém 2 điểm).", why.Lines);
        Assert.Contains("Nội dung VII – Điểm trừ: bị trừ 1 điểm, đơn vị so sánh bị trừ 0,5 điểm (kém 0,5 điểm).", why.Lines);
        Assert.Contains("I.1.2 – Tiêu chí I.1.2: 1,5 điểm so với 3 điểm, tối đa 3 (kém 1,5 điểm).", why.Lines);
        Assert.Equal(3 + 3, why.Lines.Count);
    }

    [Fact]
    [Trait("Requirement", "R-8.2")]
    public void The_five_largest_criterion_gaps_are_named_by_default_including_deductions()
    {
        var ranked = Rank(A, B, C);

        var why = RankExplanation.Explain(ranked["so-b"], [.. ranked.Values]);

        Assert.Equal(["IV.2", "I.1.2", "I.1.1", "VII.1"], why.Criteria.Select(gap => gap.Code));
        Assert.Contains("VII.1 – Tiêu chí VII.1: bị trừ 0,5 điểm, so với 0 điểm (kém 0,5 điểm).", why.Lines);
    }

    [Fact]
    [Trait("Requirement", "R-8.2")]
    public void The_first_unit_leads_by_its_margin_over_the_next()
    {
        var ranked = Rank(A, B, C);

        var why = RankExplanation.Explain(ranked["so-a"], [.. ranked.Values]);

        Assert.Equal(RankStanding.Leads, why.Standing);
        Assert.Equal(["so-b"], why.ComparedWith.Select(unit => unit.UnitId));
        Assert.Equal("Xếp hạng 1/3 trong loại hình với tổng điểm 72,5 điểm: dẫn đầu, hơn Sở B (hạng 2) 1 điểm.", why.Summary);
        Assert.Equal(["I", "IV", "VII"], why.Sections.Select(gap => gap.Code));
        Assert.Contains("Nội dung IV – Điểm cộng: 4 điểm, đơn vị so sánh 2 điểm (hơn 2 điểm).", why.Lines);
    }

    [Fact]
    [Trait("Requirement", "R-8.2")]
    public void Units_sharing_the_better_rank_are_compared_through_their_mean()
    {
        // D and E: 30 + 20 + 8 + 2 = 30 + 20 + 7 + 3 = 60, equal in I and II too → both rank 1. F: 58 → rank 3.
        var d = Sheet("so-d", "Sở D", [30m, 20m, 8m, 2m, 0m, 0m, 0m]);
        var e = Sheet("so-e", "Sở E", [30m, 20m, 7m, 3m, 0m, 0m, 0m]);
        var f = Sheet("so-f", "Sở F", [30m, 20m, 6m, 2m, 0m, 0m, 0m]);
        var ranked = Rank(d, e, f);
        Assert.Equal(3, ranked["so-f"].Rank);

        var why = RankExplanation.Explain(ranked["so-f"], [.. ranked.Values]);

        Assert.Equal(["so-d", "so-e"], why.ComparedWith.Select(unit => unit.UnitId).Order());
        Assert.Equal(2m, why.TotalGap);
        Assert.Equal("Xếp hạng 3/3 trong loại hình với tổng điểm 58 điểm: kém các đơn vị cùng xếp hạng 1 (Sở D, Sở E) 2 điểm.", why.Summary);
        // III: mean (8 + 7) / 2 = 7,5 − 6 = 1,5; IV: mean (2 + 3) / 2 = 2,5 − 2 = 0,5.
        Assert.Equal(["III", "IV"], why.Sections.Select(gap => gap.Code));
        Assert.Equal([1.5m, 0.5m], why.Sections.Select(gap => gap.Gap));
        Assert.Contains("Nội dung III – Thực hiện kỷ luật, kỷ cương hành chính: 6 điểm, bình quân các đơn vị so sánh 7,5 điểm (kém 1,5 điểm).", why.Lines);

        var shared = RankExplanation.Explain(ranked["so-d"], [.. ranked.Values]);
        Assert.Equal("Xếp hạng 1/3 trong loại hình với tổng điểm 60 điểm (đồng hạng với Sở E): dẫn đầu, hơn Sở F (hạng 3) 2 điểm.", shared.Summary);
    }

    [Fact]
    [Trait("Requirement", "R-8.2")]
    [Trait("Requirement", "R-6.2")]
    public void An_equal_total_lost_on_section_one_says_so()
    {
        // G: 31 + 20 + 5 = 56; H: 30 + 20 + 6 = 56. Equal totals, G has more in I → G first.
        var g = Sheet("so-g", "Sở G", [31m, 20m, 5m, 0m, 0m, 0m, 0m]);
        var h = Sheet("so-h", "Sở H", [30m, 20m, 6m, 0m, 0m, 0m, 0m]);
        var ranked = Rank(g, h);

        var why = RankExplanation.Explain(ranked["so-h"], [.. ranked.Values]);

        Assert.Equal(0m, why.TotalGap);
        Assert.Equal(
            "Xếp hạng 2/2 trong loại hình với tổng điểm 56 điểm: bằng tổng điểm với Sở G (hạng 1) nhưng xếp sau vì điểm nội dung I thấp hơn 1 điểm (khi bằng tổng điểm, xếp theo điểm nội dung I rồi nội dung II).",
            why.Summary);
        Assert.Equal(["I"], why.Sections.Select(gap => gap.Code));
    }

    [Fact]
    [Trait("Requirement", "R-8.2")]
    public void The_only_unit_of_its_type_has_nobody_to_compare_with()
    {
        var ranked = Rank(A);

        var why = RankExplanation.Explain(ranked["so-a"], [.. ranked.Values]);

        Assert.Equal(RankStanding.Alone, why.Standing);
        Assert.Empty(why.ComparedWith);
        Assert.Empty(why.Lines);
        Assert.Contains("duy nhất", why.Summary);
    }

    private static Dictionary<string, RankedSheet> Rank(params UnitScoreSheet[] sheets)
    {
        var result = RankingEngine.Rank(sheets.Select(ScoreSheetBuilder.Scorecard), RankingSettings.Default);
        return result.Groups.SelectMany(group => group.Units)
            .ToDictionary(unit => unit.UnitId, unit => new RankedSheet(sheets.Single(sheet => sheet.UnitId == unit.UnitId), unit.Rank, unit.Total));
    }

    /// <param name="sections">I, II, III, IV, V, VI, VII in that order.</param>
    private static UnitScoreSheet Sheet(string unitId, string name, decimal[] sections, params (string Code, decimal Score, decimal Max)[] criteria)
    {
        string[] codes = ["I", "II", "III", "IV", "V", "VI", "VII"];
        return new UnitScoreSheet
        {
            UnitId = unitId,
            Name = name,
            Type = "01",
            Sections = codes.Select((code, index) => (code, sections[index])).ToDictionary(pair => pair.code, pair => pair.Item2),
            Criteria = criteria.Select(item => new CriterionScore
            {
                Code = item.Code,
                Section = item.Code[..item.Code.IndexOf('.', StringComparison.Ordinal)],
                Title = "Tiêu chí " + item.Code,
                Score = item.Score,
                MaxScore = item.Max,
            }).ToList(),
        };
    }
}
