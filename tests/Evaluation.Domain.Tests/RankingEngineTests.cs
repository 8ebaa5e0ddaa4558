using System.Globalization;
using Evaluation.Domain.Ranking;
using static Evaluation.Domain.Tests.Scorecards;

namespace Evaluation.Domain.Tests;

public class RankingEngineTests
{
    private static readonly RankingSettings Defaults = RankingSettings.Default;

    // ---- R-6.1 total -------------------------------------------------------------------------------------------

    [Fact]
    [Trait("Requirement", "R-6.1")]
    public void Total_is_the_sum_of_I_to_VI_minus_VII()
    {
        // 38.5 + 26 + 8 + 7.5 + 13.25 + 3.5 = 96.75, minus 0.5 penalty = 96.25 (worked by hand).
        var card = Card("u1", "01", i: 38.5m, ii: 26m, iii: 8m, iv: 7.5m, v: 13.25m, vi: 3.5m, vii: 0.5m);

        Assert.Equal(96.25m, card.Sections.Total());
        Assert.Equal(96.25m, RankingEngine.Rank([card], Defaults).Unit("u1").Total);
    }

    [Fact]
    [Trait("Requirement", "R-6.1")]
    public void Total_never_goes_below_zero_when_penalties_exceed_the_points()
    {
        var card = Card("u1", "01", i: 5m, ii: 3m, vii: 10m); // 8 − 10 = −2 → 0

        Assert.Equal(0m, card.Sections.Total());
        var ranked = RankingEngine.Rank([card], Defaults).Unit("u1");
        Assert.Equal(0m, ranked.Total);
        Assert.Equal(UnitClass.NotDone, ranked.Class);
    }

    [Fact]
    [Trait("Requirement", "R-6.1")]
    public void Bonus_counts_at_most_eight()
    {
        // 30 + min(9.5, 8) = 38, not 39.5.
        var card = Card("u1", "01", i: 30m, iv: 9.5m);

        Assert.Equal(38m, card.Sections.Total());
    }

    [Fact]
    [Trait("Requirement", "R-6.1")]
    public void A_missing_section_counts_zero()
    {
        var card = new Scorecard("u1", "Đơn vị u1", "01", new SectionScores(new Dictionary<string, decimal> { ["I"] = 30m, ["VII"] = 1m }));

        Assert.Equal(29m, card.Sections.Total());
        Assert.Equal(0m, card.Sections["II"]);
    }

    // ---- R-6.2 order and ties ----------------------------------------------------------------------------------

    [Fact]
    [Trait("Requirement", "R-6.2")]
    public void Units_are_ordered_by_total_descending()
    {
        var result = RankingEngine.Rank([WithTotal("a", "01", 70m), WithTotal("b", "01", 90m), WithTotal("c", "01", 80.5m)], Defaults);

        var units = result.Group("01").Units;
        Assert.Equal(["b", "c", "a"], units.Select(unit => unit.UnitId));
        Assert.Equal([1, 2, 3], units.Select(unit => unit.Rank));
        Assert.All(units, unit => Assert.False(unit.Tie));
    }

    [Fact]
    [Trait("Requirement", "R-6.2")]
    public void Equal_totals_are_broken_by_section_I()
    {
        // Both total 85; "z-higher-i" has I 36 against 35, so it ranks first although its id sorts last.
        var lowerI = Card("a-lower-i", "01", i: 35m, ii: 25m, iii: 8m, v: 13m, vi: 4m);
        var higherI = Card("z-higher-i", "01", i: 36m, ii: 24m, iii: 8m, v: 13m, vi: 4m);
        Assert.Equal(lowerI.Sections.Total(), higherI.Sections.Total());

        var result = RankingEngine.Rank([lowerI, higherI], Defaults);

        Assert.Equal(["z-higher-i", "a-lower-i"], result.Group("01").Units.Select(unit => unit.UnitId));
        Assert.Equal(1, result.Unit("z-higher-i").Rank);
        Assert.Equal(2, result.Unit("a-lower-i").Rank);
        Assert.False(result.Unit("z-higher-i").Tie);
        Assert.Empty(result.Flags);
    }

