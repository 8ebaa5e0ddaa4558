using System.Globalization;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Leaders;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;

namespace Evaluation.Domain.Tests;

[Trait("Requirement", "R-5.3")]
public class LeaderBallotScoresTests
{
    private static Dictionary<string, decimal> Ballot(params (string Unit, decimal Score)[] scores) =>
        scores.ToDictionary(entry => entry.Unit, entry => entry.Score, StringComparer.Ordinal);

    [Fact]
    public void Section_VI_is_the_mean_of_the_leaders_scores()
    {
        var means = LeaderScores.Means([Ballot(("so-tc", 4m)), Ballot(("so-tc", 3.5m)), Ballot(("so-tc", 3m))]);

        Assert.Equal(3.5m, means["so-tc"]);
    }

    [Fact]
    public void A_leader_who_has_not_scored_a_unit_does_not_pull_its_mean_down()
    {
        var means = LeaderScores.Means([Ballot(("a", 4m), ("b", 2m)), Ballot(("a", 3m))]);

        Assert.Equal(3.5m, means["a"]);
        Assert.Equal(2m, means["b"]);
        Assert.Equal(2, means.Count);
    }

    [Theory]
    [InlineData(new[] { "4", "4", "3.75" }, "3.92")] // 3.91666… rounds up
    [InlineData(new[] { "4", "3.5", "3.75" }, "3.75")]
    [InlineData(new[] { "3.25", "3.26" }, "3.26")] // 3.255 is a midpoint: away from zero
    [InlineData(new[] { "0.01", "0" }, "0.01")] // 0.005 is a midpoint: away from zero, not to even (0.00)
    [InlineData(new[] { "1", "1", "0" }, "0.67")]
    [InlineData(new[] { "0" }, "0")]
    public void The_mean_is_rounded_to_two_decimals_half_away_from_zero(string[] scores, string expected)
    {
        var mean = LeaderScores.Mean(scores.Select(score => decimal.Parse(score, CultureInfo.InvariantCulture)));

        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), mean);
    }

    [Fact]
    public void Nobody_scored_means_no_mean()
    {
        Assert.Null(LeaderScores.Mean([]));
        Assert.Empty(LeaderScores.Means([Ballot(), Ballot()]));
    }

    [Trait("Requirement", "R-5.1")]
    [Theory]
    [InlineData("0", true)]
    [InlineData("4", true)]
    [InlineData("3.75", true)]
    [InlineData("4.01", false)]
    [InlineData("-0.5", false)]
    [InlineData("3.333", false)]
    public void A_leader_gives_0_to_4_points_with_at_most_two_decimals(string score, bool valid)
    {
        Assert.Equal(valid, LeaderScores.IsValid(decimal.Parse(score, CultureInfo.InvariantCulture)));
        Assert.Equal(4m, LeaderScores.Max);
    }
}

[Trait("Requirement", "R-5.2")]
public class LeaderBallotWindowTests
{
    // Default 2025 calendar: round 2 closes 00:00 26/12, leaders' scores due 00:00 28/12 (Asia/Ho_Chi_Minh).
    private static readonly EvaluationYear Year2025 = new(
        2025,
        new YearSetup(YearCalendar.Default(2025), RankingSettings.Default, UnitType.RegulationDefaults),
        EvaluationPhase.LeaderScoring,
        DateTimeOffset.Parse("2025-01-02T00:00:00+07:00", CultureInfo.InvariantCulture));

    private static DateTimeOffset Local(string text) => DateTimeOffset.Parse(text + "+07:00", CultureInfo.InvariantCulture);

    [Fact]
    public void Leaders_score_from_the_close_of_round_2_until_the_deadline()
    {
        Assert.Null(LeaderBallotWindow.Refusal(Year2025, Local("2025-12-26T00:00:00")));
        Assert.Null(LeaderBallotWindow.Refusal(Year2025, Local("2025-12-27T23:59:59")));
    }

    [Fact]
    public void Before_round_2_closes_the_refusal_names_both_dates()
    {
        var refusal = LeaderBallotWindow.Refusal(Year2025, Local("2025-12-25T23:59:00"));

        Assert.Equal("Chưa đến thời gian chấm điểm. Lãnh đạo UBND tỉnh chấm điểm từ 00:00 ngày 26/12/2025 (sau khi kết thúc thẩm định lần 2) đến hết ngày 27/12/2025.", refusal);
    }

    [Trait("Requirement", "R-7.3")]
    [Fact]
    public void After_the_deadline_the_refusal_names_it()
    {
        var refusal = LeaderBallotWindow.Refusal(Year2025, Local("2025-12-28T00:00:00"));

        Assert.StartsWith("Đã hết hạn chấm điểm lúc 00:00 ngày 28/12/2025 (hạn chấm: hết ngày 27/12/2025)", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Opened_early_closed_early_and_published_years_follow_the_working_group()
    {
        var openedEarly = Year2025 with { LeaderScoringOpenedAt = Local("2025-12-24T08:00:00") };
        Assert.Null(LeaderBallotWindow.Refusal(openedEarly, Local("2025-12-24T09:00:00")));

        var closedEarly = Year2025 with { LeaderScoringClosedAt = Local("2025-12-27T10:00:00") };
        Assert.StartsWith("Tổ công tác đã kết thúc việc chấm điểm lúc 10:00 ngày 27/12/2025", LeaderBallotWindow.Refusal(closedEarly, Local("2025-12-27T11:00:00")), StringComparison.Ordinal);

        var published = Year2025 with { PublishedAt = Local("2025-12-27T12:00:00") };
        Assert.StartsWith("Kết quả đánh giá năm 2025 đã được công bố lúc 12:00 ngày 27/12/2025", LeaderBallotWindow.Refusal(published, Local("2025-12-27T11:00:00")), StringComparison.Ordinal);
    }
}
