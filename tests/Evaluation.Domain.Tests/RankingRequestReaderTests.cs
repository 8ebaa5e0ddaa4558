using System.Text.Json;
using Evaluation.Domain.Common;
using Evaluation.Domain.Ranking;

namespace Evaluation.Domain.Tests;

public class RankingRequestReaderTests
{
    private static (RankingRequest? Request, ValidationErrors Errors) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return RankingRequestReader.Read(document.RootElement);
    }

    [Fact]
    [Trait("Requirement", "R-6.3")]
    public void Omitted_settings_take_the_regulation_defaults()
    {
        var (request, errors) = Read("""
            { "units": [ { "unitId": "so-y-te", "name": "Sở Y tế", "type": "01",
                           "sections": { "I": 38.5, "II": 26, "III": 8, "IV": 7.5, "V": 13.25, "VI": 3.5, "VII": 0.5 } } ] }
            """);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.AllMessages()));
        Assert.NotNull(request);
        // API.md defaults: 20 %, floor, 80, 80, 65.
        Assert.Equal(20m, request.Settings.ExcellentCapPercent);
        Assert.Equal(CapRounding.Floor, request.Settings.CapRounding);
        Assert.Equal(80m, request.Settings.ExcellentMinScore);
        Assert.Equal(80m, request.Settings.GoodMinScore);
        Assert.Equal(65m, request.Settings.DoneMinScore);

        var unit = Assert.Single(request.Units);
        Assert.Equal("so-y-te", unit.UnitId);
        Assert.Equal("Sở Y tế", unit.Name);
        Assert.Equal("01", unit.Type);
        Assert.Equal(38.5m, unit.Sections["I"]);
        Assert.Equal(13.25m, unit.Sections["V"]);
        Assert.Equal(0.5m, unit.Sections["VII"]);
    }

    [Fact]
    [Trait("Requirement", "R-6.3")]
    public void Given_settings_are_read_and_omitted_fields_keep_their_defaults()
    {
        var (request, errors) = Read("""
            { "settings": { "excellentCapPercent": 25, "capRounding": "nearest", "goodMinScore": 82.5 },
              "units": [ { "unitId": "u1", "type": "02", "sections": { "I": 39, "II": 0 } } ] }
            """);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.AllMessages()));
        Assert.NotNull(request);
        Assert.Equal(25m, request.Settings.ExcellentCapPercent);
        Assert.Equal(CapRounding.Nearest, request.Settings.CapRounding);
        Assert.Equal(82.5m, request.Settings.GoodMinScore);
        Assert.Equal(80m, request.Settings.ExcellentMinScore);
        Assert.Equal(65m, request.Settings.DoneMinScore);
        // Boundaries are inside the range: I at its maximum 39 and II at 0 are accepted.
        Assert.Equal(39m, request.Units[0].Sections["I"]);
        // A unit without a name is named by its id.
        Assert.Equal("u1", request.Units[0].Name);
    }

    [Fact]
    [Trait("Requirement", "R-1.3")]
    [Trait("Requirement", "R-6.1")]
    public void Every_problem_is_reported_in_one_read_with_its_field_path()
    {
        var (request, errors) = Read("""
            {
              "settings": { "capRounding": "round", "goodMinScore": 70, "doneMinScore": 75 },
              "version": 2,
              "units": [
                { "unitId": "u1", "type": "01", "sections": { "I": 30 } },
                { "unitId": "u2", "type": "01", "sections": { "I": 39.5 } },
                { "unitId": "u3", "type": "01", "sections": { "II": -1 } },
                { "unitId": "u4", "type": "01", "sections": { "VIII": 1 } },
                { "unitId": "u5", "type": "01", "sections": { "III": "8" } },
                { "unitId": "u1", "type": "01", "sections": { "I": 20 } },
                { "unitId": "u7", "sections": { "I": 20 } }
              ]
            }
            """);

        Assert.Null(request);
        var byField = errors.ToDictionary();
        string[] expected =
        [
            "settings.capRounding",   // not floor / nearest / ceiling
            "settings.doneMinScore",  // 75 > goodMinScore 70
            "version",                // unknown top-level field
            "units[1].sections.I",    // 39.5 > 39
            "units[2].sections.II",   // below 0
            "units[3].sections.VIII", // no such section
            "units[4].sections.III",  // not a number
            "units[5].unitId",        // duplicate of units[0]
            "units[6].type",          // missing
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), byField.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Length, errors.Count);
        Assert.All(byField.Values, messages => Assert.All(messages, message => Assert.False(string.IsNullOrWhiteSpace(message))));
    }

    [Theory]
    [Trait("Requirement", "R-1.3")]
    [InlineData("I", "39.01")]
    [InlineData("II", "27.5")]
    [InlineData("III", "8.5")]
    [InlineData("IV", "8.25")]
    [InlineData("V", "14.5")]
    [InlineData("VI", "4.01")]
    [InlineData("VII", "-0.5")]
    public void A_section_outside_zero_to_its_weight_is_refused(string section, string score)
    {
        var (request, errors) = Read($$"""{ "units": [ { "unitId": "u1", "type": "01", "sections": { "{{section}}": {{score}} } } ] }""");

        Assert.Null(request);
        Assert.Equal(["units[0].sections." + section], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Units_must_be_an_array()
    {
        var (request, errors) = Read("""{ "settings": {} }""");

        Assert.Null(request);
        Assert.Contains("units", errors.ToDictionary().Keys);
    }
}