    [Fact]
    [Trait("Requirement", "R-6.2")]
    public void Equal_totals_and_section_I_are_broken_by_section_II()
    {
        // Both total 85 and I 36; "z-higher-ii" has II 25 against 24.
        var lowerII = Card("a-lower-ii", "01", i: 36m, ii: 24m, iii: 8m, v: 13m, vi: 4m);
        var higherII = Card("z-higher-ii", "01", i: 36m, ii: 25m, iii: 7m, v: 13m, vi: 4m);
        Assert.Equal(lowerII.Sections.Total(), higherII.Sections.Total());

        var result = RankingEngine.Rank([lowerII, higherII], Defaults);

        Assert.Equal(["z-higher-ii", "a-lower-ii"], result.Group("01").Units.Select(unit => unit.UnitId));
        Assert.Equal([1, 2], result.Group("01").Units.Select(unit => unit.Rank));
        Assert.Empty(result.Flags);
    }

    [Fact]
    [Trait("Requirement", "R-6.2")]
    public void A_full_tie_shares_the_rank_sports_style_and_is_flagged_as_unresolved()
    {
        // b and c: total 88, I 36, II 25 (they differ only in III and V). Ranks 1, 2, 2, 4.
        var a = WithTotal("a", "02", 90m);
        var b = Card("b", "02", i: 36m, ii: 25m, iii: 8m, iv: 7m, v: 10m, vi: 2m);
        var c = Card("c", "02", i: 36m, ii: 25m, iii: 6m, iv: 7m, v: 12m, vi: 2m);
        var d = WithTotal("d", "02", 80m);

        var result = RankingEngine.Rank([d, c, b, a], Defaults);

        var units = result.Group("02").Units;
        Assert.Equal([1, 2, 2, 4], units.Select(unit => unit.Rank));
        Assert.Equal("a", units[0].UnitId);
        Assert.Equal("d", units[3].UnitId);
        Assert.True(result.Unit("b").Tie);
        Assert.True(result.Unit("c").Tie);
        Assert.False(result.Unit("a").Tie);
        Assert.False(result.Unit("d").Tie);

        var flag = Assert.Single(result.Flags);
        Assert.Equal(RankingFlagKind.UnresolvedTie, flag.Kind);
        Assert.Equal("02", flag.Type);
        Assert.Equal(["b", "c"], flag.UnitIds.Order(StringComparer.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(flag.Message));
    }

    // ---- R-6.3 excellence cap and classes ----------------------------------------------------------------------

    [Fact]
    [Trait("Requirement", "R-6.3")]
    public void A_tie_straddling_the_cap_is_not_excellent_and_is_flagged()
    {
        // 10 units of type 01 → cap floor(20 % × 10) = 2. u01 (95) is clearly first; u02 and u03 are fully tied at
        // 90 for ranks 2 and 3: giving both "excellent" would make 3 > 2, giving one would decide the tie silently.
        var cards = new List<Scorecard>
        {
            WithTotal("u01", "01", 95m),
            WithTotal("u02", "01", 90m),
            WithTotal("u03", "01", 90m),
        };
        cards.AddRange(Distinct("01", 7, 89m, 1m, prefix: "v")); // 89 … 83, all ≥ 80

        var result = RankingEngine.Rank(cards, Defaults);

        var group = result.Group("01");
        Assert.Equal(2, group.ExcellentCap);
        Assert.Equal(UnitClass.Excellent, result.Unit("u01").Class);
        Assert.Equal(UnitClass.Good, result.Unit("u02").Class);
        Assert.Equal(UnitClass.Good, result.Unit("u03").Class);
        Assert.Equal(2, result.Unit("u02").Rank);
        Assert.Equal(2, result.Unit("u03").Rank);
        Assert.True(result.Unit("u02").Tie);

        // Excellent goes in rank order: the unit ranked 4th cannot jump over the tied pair.
        Assert.Equal(4, result.Unit("v01").Rank);
        Assert.Equal(UnitClass.Good, result.Unit("v01").Class);
        Assert.Equal(1, group.ExcellentCount());
        Assert.True(group.ExcellentCount() <= group.ExcellentCap);

        var flag = Assert.Single(result.Flags, flag => flag.Kind == RankingFlagKind.TieAtCap);
        Assert.Equal("01", flag.Type);
        Assert.Equal(["u02", "u03"], flag.UnitIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "R-6.3")]
    public void A_tie_that_fits_under_the_cap_is_all_excellent_without_a_cap_flag()
    {
        // 10 units, cap 2: u01 and u02 fully tied at 95 take both places; nothing straddles the cap.
        var cards = new List<Scorecard> { WithTotal("u01", "01", 95m), WithTotal("u02", "01", 95m) };
        cards.AddRange(Distinct("01", 8, 90m, 1m, prefix: "v"));

        var result = RankingEngine.Rank(cards, Defaults);

        Assert.Equal(UnitClass.Excellent, result.Unit("u01").Class);
        Assert.Equal(UnitClass.Excellent, result.Unit("u02").Class);
        Assert.Equal(UnitClass.Good, result.Unit("v01").Class);
        Assert.DoesNotContain(result.Flags, flag => flag.Kind == RankingFlagKind.TieAtCap);
        Assert.Contains(result.Flags, flag => flag.Kind == RankingFlagKind.UnresolvedTie);
    }

    [Theory]
    [Trait("Requirement", "R-6.3")]
    // 20 % × 13 = 2.6 → floor 2, nearest 3, ceiling 3; 20 % × 21 = 4.2 → floor 4, nearest 4, ceiling 5.
    [InlineData(13, CapRounding.Floor, 2)]
    [InlineData(13, CapRounding.Nearest, 3)]
    [InlineData(13, CapRounding.Ceiling, 3)]
    [InlineData(21, CapRounding.Floor, 4)]
    [InlineData(21, CapRounding.Nearest, 4)]
    [InlineData(21, CapRounding.Ceiling, 5)]
    public void Each_cap_rounding_mode_gives_the_count_and_that_many_excellent_units(int unitCount, CapRounding rounding, int expectedCap)
    {
        var settings = Defaults with { CapRounding = rounding };
        var cards = Distinct("02", unitCount, 99m, 0.5m); // 99, 98.5, … all ≥ 80 and distinct

        Assert.Equal(expectedCap, RankingEngine.ExcellentCap(unitCount, settings));

        var group = RankingEngine.Rank(cards, settings).Group("02");
        Assert.Equal(expectedCap, group.ExcellentCap);
        Assert.Equal(unitCount, group.UnitCount);
        Assert.Equal(expectedCap, group.ExcellentCount());
        // The excellent ones are exactly the first ranks.
        Assert.All(group.Units, unit => Assert.Equal(unit.Rank <= expectedCap, unit.Class == UnitClass.Excellent));
    }

    [Theory]
    [Trait("Requirement", "R-6.3")]
    // Exact midpoints: half away from zero rounds up where banker's rounding would go to the even number.
    [InlineData("10", 25, CapRounding.Nearest, 3)]   // 2.5 → 3 (banker's would give 2)
    [InlineData("10", 25, CapRounding.Floor, 2)]
    [InlineData("10", 25, CapRounding.Ceiling, 3)]
    [InlineData("22.5", 20, CapRounding.Nearest, 5)] // 4.5 → 5 (banker's would give 4)
    [InlineData("22.5", 20, CapRounding.Floor, 4)]
    [InlineData("22.5", 10, CapRounding.Nearest, 2)] // 2.25 → 2
    [InlineData("20", 4, CapRounding.Floor, 0)]      // 0.8 → 0
    [InlineData("20", 4, CapRounding.Ceiling, 1)]    // 0.8 → 1
    [InlineData("100", 3, CapRounding.Ceiling, 3)]   // never more than the units
    public void Cap_rounding_at_and_around_midpoints(string percent, int unitCount, CapRounding rounding, int expectedCap)
    {
        var settings = Defaults with
        {
            ExcellentCapPercent = decimal.Parse(percent, CultureInfo.InvariantCulture),
            CapRounding = rounding,
        };

        Assert.Equal(expectedCap, RankingEngine.ExcellentCap(unitCount, settings));
        var group = RankingEngine.Rank(Distinct("01", unitCount, 99m, 0.5m), settings).Group("01");
        Assert.Equal(expectedCap, group.ExcellentCount());
    }

    [Theory]
    [Trait("Requirement", "R-6.3")]
    [InlineData("80", UnitClass.Good)]
    [InlineData("79.99", UnitClass.Done)]
    [InlineData("65", UnitClass.Done)]
    [InlineData("64.99", UnitClass.NotDone)]
    [InlineData("100", UnitClass.Good)]
    [InlineData("0", UnitClass.NotDone)]
    public void Class_by_score_at_the_thresholds(string total, UnitClass expected)
    {
        // 4 units → cap floor(0.8) = 0, so nobody is excellent and every class comes from the score.
        var score = decimal.Parse(total, CultureInfo.InvariantCulture);
        var cards = new[]
        {
            WithTotal("target", "01", score),
            WithTotal("x1", "01", 50m),
            WithTotal("x2", "01", 40m),
            WithTotal("x3", "01", 30m),
        };

        var unit = RankingEngine.Rank(cards, Defaults).Unit("target");

        Assert.Equal(score, unit.Total);
        Assert.Equal(expected, unit.Class);
    }

    [Fact]
    [Trait("Requirement", "R-6.3")]
    public void The_top_unit_below_the_excellent_minimum_is_not_excellent()
    {
        // 5 units → cap 1; the best has 79.5 < 80 → it keeps the class of its score ("done").
        var cards = Distinct("01", 5, 79.5m, 2m);

        var result = RankingEngine.Rank(cards, Defaults);

        Assert.Equal(1, result.Group("01").ExcellentCap);
        Assert.Equal(1, result.Unit("u01").Rank);
        Assert.Equal(UnitClass.Done, result.Unit("u01").Class);
        Assert.Equal(0, result.Group("01").ExcellentCount());
    }

    [Fact]
    [Trait("Requirement", "R-6.3")]
    public void A_raised_excellent_minimum_leaves_a_first_ranked_85_good()
    {
        var settings = Defaults with { ExcellentMinScore = 90m };
        var cards = Distinct("01", 5, 85m, 2m); // 85, 83, 81, 79, 77

        var result = RankingEngine.Rank(cards, settings);

        Assert.Equal(UnitClass.Good, result.Unit("u01").Class);
        Assert.Equal(0, result.Group("01").ExcellentCount());

        // The same input with the default minimum makes it excellent: the setting is what changed the outcome.
        Assert.Equal(UnitClass.Excellent, RankingEngine.Rank(cards, Defaults).Unit("u01").Class);
    }

    [Fact]
    [Trait("Requirement", "R-6.3")]
    public void A_unit_below_the_good_threshold_is_never_excellent()
    {
        // R-6.3: "Excellent is given in rank order to units that also reach the good threshold." With the good
        // threshold raised to 85 and excellentMinScore left at 80, a first-ranked unit at 82 is not "good", so it
        // cannot be excellent either; it is "done". Refusing such settings would also satisfy the rule.
        var settings = Defaults with { GoodMinScore = 85m };
        var cards = Distinct("01", 5, 82m, 2m);

        var refused = !settings.Validate().IsEmpty;
        var top = RankingEngine.Rank(cards, settings).Unit("u01");

        Assert.True(
            refused || top.Class == UnitClass.Done,
            $"Settings with excellentMinScore 80 < goodMinScore 85 were accepted and the unit at 82 was classified {top.Class}.");
    }

    [Fact]
    [Trait("Requirement", "R-6.3")]
    public void Cap_zero_gives_nobody_excellent_and_a_top_tie_is_only_an_unresolved_tie()
    {
        // 4 units, floor(20 % × 4) = floor(0.8) = 0; the top two are fully tied at 95.
        var cards = new[]
        {
            WithTotal("a", "03", 95m),
            WithTotal("b", "03", 95m),
            WithTotal("c", "03", 90m),
            WithTotal("d", "03", 85m),
        };

        var result = RankingEngine.Rank(cards, Defaults);

        var group = result.Group("03");
        Assert.Equal(0, group.ExcellentCap);
        Assert.Equal(0, group.ExcellentCount());
        Assert.All(group.Units, unit => Assert.Equal(UnitClass.Good, unit.Class));
        Assert.DoesNotContain(result.Flags, flag => flag.Kind == RankingFlagKind.TieAtCap);
        var flag = Assert.Single(result.Flags);
        Assert.Equal(RankingFlagKind.UnresolvedTie, flag.Kind);
        Assert.Equal(["a", "b"], flag.UnitIds.Order(StringComparer.Ordinal));
    }

    // ---- R-6.4 determinism and independence of types -----------------------------------------------------------

    [Fact]
    [Trait("Requirement", "R-6.4")]
    [Trait("Requirement", "R-6.3")]
    public void Ranking_does_not_depend_on_input_order_and_types_are_ranked_independently()
    {
        var cards = MixedYear();
        var reference = Describe(RankingEngine.Rank(cards, Defaults));

        // Fixed permutations (no randomness): reversed, rotated, interleaved, grouped by id length then descending.
        var permutations = new List<List<Scorecard>>
        {
            Enumerable.Reverse(cards).ToList(),
            cards.Skip(7).Concat(cards.Take(7)).ToList(),
            cards.Where((_, index) => index % 2 == 1).Concat(cards.Where((_, index) => index % 2 == 0)).ToList(),
            cards.OrderBy(card => card.UnitId.Length).ThenByDescending(card => card.UnitId, StringComparer.Ordinal).ToList(),
        };
        foreach (var permutation in permutations)
        {
            Assert.Equal(reference, Describe(RankingEngine.Rank(permutation, Defaults)));
        }

        var result = RankingEngine.Rank(cards, Defaults);

        // Groups ordered by type code, whatever order the types first appear in.
        Assert.Equal(["01", "02", "03"], result.Groups.Select(group => group.Type));

        // Each type has its own cap: 10 → 2, 5 → 1, 4 → 0 (floor of 20 %).
        Assert.Equal([2, 1, 0], result.Groups.Select(group => group.ExcellentCap));
        Assert.Equal([2, 1, 0], result.Groups.Select(group => group.ExcellentCount()));

        // Ranks start at 1 in each type: the best district (85) is excellent although departments score higher,
        // and the public service units at 99 are not, because their type's cap is 0.
        Assert.Equal(1, result.Unit("huyen-1").Rank);
        Assert.Equal(UnitClass.Excellent, result.Unit("huyen-1").Class);
        Assert.Equal(1, result.Unit("dv-1").Rank);
        Assert.Equal(UnitClass.Good, result.Unit("dv-1").Class);
        Assert.Equal(UnitClass.Good, result.Unit("so-03").Class);

        // The tie in type 02 is reported for that type only.
        var flag = Assert.Single(result.Flags);
        Assert.Equal("02", flag.Type);
        Assert.Equal(["huyen-3", "huyen-4"], flag.UnitIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "R-6.4")]
    public void The_same_input_twice_gives_the_same_output()
    {
        var cards = MixedYear();

        Assert.Equal(Describe(RankingEngine.Rank(cards, Defaults)), Describe(RankingEngine.Rank(cards, Defaults)));
    }

    /// <summary>Type 03 first in the input, then 01 and 02 interleaved, with a full tie in type 02.</summary>
    private static List<Scorecard> MixedYear()
    {
        var cards = new List<Scorecard>
        {
            WithTotal("dv-1", "03", 99m),
            WithTotal("dv-2", "03", 98m),
            WithTotal("dv-3", "03", 60m),
            WithTotal("dv-4", "03", 70m),
        };
        var departments = Distinct("01", 10, 95m, 1m, prefix: "so-"); // 95 … 86
        var districts = new List<Scorecard>
        {
            WithTotal("huyen-1", "02", 85m),
            WithTotal("huyen-2", "02", 84m),
            WithTotal("huyen-3", "02", 70m),
            WithTotal("huyen-4", "02", 70m),
            WithTotal("huyen-5", "02", 60m),
        };
        for (var index = 0; index < departments.Count; index++)
        {
            cards.Add(departments[index]);
            if (index < districts.Count)
            {
                cards.Add(districts[index]);
            }
        }

        return cards;
    }

    /// <summary>Everything observable in a result, in output order.</summary>
    private static List<string> Describe(RankingResult result)
    {
        var lines = new List<string>();
        foreach (var group in result.Groups)
        {
            lines.Add(FormattableString.Invariant($"group {group.Type} {group.UnitCount} {group.ExcellentCap}"));
            lines.AddRange(group.Units.Select(unit =>
                FormattableString.Invariant($"{unit.UnitId} {unit.Name} {unit.Total} {unit.Rank} {unit.Class} {unit.Tie}")));
        }

        lines.AddRange(result.Flags.Select(flag => $"{flag.Kind} {flag.Type} {string.Join(",", flag.UnitIds)} {flag.Message}"));
        return lines;
    }
}
