using System.Text;
using System.Text.Json.Nodes;
using Evaluation.Domain.Catalogues;
using static Evaluation.Domain.Tests.TestCatalogues;

namespace Evaluation.Domain.Tests;

[Trait("Requirement", "R-1.2")]
public class CatalogueReaderTests
{
    /// <summary>Asserts the read failed and that <paramref name="field"/> is among the fields named; returns its messages.</summary>
    private static string[] AssertRefused(CatalogueReadResult result, string field)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Catalogue);
        var errors = result.Errors.ToDictionary();
        Assert.True(errors.ContainsKey(field), $"No error for {field}; errors: {string.Join(" | ", errors.Select(pair => pair.Key + ": " + string.Join(" / ", pair.Value)))}");
        return errors[field];
    }

    // ---- the happy path ----------------------------------------------------------------------------------------

    [Fact]
    [Trait("Requirement", "R-1.3")]
    public void The_minimal_catalogue_reads_with_its_tree()
    {
        var result = Read(Minimal(), expectedIndexSet: "01", expectedYear: 2025);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors.AllMessages()));
        var catalogue = result.Catalogue!;
        Assert.Equal("01", catalogue.IndexSet);
        Assert.Equal(2025, catalogue.Year);
        Assert.Equal(["I", "II", "III", "IV", "V", "VI", "VII"], catalogue.Sections.Select(section => section.Code));
        Assert.Equal(
            [SectionKind.Scored, SectionKind.Scored, SectionKind.Scored, SectionKind.Bonus, SectionKind.Survey, SectionKind.Leaders, SectionKind.Penalty],
            catalogue.Sections.Select(section => section.Kind));
        Assert.Equal([39m, 27m, 8m, 8m, 14m, 4m], catalogue.Sections.Take(6).Select(section => section.MaxScore!.Value));
        Assert.Empty(catalogue.Section("VI")!.Criteria);

        // A third level below the section is allowed (II.2.1.1).
        var deepest = catalogue.Find("II.2.1.1")!;
        Assert.Equal(3, deepest.Depth);
        Assert.Equal(3.25m, deepest.Criterion.MaxScore);
        Assert.Equal(
            ["I.1.1", "I.1.2", "I.2", "I.3", "II.1", "II.2.1.1", "II.2.1.2", "II.2.2", "III.1", "IV.1", "V.1", "V.2", "VII.1", "VII.2"],
            catalogue.Leaves().Select(entry => entry.Criterion.Code));
        Assert.Equal([0m, 0.5m, 1m], catalogue.Find("VII.2")!.Criterion.AllowedScores!);
    }

    [Fact]
    public void Sections_come_out_in_the_regulation_order_whatever_the_file_order()
    {
        var root = Minimal();
        var reversed = root.SectionsArray().Select(node => node!.DeepClone()).Reverse().ToArray();
        root["sections"] = new JsonArray(reversed);

        var catalogue = ReadValid(root);

        Assert.Equal(["I", "II", "III", "IV", "V", "VI", "VII"], catalogue.Sections.Select(section => section.Code));
    }

    [Fact]
    public void Children_inherit_the_appraiser_agency_of_their_parent()
    {
        var catalogue = ReadValid(Minimal());

        Assert.Equal("SKHDT", catalogue.Find("I.1")!.EffectiveAgency);
        Assert.Null(catalogue.Find("I.1.1")!.Criterion.AppraiserAgency);
        Assert.Equal("SKHDT", catalogue.Find("I.1.1")!.EffectiveAgency); // inherited
        Assert.Equal("SNV", catalogue.Find("I.1.2")!.EffectiveAgency);   // its own wins
        Assert.Null(catalogue.Find("I.2")!.EffectiveAgency);             // no parent agency to inherit
        Assert.Equal("VPUBND", catalogue.Find("II.2.1.2")!.EffectiveAgency); // two levels down
        Assert.Equal("VPUBND", catalogue.Entries().Single(entry => entry.Criterion.Code == "II.2.2").EffectiveAgency);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("5", true)]
    [InlineData("5.00", true)]
    [InlineData("10", true)]
    [InlineData("2.5", false)] // not one of [0, 5, 10]
    [InlineData("-5", false)]
    [InlineData("15", false)]
    public void Criterion_accepts_only_allowed_scores(string score, bool accepted)
    {
        var criterion = ReadValid(Minimal()).Find("I.1.2")!.Criterion; // max 10, allowed [0, 5, 10]

        Assert.Equal(accepted, criterion.Accepts(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("0.01", true)]
    [InlineData("10.5", true)]
    [InlineData("10.51", false)] // above the maximum 10.5
    [InlineData("-0.01", false)]
    public void Criterion_without_allowed_scores_accepts_zero_to_its_maximum(string score, bool accepted)
    {
        var criterion = ReadValid(Minimal()).Find("I.2")!.Criterion; // max 10.5, no allowed list

        Assert.Equal(accepted, criterion.Accepts(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Vietnamese_text_is_normalised_to_NFC()
    {
        var nfcTitle = "Chỉ số 01 - Nội dung đánh giá".Normalize(NormalizationForm.FormC);
        var nfdTitle = nfcTitle.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(nfcTitle, nfdTitle); // the input really is decomposed
        var nfcCriterion = "Tiến độ thực hiện".Normalize(NormalizationForm.FormC);
        var root = Minimal();
        root["title"] = nfdTitle;
        root.Criterion("I.1.2")["title"] = nfcCriterion.Normalize(NormalizationForm.FormD);

        var catalogue = ReadValid(root);

        Assert.True(catalogue.Title.IsNormalized(NormalizationForm.FormC));
        Assert.Equal(nfcTitle, catalogue.Title);
        Assert.Equal(nfcCriterion, catalogue.Find("I.1.2")!.Criterion.Title);
    }

    // ---- file-level rules --------------------------------------------------------------------------------------

    [Fact]
    [Trait("Requirement", "R-1.3")]
    public void Not_json_is_refused()
    {
        var result = CatalogueReader.Read(Encoding.UTF8.GetBytes("{ \"indexSet\": \"01\", "));

        AssertRefused(result, "$");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"Chỉ số 01\"")]
    [InlineData("42")]
    public void A_root_that_is_not_an_object_is_refused(string json)
    {
        var result = CatalogueReader.Read(Encoding.UTF8.GetBytes(json));

        AssertRefused(result, "$");
    }

    [Theory]
    [InlineData("indexSet")]
    [InlineData("year")]
    [InlineData("title")]
    [InlineData("sections")]
    public void A_missing_required_root_field_is_refused(string field)
    {
        var root = Minimal();
        root.Remove(field);

        AssertRefused(Read(root), field);
    }

    [Fact]
    public void An_index_set_other_than_the_expected_one_is_refused()
    {
        Assert.True(Read(Minimal(), expectedIndexSet: "01").IsValid);

        AssertRefused(Read(Minimal(), expectedIndexSet: "02"), "indexSet");
    }

    [Fact]
    public void A_year_other_than_the_expected_one_is_refused()
    {
        Assert.True(Read(Minimal(), expectedYear: 2025).IsValid);

        AssertRefused(Read(Minimal(), expectedYear: 2026), "year");
    }

    [Fact]
    public void A_year_that_is_not_an_integer_is_refused()
    {
        var root = Minimal();
        root["year"] = "2025";

        AssertRefused(Read(root), "year");
    }

    [Fact]
    public void An_unknown_field_at_the_root_is_refused()
    {
        var root = Minimal();
        root["version"] = 2;

        AssertRefused(Read(root), "version");
    }

    [Fact]
    public void An_unknown_field_in_a_section_is_refused()
    {
        var root = Minimal();
        root.Section("I")["weight"] = 39;

        AssertRefused(Read(root), "sections[0].weight");
    }

    [Fact]
    public void An_unknown_field_in_a_criterion_is_refused()
    {
        var root = Minimal();
        root.Criterion("I.2")["points"] = 10.5m;

        AssertRefused(Read(root), "sections[0].criteria[1].points");
    }

    // ---- sections ----------------------------------------------------------------------------------------------

    [Fact]
    public void A_duplicate_section_is_refused()
    {
        var root = Minimal();
        root.SectionsArray().Add(new JsonObject { ["code"] = "VI", ["kind"] = "leaders", ["maxScore"] = 4 });

        var messages = AssertRefused(Read(root), "sections[7].code");
        Assert.Contains(messages, message => message.Contains("VI", StringComparison.Ordinal));
    }

    [Theory]
    [Trait("Requirement", "R-1.3")]
    [InlineData(0, "I")]
    [InlineData(2, "III")]
    [InlineData(5, "VI")]
    [InlineData(6, "VII")]
    public void A_missing_section_is_refused_naming_it(int index, string code)
    {
        var root = Minimal();
        root.SectionsArray().RemoveAt(index);

        var messages = AssertRefused(Read(root), "sections");
        Assert.Contains(messages, message => message.Contains("nội dung " + code + " ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("I", "bonus")]
    [InlineData("IV", "scored")]
    [InlineData("V", "penalty")]
    [InlineData("VI", "survey")]
    [InlineData("VII", "bonus")]
    [InlineData("II", "unknown")]
    public void A_section_of_the_wrong_kind_is_refused(string code, string kind)
    {
        var root = Minimal();
        var section = root.Section(code);
        section["kind"] = kind;
        var index = root.SectionsArray().IndexOf(section);

        AssertRefused(Read(root), $"sections[{index}].kind");
    }

    [Theory]
    [Trait("Requirement", "R-1.3")]
    // The weights of Art. 4.2 are 39, 27, 8, 8, 14, 4; each value here is off by a little.
    [InlineData("I", "40")]
    [InlineData("I", "38.5")]
    [InlineData("II", "26")]
    [InlineData("III", "9")]
    [InlineData("IV", "7")]
    [InlineData("V", "15")]
    [InlineData("VI", "5")]
    public void A_section_maximum_other_than_the_regulation_weight_is_refused(string code, string maxScore)
    {
        var root = Minimal();
        var section = root.Section(code);
        section["maxScore"] = decimal.Parse(maxScore, System.Globalization.CultureInfo.InvariantCulture);
        var index = root.SectionsArray().IndexOf(section);

        AssertRefused(Read(root), $"sections[{index}].maxScore");
    }

    [Fact]
    [Trait("Requirement", "R-1.3")]
    public void A_missing_section_maximum_is_refused()
    {
        var root = Minimal();
        root.Section("III").Remove("maxScore");

        AssertRefused(Read(root), "sections[2].maxScore");
    }

    [Fact]
    public void Section_VI_with_criteria_is_refused()
    {
        var root = Minimal();
        root.Section("VI")["criteria"] = new JsonArray(new JsonObject { ["code"] = "VI.1", ["title"] = "Điểm của Chủ tịch", ["maxScore"] = 4 });

        AssertRefused(Read(root), "sections[5].criteria");
    }

    [Fact]
    [Trait("Requirement", "R-1.3")]
    public void Criteria_not_adding_up_to_the_section_maximum_are_refused_naming_the_section()
    {
        // II.1 13.5 → 13: II now adds up to 26.5 instead of 27.
        var root = Minimal();
        root.Criterion("II.1")["maxScore"] = 13;

        var messages = AssertRefused(Read(root), "sections[1].criteria");
        Assert.Contains(messages, message => message.Contains("Nội dung II:", StringComparison.Ordinal));
        Assert.Single(Read(root).Errors.ToDictionary());
    }

    [Fact]
    [Trait("Requirement", "R-1.3")]
    public void Penalty_items_are_not_summed_to_a_section_maximum()
    {
        var root = Minimal();
        root.Criterion("VII.1")["maxScore"] = 5;

        Assert.True(Read(root).IsValid);
    }

    // ---- criteria ----------------------------------------------------------------------------------------------

    [Fact]
    [Trait("Requirement", "R-1.3")]
    public void Children_not_adding_up_to_their_parent_are_refused()
    {
        // I.1 is 20 but its children now add up to 9 + 10 = 19.
        var root = Minimal();
        root.Criterion("I.1.1")["maxScore"] = 9;

        var messages = AssertRefused(Read(root), "sections[0].criteria[0].children");
        Assert.Contains(messages, message => message.Contains("I.1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("I.2.2")]   // belongs to another parent
    [InlineData("I.1.2.1")] // skips a level
    [InlineData("II.1.2")]  // another section
    public void A_criterion_code_not_prefixed_by_its_parent_is_refused(string code)
    {
        var root = Minimal();
        root.Criterion("I.1.2")["code"] = code;

        AssertRefused(Read(root), "sections[0].criteria[0].children[1].code");
    }

    [Fact]
    public void A_criterion_code_directly_under_a_section_must_be_prefixed_by_the_section()
    {
        var root = Minimal();
        root.Criterion("III.1")["code"] = "II.3";

        AssertRefused(Read(root), "sections[2].criteria[0].code");
    }

    [Fact]
    public void A_duplicate_criterion_code_is_refused()
    {
        var root = Minimal();
        root.Criterion("I.3")["code"] = "I.2";

        AssertRefused(Read(root), "sections[0].criteria[2].code");
    }

    [Fact]
    public void A_criterion_deeper_than_three_levels_below_the_section_is_refused()
    {
        // II.2 (1) → II.2.1 (2) → II.2.1.1 (3) → II.2.1.1.1 (4).
        var root = Minimal();
        root.Criterion("II.2.1.1")["children"] = new JsonArray(
            new JsonObject { ["code"] = "II.2.1.1.1", ["title"] = "Cấp thứ tư", ["maxScore"] = 3.25m });

        AssertRefused(Read(root), "sections[1].criteria[1].children[0].children[0].children[0]");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void A_criterion_maximum_of_zero_or_less_is_refused(string maxScore)
    {
        var root = Minimal();
        root.Criterion("VII.1")["maxScore"] = decimal.Parse(maxScore, System.Globalization.CultureInfo.InvariantCulture);

        AssertRefused(Read(root), "sections[6].criteria[0].maxScore");
    }

    [Fact]
    public void A_criterion_maximum_that_is_not_a_number_is_refused()
    {
        var root = Minimal();
        root.Criterion("VII.1")["maxScore"] = "2";

        AssertRefused(Read(root), "sections[6].criteria[0].maxScore");
    }

    [Fact]
    public void A_criterion_maximum_with_more_than_two_decimals_is_refused()
    {
        var root = Minimal();
        root.Criterion("VII.1")["maxScore"] = 1.125m;

        AssertRefused(Read(root), "sections[6].criteria[0].maxScore");
    }

    [Fact]
    public void A_missing_criterion_maximum_is_refused()
    {
        var root = Minimal();
        root.Criterion("VII.1").Remove("maxScore");

        AssertRefused(Read(root), "sections[6].criteria[0].maxScore");
    }

    [Fact]
    public void Allowed_scores_on_a_criterion_with_children_are_refused()
    {
        var root = Minimal();
        root.Criterion("I.1")["allowedScores"] = new JsonArray(0, 10, 20);

        AssertRefused(Read(root), "sections[0].criteria[0].allowedScores");
    }

    [Theory]
    // I.1.2 has maximum 10. Each list breaks exactly one rule.
    [InlineData("[0, 10, 5]", "tăng dần")]        // not ascending
    [InlineData("[0, 5, 5, 10]", "tăng dần")]     // repeated value
    [InlineData("[0, 5, 10, 12]", "khoảng")]      // 12 above the maximum
    [InlineData("[-1, 0, 5, 10]", "khoảng")]      // below 0
    [InlineData("[5, 10]", "phải có 0")]          // no 0
    [InlineData("[0, 5]", "điểm tối đa 10")]      // no maximum
    [InlineData("[0, \"5\", 10]", "chỉ được chứa số")]
    public void Broken_allowed_scores_are_refused(string allowedScores, string messageFragment)
    {
        var root = Minimal();
        root.Criterion("I.1.2")["allowedScores"] = JsonNode.Parse(allowedScores);

        var messages = AssertRefused(Read(root), "sections[0].criteria[0].children[1].allowedScores");
        var message = Assert.Single(messages);
        Assert.Contains(messageFragment, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("S NV")]
    [InlineData("SỞ-NV")]
    [InlineData("SNV/01")]
    public void An_appraiser_agency_with_bad_characters_is_refused(string agency)
    {
        var root = Minimal();
        root.Criterion("I.1.1")["appraiserAgency"] = agency;

        AssertRefused(Read(root), "sections[0].criteria[0].children[0].appraiserAgency");
    }

    // ---- every problem at once (R-1.3) -------------------------------------------------------------------------

    [Fact]
    [Trait("Requirement", "R-1.3")]
    public void A_file_with_several_errors_reports_all_of_them_at_once()
    {
        var root = Minimal();
        root["version"] = 2;                                                     // unknown root field
        root.Section("II")["maxScore"] = 28;                                     // wrong section weight
        root.Criterion("I.1.1")["appraiserAgency"] = "S NV";                     // bad agency code
        root.Criterion("III.1")["points"] = 8;                                   // unknown criterion field
        root.Section("VI")["criteria"] = new JsonArray(new JsonObject { ["code"] = "VI.1", ["title"] = "x", ["maxScore"] = 4 });
        root.Criterion("VII.2")["allowedScores"] = new JsonArray(0.5m, 1m);     // no 0
        root.Criterion("I.2")["maxScore"] = 9.5m;                                // section I now adds up to 38

        var result = Read(root, expectedIndexSet: "01", expectedYear: 2026);    // and the wrong year

        Assert.False(result.IsValid);
        Assert.Null(result.Catalogue);
        string[] expected =
        [
            "version",
            "year",
            "sections[0].criteria",
            "sections[0].criteria[0].children[0].appraiserAgency",
            "sections[1].maxScore",
            "sections[2].criteria[0].points",
            "sections[5].criteria",
            "sections[6].criteria[1].allowedScores",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), result.Errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Length, result.Errors.Count);
        Assert.Contains(result.Errors.ToDictionary()["sections[0].criteria"], message => message.Contains("Nội dung I:", StringComparison.Ordinal));
    }
}
