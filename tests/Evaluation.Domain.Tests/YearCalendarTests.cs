using Evaluation.Domain.Calendar;

namespace Evaluation.Domain.Tests;

[Trait("Requirement", "R-7.1")]
public class YearCalendarTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static DateTimeOffset Local(int month, int day, int hour = 0, int minute = 0) =>
        new(2025, month, day, hour, minute, 0, Vietnam);

    private static DateTimeOffset Utc(int month, int day, int hour) => new(2025, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Default_deadlines_are_the_regulation_days_at_midnight_in_Vietnam()
    {
        // R-7.1 / Art. 7: self-assessment before 15/12, appraisal 15–25/12 (round 1 to 18/12, explanation 19–21/12,
        // round 2 22–25/12), leaders before 28/12, publication before 31/12; "before day D" = 00:00 on D, UTC+07:00,
        // so each instant is 17:00 UTC on the previous day.
        var calendar = YearCalendar.Default(2025);

        (DateTimeOffset Actual, int Day)[] expected =
        [
            (calendar.SelfAssessmentDue, 15),
            (calendar.AppraisalRound1Due, 19),
            (calendar.ExplanationDue, 22),
            (calendar.AppraisalRound2Due, 26),
            (calendar.LeaderScoringDue, 28),
            (calendar.PublicationDue, 31),
        ];
        foreach (var (actual, day) in expected)
        {
            Assert.Equal(Vietnam, actual.Offset);
            Assert.Equal(new DateTime(2025, 12, day, 0, 0, 0), actual.DateTime);
            Assert.Equal(new DateTime(2025, 12, day - 1, 17, 0, 0, DateTimeKind.Utc), actual.UtcDateTime);
        }

        Assert.Equal(DateTimeOffset.Parse("2025-12-14T17:00:00Z", System.Globalization.CultureInfo.InvariantCulture), calendar.SelfAssessmentDue);
        Assert.Equal(Utc(12, 14, 17), calendar.SelfAssessmentDue);
        Assert.True(calendar.Validate(2025).IsEmpty);
    }

    [Fact]
    public void Default_follows_the_year()
    {
        var calendar = YearCalendar.Default(2026);

        Assert.Equal(new DateTimeOffset(2026, 12, 15, 0, 0, 0, Vietnam), calendar.SelfAssessmentDue);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 0, 0, 0, Vietnam), calendar.PublicationDue);
    }

    [Fact]
    public void Phase_before_at_and_after_each_deadline()
    {
        var calendar = YearCalendar.Default(2025);
        var tick = TimeSpan.FromTicks(1);

        // (deadline, phase just before it, phase from the deadline on) — at the exact instant the next phase has begun.
        (DateTimeOffset Due, EvaluationPhase Before, EvaluationPhase From)[] steps =
        [
            (Local(12, 15), EvaluationPhase.SelfAssessment, EvaluationPhase.AppraisalRound1),
            (Local(12, 19), EvaluationPhase.AppraisalRound1, EvaluationPhase.Explanation),
            (Local(12, 22), EvaluationPhase.Explanation, EvaluationPhase.AppraisalRound2),
            (Local(12, 26), EvaluationPhase.AppraisalRound2, EvaluationPhase.LeaderScoring),
            (Local(12, 28), EvaluationPhase.LeaderScoring, EvaluationPhase.Ranking),
        ];
        foreach (var (due, before, from) in steps)
        {
            Assert.Equal(before, calendar.PhaseAt(due - tick));
            Assert.Equal(before, calendar.PhaseAt(due.AddHours(-1)));
            Assert.Equal(from, calendar.PhaseAt(due));
            Assert.Equal(from, calendar.PhaseAt(due + tick));
        }

        // The same instant written in UTC gives the same phase.
        Assert.Equal(EvaluationPhase.AppraisalRound1, calendar.PhaseAt(Utc(12, 14, 17)));
        Assert.Equal(EvaluationPhase.SelfAssessment, calendar.PhaseAt(Utc(12, 14, 16)));
        // Early in the year a started year is in self-assessment.
        Assert.Equal(EvaluationPhase.SelfAssessment, calendar.PhaseAt(Local(1, 2)));
        // Publication is an act of the working group (API: POST …/publish), not something the clock does.
        Assert.Equal(EvaluationPhase.Ranking, calendar.PhaseAt(Local(12, 31).AddHours(1)));
    }

    [Fact]
    public void Phase_follows_a_moved_deadline()
    {
        // the working group may move any date; the phase follows.
        var calendar = YearCalendar.Default(2025) with { SelfAssessmentDue = Local(12, 17) };

        Assert.Equal(EvaluationPhase.SelfAssessment, calendar.PhaseAt(Local(12, 16, 12)));
        Assert.Equal(EvaluationPhase.AppraisalRound1, calendar.PhaseAt(Local(12, 17)));
    }

    [Fact]
    public void Next_phase_change_after_an_instant()
    {
        var calendar = YearCalendar.Default(2025);

        Assert.Equal(Local(12, 15), calendar.NextPhaseChangeAfter(Local(1, 1)));
        Assert.Equal(Local(12, 15), calendar.NextPhaseChangeAfter(Local(12, 14, 23, 59)));
        Assert.Equal(Local(12, 19), calendar.NextPhaseChangeAfter(Local(12, 15))); // strictly after
        Assert.Equal(Local(12, 22), calendar.NextPhaseChangeAfter(Local(12, 20, 9)));
        Assert.Equal(Local(12, 26), calendar.NextPhaseChangeAfter(Local(12, 22)));
        Assert.Equal(Local(12, 28), calendar.NextPhaseChangeAfter(Local(12, 27, 12)));
        Assert.Null(calendar.NextPhaseChangeAfter(Local(12, 28)));
        Assert.Null(calendar.NextPhaseChangeAfter(Local(12, 30)));
    }

    [Fact]
    public void Validate_refuses_a_deadline_before_the_previous_one_naming_the_field()
    {
        var calendar = YearCalendar.Default(2025) with { ExplanationDue = Local(12, 18) }; // before round 1 ends (19/12)

        var errors = calendar.Validate(2025).ToDictionary();

        Assert.Equal(["calendar.explanationDue"], errors.Keys);
    }

    [Fact]
    [Trait("Requirement", "R-7.1")]
    public void Validate_refuses_last_years_dates_copied_into_a_new_year_naming_every_field()
    {
        var calendar = YearCalendar.Default(2025);

        var errors = calendar.Validate(2027).ToDictionary();

        Assert.Equal(6, errors.Count);
        Assert.Contains("01/01/2027", errors["calendar.selfAssessmentDue"][0], StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "R-7.1")]
    public void Validate_accepts_a_publication_that_slips_into_january_of_the_next_year_but_not_later()
    {
        var slipped = YearCalendar.Default(2025) with { PublicationDue = new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.FromHours(7)) };
        var tooLate = YearCalendar.Default(2025) with { PublicationDue = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(7)) };

        Assert.True(slipped.Validate(2025).IsEmpty);
        Assert.Equal(["calendar.publicationDue"], tooLate.Validate(2025).ToDictionary().Keys);
    }

    [Fact]
    public void Validate_refuses_equal_deadlines()
    {
        var calendar = YearCalendar.Default(2025) with { LeaderScoringDue = Local(12, 26) }; // same as round 2's

        Assert.Equal(["calendar.leaderScoringDue"], calendar.Validate(2025).ToDictionary().Keys);
    }

    [Fact]
    public void Validate_uses_the_given_prefix_and_names_every_bad_field()
    {
        var calendar = YearCalendar.Default(2025) with
        {
            AppraisalRound1Due = Local(12, 10), // before self-assessment
            PublicationDue = Local(12, 27),     // before leaders' scores
        };

        var errors = calendar.Validate(2025, "body.calendar").ToDictionary();

        Assert.Equal(["body.calendar.appraisalRound1Due", "body.calendar.publicationDue"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "R-7.3")]
    public void A_midnight_deadline_reads_as_the_end_of_the_day_before()
    {
        Assert.Equal("hết ngày 14/12/2025", ProvinceTime.FormatDeadline(Local(12, 15)));
        Assert.Equal("hết ngày 14/12/2025", ProvinceTime.FormatDeadline(Utc(12, 14, 17)));
        Assert.Equal("hết ngày 31/12/2025", ProvinceTime.FormatDeadline(new DateTimeOffset(2026, 1, 1, 0, 0, 0, Vietnam)));
    }

    [Fact]
    [Trait("Requirement", "R-7.3")]
    public void A_deadline_not_at_midnight_reads_with_its_time_in_Vietnam()
    {
        // 10:30 UTC is 17:30 in Vietnam.
        Assert.Equal("17:30 ngày 15/12/2025", ProvinceTime.FormatDeadline(new DateTimeOffset(2025, 12, 15, 10, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Province_time_is_utc_plus_seven()
    {
        Assert.Equal(Vietnam, ProvinceTime.ToProvince(Utc(6, 1, 0)).Offset);
        Assert.Equal(new DateTime(2025, 6, 1, 7, 0, 0), ProvinceTime.ToProvince(Utc(6, 1, 0)).DateTime);
        Assert.Equal(Local(12, 15), ProvinceTime.StartOfDay(2025, 12, 15));
    }
}
