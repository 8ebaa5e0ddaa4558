using System.Text.Json;
using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Common;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;

namespace Evaluation.Domain.Tests;

/// <summary>The pure rules issue 5 adds: reminder lead times, a unit's scores from stored decisions, round completion.</summary>
public sealed class YearCycleRulesTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 15, 0, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    [Trait("Requirement", "R-7.2")]
    public void Reminders_fall_at_each_lead_time_before_the_deadline_earliest_first_and_only_in_the_future()
    {
        var schedule = ReminderSchedule.Default;
        var all = schedule.Before(Due, Due.AddDays(-30));
        Assert.Equal([Due.AddDays(-7), Due.AddDays(-3), Due.AddDays(-1)], all.Select(item => item.At));

        // Started two days before the deadline: the 7- and 3-day reminders are past and not sent late.
        var late = schedule.Before(Due, Due.AddDays(-2));
        Assert.Equal([TimeSpan.FromDays(1)], late.Select(item => item.Lead));
        Assert.Empty(schedule.Before(Due, Due));
    }

    [Theory]
    [Trait("Requirement", "R-7.2")]
    [InlineData("""{ "leadTimes": ["P7D", "PT12H", "PT30S"] }""", null)]
    [InlineData("""{ "leadTimes": ["7 ngày"] }""", "reminders.leadTimes[0]")]
    [InlineData("""{ "leadTimes": ["P90D"] }""", "reminders.leadTimes[0]")]
    [InlineData("""{ "leadTimes": ["-P1D"] }""", "reminders.leadTimes[0]")]
    [InlineData("""{ "leadTimes": ["P1D", "PT24H"] }""", "reminders.leadTimes[1]")]
    [InlineData("""{ "leadTimes": "P1D" }""", "reminders.leadTimes")]
    [InlineData("""{ "leadTimes": ["P1D"], "email": true }""", "reminders.email")]
    public void Lead_times_are_positive_iso_durations_up_to_sixty_days_without_repeats(string json, string? errorField)
    {
        var errors = new ValidationErrors();
        using var document = JsonDocument.Parse(json);
        var schedule = ReminderSchedule.Read(document.RootElement, "reminders", errors);
        if (errorField is null)
        {
            Assert.True(errors.IsEmpty);
            Assert.Equal([TimeSpan.FromDays(7), TimeSpan.FromHours(12), TimeSpan.FromSeconds(30)], schedule!.LeadTimes);
            Assert.Equal(["P7D", "PT12H", "PT30S"], schedule.ToIso());
        }
        else
        {
            Assert.Contains(errorField, errors.ToDictionary().Keys);
        }
    }

    [Fact]
    public void Lead_times_read_in_Vietnamese()
    {
        Assert.Equal("7 ngày", ReminderSchedule.Vietnamese(TimeSpan.FromDays(7)));
        Assert.Equal("12 giờ", ReminderSchedule.Vietnamese(TimeSpan.FromHours(12)));
        Assert.Equal("30 giây", ReminderSchedule.Vietnamese(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    [Trait("Requirement", "R-6.1")]
    [Trait("Requirement", "R-6.4")]
    public void A_units_sections_come_from_the_councils_final_scores_the_penalties_and_the_leaders_mean()
    {
        var catalogue = TestCatalogues.ReadValid(TestCatalogues.Minimal());
        var finals = new Dictionary<string, decimal?>
        {
            ["I.1.1"] = 8m, ["I.1.2"] = 5m, ["I.2"] = 10m, ["I.3"] = null, // I.3: nobody decided
            ["II.2.1.1"] = 3m, ["II.2.1.2"] = 3.5m, ["II.2.2"] = 6m, ["II.1"] = 12.25m,
            ["III.1"] = 8m, ["IV.1"] = 2m,
        };
        var sheet = ScoreSheetBuilder.Build(
            new Unit("so-y-te", "Sở Y tế", "01"),
            catalogue,
            code => finals.GetValueOrDefault(code),
            new Dictionary<string, decimal> { ["VII.2"] = 0.5m },
            survey: 12.5m,
            leaders: 3.75m,
            otherIndexPoints: _ => null);

        Assert.Equal(23m, sheet.Sections["I"]);
        Assert.Equal(24.75m, sheet.Sections["II"]);
        Assert.Equal(8m, sheet.Sections["III"]);
        Assert.Equal(2m, sheet.Sections["IV"]);
        Assert.Equal(12.5m, sheet.Sections["V"]);
        Assert.Equal(3.75m, sheet.Sections["VI"]);
        Assert.Equal(0.5m, sheet.Sections["VII"]);
        Assert.Equal(1, sheet.Unappraised);
        Assert.Equal(0m, sheet.Criteria.Single(item => item.Code == "I.3").Score);
        Assert.Equal(8.5m, sheet.Criteria.Single(item => item.Code == "I.3").MaxScore);
        Assert.Equal(73.5m, ScoreSheetBuilder.Scorecard(sheet).Sections.Total());
    }

    [Fact]
    [Trait("Requirement", "R-3.3")]
    public void Rounds_are_complete_when_every_leaf_has_a_round_one_decision_and_every_questioned_one_a_round_two_decision()
    {
        string[] leaves = ["I.1", "I.2", "I.3"];
        var round1 = new Dictionary<string, DecisionKind> { ["I.1"] = DecisionKind.Agree, ["I.2"] = DecisionKind.Disagree };
        var round2 = new HashSet<string>();

        Assert.Equal((false, false), AppraisalCompletion.Of(leaves, code => round1.TryGetValue(code, out var kind) ? kind : null, round2.Contains));
        round1["I.3"] = DecisionKind.RequestEvidence;
        Assert.Equal((true, false), AppraisalCompletion.Of(leaves, code => round1[code], round2.Contains));
        round2.Add("I.2");
        Assert.Equal((true, false), AppraisalCompletion.Of(leaves, code => round1[code], round2.Contains));
        round2.Add("I.3");
        Assert.Equal((true, true), AppraisalCompletion.Of(leaves, code => round1[code], round2.Contains));

        // Nothing questioned: round 2 has nothing to do, so it is complete with round 1.
        Assert.Equal((true, true), AppraisalCompletion.Of(leaves, _ => DecisionKind.Agree, _ => false));
    }
}
