using System.Text.Json;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Common;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;

namespace Evaluation.Domain.Tests;

[Trait("Requirement", "R-7.1")]
public class YearSetupReaderTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static (YearSetup? Setup, ValidationErrors Errors) Read(string json, int year = 2025)
    {
        using var document = JsonDocument.Parse(json);
        return YearSetupReader.Read(document.RootElement, year);
    }

    private static YearSetup ReadValid(string json, int year = 2025)
    {
        var (setup, errors) = Read(json, year);
        Assert.True(errors.IsEmpty, string.Join("; ", errors.AllMessages()));
        return setup!;
    }

    private static string Calendar(string field, string value) => $$"""{ "calendar": { "{{field}}": "{{value}}" } }""";

    [Fact]
    [Trait("Requirement", "R-1.1")]
    [Trait("Requirement", "R-6.3")]
    public void An_empty_body_takes_every_default()
    {
        var setup = ReadValid("{}");

        Assert.Equal(YearCalendar.Default(2025), setup.Calendar);
        Assert.Equal(new DateTimeOffset(2025, 12, 15, 0, 0, 0, Vietnam), setup.Calendar.SelfAssessmentDue);
        Assert.Equal(RankingSettings.Default, setup.Settings);
        Assert.Equal(["01", "02", "03", "04"], setup.UnitTypes.Select(type => type.Code));
    }

    [Fact]
    public void Omitted_calendar_fields_take_the_defaults_of_that_year()
    {
        var setup = ReadValid(Calendar("selfAssessmentDue", "2026-12-10T00:00:00+07:00"), year: 2026);

        var defaults = YearCalendar.Default(2026);
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 0, 0, 0, Vietnam), setup.Calendar.SelfAssessmentDue);
        Assert.Equal(defaults.AppraisalRound1Due, setup.Calendar.AppraisalRound1Due);
        Assert.Equal(defaults.ExplanationDue, setup.Calendar.ExplanationDue);
        Assert.Equal(defaults.AppraisalRound2Due, setup.Calendar.AppraisalRound2Due);
        Assert.Equal(defaults.LeaderScoringDue, setup.Calendar.LeaderScoringDue);
        Assert.Equal(defaults.PublicationDue, setup.Calendar.PublicationDue);
        Assert.Equal(new DateTimeOffset(2026, 12, 28, 0, 0, 0, Vietnam), setup.Calendar.LeaderScoringDue);
    }

    [Fact]
    public void A_utc_instant_is_accepted_as_the_same_instant()
    {
        var setup = ReadValid(Calendar("leaderScoringDue", "2025-12-29T03:00:00Z"));

        Assert.Equal(new DateTimeOffset(2025, 12, 29, 10, 0, 0, Vietnam), setup.Calendar.LeaderScoringDue);
    }

    [Theory]
    [InlineData("2025-12-15T00:00:00")] // no offset: which midnight?
    [InlineData("2025-12-15")]
    [InlineData("hôm nay")]
    public void A_deadline_without_an_offset_is_refused(string value)
    {
        var (setup, errors) = Read(Calendar("selfAssessmentDue", value));

        Assert.Null(setup);
        Assert.Equal(["calendar.selfAssessmentDue"], errors.ToDictionary().Keys);
        Assert.Null(YearSetupReader.ParseInstant(value));
    }

    [Fact]
    public void A_deadline_that_is_not_a_string_is_refused()
    {
        var (setup, errors) = Read("""{ "calendar": { "explanationDue": 20251222 } }""");

        Assert.Null(setup);
        Assert.Equal(["calendar.explanationDue"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_deadline_in_day_month_form_is_refused_even_with_an_offset()
    {
        // API.md: calendar fields are ISO 8601 instants. "01/12/2025" is 1 December to a Vietnamese reader and
        // 12 January to an invariant-culture parser; accepting it silently moves a deadline by eleven months.
        var (setup, errors) = Read(Calendar("selfAssessmentDue", "01/12/2025 00:00:00 +07:00"));

        Assert.Null(setup);
        Assert.Contains("calendar.selfAssessmentDue", errors.ToDictionary().Keys);
    }

    [Fact]
    public void An_unknown_calendar_field_is_refused()
    {
        var (setup, errors) = Read(Calendar("rankingDue", "2025-12-29T00:00:00+07:00"));

        Assert.Null(setup);
        Assert.Equal(["calendar.rankingDue"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void An_unknown_body_field_is_refused()
    {
        var (setup, errors) = Read("""{ "calender": {} }""");

        Assert.Null(setup);
        Assert.Equal(["calender"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Deadlines_out_of_order_are_refused_naming_the_field()
    {
        // Round 1 moved to 23/12, after the default explanation deadline (22/12).
        var (setup, errors) = Read(Calendar("appraisalRound1Due", "2025-12-23T00:00:00+07:00"));

        Assert.Null(setup);
        Assert.Equal(["calendar.explanationDue"], errors.ToDictionary().Keys);
    }

    [Fact]
    [Trait("Requirement", "R-6.3")]
    public void Settings_are_read()
    {
        var setup = ReadValid("""
            { "settings": { "excellentCapPercent": 20, "capRounding": "nearest", "excellentMinScore": 85,
                            "goodMinScore": 80, "doneMinScore": 65 } }
            """);

        Assert.Equal(CapRounding.Nearest, setup.Settings.CapRounding);
        Assert.Equal(85m, setup.Settings.ExcellentMinScore);
        Assert.Equal(20m, setup.Settings.ExcellentCapPercent);
        Assert.Equal(YearCalendar.Default(2025), setup.Calendar);
    }

    [Fact]
    [Trait("Requirement", "R-6.3")]
    public void Bad_settings_are_refused_with_their_paths()
    {
        var (setup, errors) = Read("""{ "settings": { "capRounding": "up", "excellentCapPercent": 120 } }""");

        Assert.Null(setup);
        Assert.Equal(["settings.capRounding", "settings.excellentCapPercent"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "R-1.1")]
    public void A_custom_unit_type_list_with_a_fifth_type_is_accepted()
    {
        var setup = ReadValid("""
            { "unitTypes": [
                { "code": "01", "name": "Sở, ban, ngành" },
                { "code": "02", "name": "UBND huyện, thành, thị" },
                { "code": "03", "name": "Đơn vị sự nghiệp công lập trực thuộc UBND tỉnh" },
                { "code": "04", "name": "Cơ quan ngành dọc đóng trên địa bàn tỉnh" },
                { "code": "05", "name": "UBND cấp xã" } ] }
            """);

        Assert.Equal(["01", "02", "03", "04", "05"], setup.UnitTypes.Select(type => type.Code));
        Assert.Equal(new UnitType("05", "UBND cấp xã"), setup.UnitTypes[4]);
    }

    [Fact]
    [Trait("Requirement", "R-1.1")]
    public void A_duplicate_unit_type_code_is_refused()
    {
        var (setup, errors) = Read("""
            { "unitTypes": [ { "code": "01", "name": "Sở, ban, ngành" }, { "code": "01", "name": "Sở (trùng)" } ] }
            """);

        Assert.Null(setup);
        Assert.Equal(["unitTypes[1].code"], errors.ToDictionary().Keys);
    }

    [Theory]
    [Trait("Requirement", "R-1.1")]
    [InlineData("""{ "unitTypes": [] }""", "unitTypes")]
    [InlineData("""{ "unitTypes": [ { "code": "0 1", "name": "x" } ] }""", "unitTypes[0].code")]
    [InlineData("""{ "unitTypes": [ { "code": "05", "name": "" } ] }""", "unitTypes[0].name")]
    public void Bad_unit_types_are_refused(string json, string field)
    {
        var (setup, errors) = Read(json);

        Assert.Null(setup);
        Assert.Equal([field], errors.ToDictionary().Keys);
    }
}
