using System.Text;
using System.Text.Json.Nodes;
using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Assessments;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.OtherIndices;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Seed;
using static Evaluation.Domain.Tests.TestCatalogues;

namespace Evaluation.Domain.Tests;

/// <summary>
/// R-1.4 (Art. 3.1, 8.5): a leaf may take its score from another index the province runs. The catalogue names the
/// index and the conversion; the unit does not score it, the council does not appraise it, the ranking takes the
/// imported points.
/// </summary>
[Trait("Requirement", "R-1.4")]
public class OtherIndexTests
{
    /// <summary>The e-government ranking of the district sample (02.json II.7.5): ranks 1–3 → 2, 4–6 → 1,5, …</summary>
    private static JsonObject Bands() => JsonNode.Parse("""
        { "code": "CQDT", "title": "Xếp hạng mức độ chính quyền điện tử", "rule": "bands",
          "bands": [ { "from": 1, "to": 3, "points": 2 }, { "from": 4, "to": 6, "points": 1.5 }, { "from": 7, "to": 9, "points": 1 },
                     { "from": 10, "to": 11, "points": 0.5 }, { "from": 12, "to": 13, "points": 0 } ] }
        """)!.AsObject();

    private static JsonObject Proportional(decimal maxValue = 100m) => new()
    {
        ["code"] = "PAR", ["title"] = "Chỉ số cải cách hành chính (PAR INDEX)", ["rule"] = "proportional", ["maxValue"] = maxValue,
    };

    /// <summary>The minimal catalogue with <paramref name="rule"/> on leaf <paramref name="code"/>.</summary>
    private static JsonObject With(string code, JsonObject rule)
    {
        var root = Minimal();
        root.Criterion(code)["otherIndex"] = rule;
        return root;
    }

    /// <summary>Asserts the read failed with an error under a field ending in <paramref name="fieldEnd"/> that contains <paramref name="text"/>.</summary>
    private static void AssertRefused(JsonObject root, string fieldEnd, string text)
    {
        var result = Read(root);
        Assert.False(result.IsValid);
        var errors = result.Errors.ToDictionary();
        var messages = errors.Where(pair => pair.Key.EndsWith(fieldEnd, StringComparison.Ordinal)).SelectMany(pair => pair.Value).ToList();
        Assert.True(messages.Any(message => message.Contains(text, StringComparison.Ordinal)),
            $"No error under *{fieldEnd} containing \"{text}\"; errors: {string.Join(" | ", errors.Select(pair => pair.Key + ": " + string.Join(" / ", pair.Value)))}");
    }

    // ---- reading the catalogue field --------------------------------------------------------------------------

    [Fact]
    public void A_leaf_reads_with_its_bands_rule()
    {
        var catalogue = ReadValid(With("I.3", Bands()));

        var rule = catalogue.Find("I.3")!.Criterion.OtherIndex!;
        Assert.Equal("CQDT", rule.Code);
        Assert.Equal("Xếp hạng mức độ chính quyền điện tử", rule.Title);
        Assert.Equal(OtherIndexRuleKind.Bands, rule.Rule);
        Assert.Null(rule.MaxValue);
        Assert.Equal([new OtherIndexBand(1, 3, 2), new OtherIndexBand(4, 6, 1.5m), new OtherIndexBand(7, 9, 1), new OtherIndexBand(10, 11, 0.5m), new OtherIndexBand(12, 13, 0)], rule.Bands!);
        Assert.Null(catalogue.Find("I.2")!.Criterion.OtherIndex);
    }

    [Fact]
    public void A_leaf_reads_with_its_proportional_rule_in_the_bonus_section()
    {
        var catalogue = ReadValid(With("IV.1", Proportional(80)));

        var rule = catalogue.Find("IV.1")!.Criterion.OtherIndex!;
        Assert.Equal(OtherIndexRuleKind.Proportional, rule.Rule);
        Assert.Equal(80m, rule.MaxValue);
        Assert.Null(rule.Bands);
    }

    [Fact]
    public void AllowedScores_may_stay_when_every_band_scores_an_allowed_value()
    {
        var rule = Bands();
        rule["bands"] = JsonNode.Parse("""[ { "from": 1, "to": 1, "points": 8 }, { "from": 2, "to": 5, "points": 4 } ]""");

        var catalogue = ReadValid(With("III.1", rule)); // allowedScores [0, 4, 8]

        Assert.Equal([0m, 4m, 8m], catalogue.Find("III.1")!.Criterion.AllowedScores!);
        Assert.Equal(2, catalogue.Find("III.1")!.Criterion.OtherIndex!.Bands!.Count);
    }

    public static TheoryData<string, string, Action<JsonObject>, string, string> Refusals() => new()
    {
        { "bad code", "I.3", rule => rule["code"] = "CQ DT", ".otherIndex.code", "Mã chỉ số khác \"CQ DT\" của tiêu chí I.3 chỉ được gồm chữ, số" },
        { "no code", "I.3", rule => rule.Remove("code"), ".otherIndex.code", "Thiếu mã chỉ số khác của tiêu chí I.3" },
        { "no title", "I.3", rule => rule.Remove("title"), ".otherIndex.title", "Thiếu tên chỉ số khác của tiêu chí I.3" },
        { "long title", "I.3", rule => rule["title"] = new string('x', 1001), ".otherIndex.title", "Tên chỉ số khác của tiêu chí I.3 dài quá 1000 ký tự" },
        { "unknown rule", "I.3", rule => rule["rule"] = "steps", ".otherIndex.rule", "Cách quy đổi \"steps\" của tiêu chí I.3 không hợp lệ" },
        { "unknown field", "I.3", rule => rule["weight"] = 2, ".otherIndex.weight", "Trường \"weight\" của chỉ số khác của tiêu chí I.3" },
        { "no bands", "I.3", rule => rule.Remove("bands"), ".otherIndex.bands", "Thiếu các khoảng giá trị (bands) của chỉ số khác của tiêu chí I.3" },
        { "empty bands", "I.3", rule => rule["bands"] = new JsonArray(), ".otherIndex.bands", "phải là một mảng từ 1 đến 50 khoảng" },
        { "51 bands", "I.3", rule => rule["bands"] = new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode)new JsonObject { ["from"] = i, ["to"] = i, ["points"] = 0 }).ToArray()), ".otherIndex.bands", "phải là một mảng từ 1 đến 50 khoảng" },
        { "from above to", "I.3", rule => rule["bands"]![0]!["from"] = 5, ".otherIndex.bands[0]", "Giá trị đầu 5 lớn hơn giá trị cuối 3 ở khoảng thứ 1 của tiêu chí I.3" },
        { "overlap", "I.3", rule => rule["bands"]![1]!["from"] = 3, ".otherIndex.bands", "Các khoảng giá trị của tiêu chí I.3 chồng lên nhau: 1–3 và 3–6" },
        { "points above the leaf", "I.3", rule => rule["bands"]![0]!["points"] = 9, ".otherIndex.bands[0].points", "Điểm của khoảng thứ 1 của tiêu chí I.3 phải từ 0 đến 8,5" },
        { "points with 3 decimals", "I.3", rule => rule["bands"]![0]!["points"] = 1.125m, ".otherIndex.bands[0].points", "tối đa 2 chữ số thập phân (đang là 1,125)" },
        { "band not a number", "I.3", rule => rule["bands"]![0]!["to"] = "ba", ".otherIndex.bands[0].to", "Giá trị cuối (to) của khoảng thứ 1 của tiêu chí I.3 phải là số" },
        { "maxValue with bands", "I.3", rule => rule["maxValue"] = 100, ".otherIndex.maxValue", "Quy đổi theo khoảng (bands) của tiêu chí I.3 không dùng maxValue" },
        { "on a parent", "I.1", _ => { }, ".otherIndex", "tiêu chí I.1 có tiêu chí thành phần" },
        { "in the survey", "V.1", _ => { }, ".otherIndex", "Chỉ tiêu chí thuộc nội dung I–IV mới lấy điểm từ chỉ số khác (otherIndex); tiêu chí V.1" },
        { "in the penalties", "VII.1", _ => { }, ".otherIndex", "tiêu chí VII.1 thuộc nội dung không chấm theo tiêu chí" },
        { "a band off the allowed scores", "III.1", _ => { }, ".otherIndex.bands", "Điểm 2 của khoảng 1–3 không có trong danh sách điểm được phép (allowedScores) của tiêu chí III.1" },
        { "empty object", "I.3", rule => rule.Clear(), ".otherIndex.rule", "Thiếu cách quy đổi (rule) của tiêu chí I.3" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_bad_otherIndex_is_refused_naming_the_criterion(string why, string code, Action<JsonObject> breakRule, string fieldEnd, string text)
    {
        Assert.NotEmpty(why);
        var rule = Bands();
        breakRule(rule);

        AssertRefused(With(code, rule), fieldEnd, text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_proportional_rule_needs_a_positive_maxValue(decimal maxValue) =>
        AssertRefused(With("I.3", Proportional(maxValue)), ".otherIndex.maxValue", "Giá trị tối đa (maxValue) của chỉ số khác của tiêu chí I.3 phải lớn hơn 0");

    [Fact]
    public void A_proportional_rule_does_not_go_with_allowedScores() =>
        AssertRefused(With("III.1", Proportional()), ".otherIndex.rule", "Tiêu chí III.1 có danh sách điểm được phép (allowedScores)");

    [Fact]
    public void A_proportional_rule_has_no_bands()
    {
        var rule = Proportional();
        rule["bands"] = Bands()["bands"]!.DeepClone();

        AssertRefused(With("I.3", rule), ".otherIndex.bands", "Quy đổi theo tỷ lệ (proportional) của tiêu chí I.3 không dùng bands");
    }

    [Fact]
    public void An_otherIndex_that_is_not_an_object_is_refused()
    {
        var root = Minimal();
        root.Criterion("I.3")["otherIndex"] = "CQDT";

        AssertRefused(root, ".otherIndex", "Chỉ số khác (otherIndex) của tiêu chí I.3 phải là một đối tượng");
    }

    // ---- writing ----------------------------------------------------------------------------------------------

    [Fact]
    public void A_catalogue_with_other_indices_writes_and_reads_back_the_same()
    {
        var root = With("I.3", Bands());
        root.Criterion("IV.1")["otherIndex"] = Proportional(12.5m);
        var original = ReadValid(root);

        var written = CatalogueWriter.ToUtf8Json(original);
        var reread = CatalogueReader.Read(written);

        Assert.True(reread.IsValid, string.Join(Environment.NewLine, reread.Errors.AllMessages()));
        Assert.Equal(Shape(original), Shape(reread.Catalogue!));
        Assert.Equal(written, CatalogueWriter.ToUtf8Json(reread.Catalogue!));
        var copy = reread.Catalogue!;
        Assert.Equal(original.Find("I.3")!.Criterion.OtherIndex!.Bands!, copy.Find("I.3")!.Criterion.OtherIndex!.Bands!);
        Assert.Equal(12.5m, copy.Find("IV.1")!.Criterion.OtherIndex!.MaxValue);
        var text = Encoding.UTF8.GetString(written);
        Assert.Contains("\"rule\": \"bands\"", text, StringComparison.Ordinal);
        Assert.Contains("\"maxValue\": 12.5", text, StringComparison.Ordinal);
        Assert.Contains("\"points\": 1.5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_samples_score_their_e_government_and_DDCI_leaves_from_other_indices()
    {
        static OtherIndexRule Rule(string indexSet, string code) =>
            CatalogueReader.Read(SeedData.ReadBytes($"catalogues/2025/{indexSet}.json")).Catalogue!.Find(code)!.Criterion.OtherIndex!;

        // 01 and 03: by group (value = group number); 02: by rank among the districts; 01 IV.3.1: DDCI rank.
        Assert.Equal(2m, Rule("01", "II.7.5").Points(1, 2));
        Assert.Equal(0.5m, Rule("01", "II.7.5").Points(4, 2));
        Assert.Equal(0m, Rule("01", "II.7.5").Points(5, 2));
        Assert.Equal(1.5m, Rule("02", "II.7.5").Points(5, 2));
        Assert.Equal(0m, Rule("02", "II.7.5").Points(12, 2));
        Assert.Equal(1m, Rule("03", "II.7.5").Points(2, 1.5m));
        Assert.Equal("DDCI", Rule("01", "IV.3.1").Code);
        Assert.Equal(0.5m, Rule("01", "IV.3.1").Points(5, 1));
        Assert.Equal(0m, Rule("01", "IV.3.1").Points(6, 1));
        Assert.All(["01", "02", "03"], (string set) => Assert.Equal("CQDT", Rule(set, "II.7.5").Code));
    }

    [Fact]
    public void Once_units_score_a_leaf_cannot_switch_between_self_assessed_and_imported_but_its_bands_may_be_corrected()
    {
        var current = ReadValid(With("I.3", Bands()));
        var corrected = Bands();
        corrected["bands"]![0]!["to"] = 2;

        Assert.Empty(CatalogueComparison.ScoringDifferences(current, ReadValid(With("I.3", corrected))));
        Assert.Equal(["Tiêu chí I.3 thôi lấy điểm từ chỉ số khác mà chuyển sang đơn vị tự chấm."], CatalogueComparison.ScoringDifferences(current, ReadValid(Minimal())));
        Assert.Equal(["Tiêu chí I.3 chuyển sang lấy điểm từ chỉ số CQDT thay vì đơn vị tự chấm."], CatalogueComparison.ScoringDifferences(ReadValid(Minimal()), current));
    }

    // ---- conversion -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("1", "2")]
    [InlineData("3", "2")]
    [InlineData("4", "1.5")]
    [InlineData("6", "1.5")]
    [InlineData("6.5", "0")] // between bands
    [InlineData("9", "1")]
    [InlineData("10", "0.5")]
    [InlineData("13", "0")]
    [InlineData("14", "0")] // beyond every band
    [InlineData("0", "0")]
    public void Bands_give_the_points_of_the_band_holding_the_value(string value, string points)
    {
        var rule = ReadValid(With("I.3", Bands())).Find("I.3")!.Criterion.OtherIndex!;

        Assert.Equal(decimal.Parse(points, System.Globalization.CultureInfo.InvariantCulture), rule.Points(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), 8.5m));
    }

    [Theory]
    [InlineData("100", "85", "2", "1.7")]      // 85/100 × 2
    [InlineData("100", "33.333", "2", "0.67")] // 0.66666 → 0.67
    [InlineData("8", "1", "1", "0.13")]        // 0.125 → 0.13, half away from zero
    [InlineData("8", "3", "1", "0.38")]        // 0.375 → 0.38
    [InlineData("100", "120", "2", "2")]       // above the index's maximum: the leaf's maximum
    [InlineData("100", "-5", "2", "0")]        // never below 0
    [InlineData("100", "0", "2", "0")]
    public void Proportional_gives_value_over_maxValue_times_the_leaf_maximum(string maxValue, string value, string leafMax, string points)
    {
        static decimal D(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var rule = new OtherIndexRule("PAR", "PAR INDEX", OtherIndexRuleKind.Proportional, MaxValue: D(maxValue));

        Assert.Equal(D(points), rule.Points(D(value), D(leafMax)));
    }

    [Fact]
    public void The_conversion_explains_itself_in_Vietnamese()
    {
        var bands = ReadValid(With("I.3", Bands())).Find("I.3")!.Criterion.OtherIndex!;
        var proportional = new OtherIndexRule("PAR", "PAR INDEX", OtherIndexRuleKind.Proportional, MaxValue: 100);

        Assert.Equal("Giá trị 5 thuộc khoảng 4–6 → 1,5 điểm", bands.Explain(5, 2));
        Assert.Equal("Giá trị 14 không thuộc khoảng nào → 0 điểm", bands.Explain(14, 2));
        Assert.Equal("Giá trị 85/100 × 2 điểm → 1,7 điểm", proportional.Explain(85, 2));
        Assert.Equal("Giá trị 1–3: 2 điểm; 4–6: 1,5 điểm; 7–9: 1 điểm; 10–11: 0,5 điểm; 12–13: 0 điểm; giá trị khác: 0 điểm", bands.Describe(2));
    }

    // ---- checking an import ------------------------------------------------------------------------------------

    private static readonly Unit[] Units =
    [
        new("so-y-te", "Sở Y tế", "01"), new("so-tu-phap", "Sở Tư pháp", "01"), new("cuc-thue", "Cục Thuế tỉnh", "04"),
    ];

    private static Dictionary<string, Catalogue> Catalogues() =>
        new(StringComparer.Ordinal) { ["01"] = ReadValid(With("I.3", Bands())), ["04"] = ReadValid(Minimal()) };

    [Fact]
    public void Good_rows_give_each_units_value()
    {
        var check = OtherIndexImport.Check("CQDT", [new(2, "so-y-te", "Sở Y tế", "5"), new(3, " SO-TU-PHAP ", null, "1,5")], Units, Catalogues());

        Assert.True(check.IsValid, string.Join(" | ", check.Errors.AllMessages()));
        Assert.Equal(new Dictionary<string, decimal> { ["so-y-te"] = 5m, ["so-tu-phap"] = 1.5m }, check.Values);
    }

    [Fact]
    public void Every_bad_row_is_reported_with_its_number_and_nothing_is_kept()
    {
        OtherIndexRow[] rows =
        [
            new(2, "so-y-te", "Sở Y tế", "5"),
            new(3, "so-khong-co", "Sở Không Có", "2"),
            new(4, "so-tu-phap", null, "hai"),
            new(5, "so-y-te", null, "6"),
            new(6, "cuc-thue", null, "1"),
            new(7, "", "Sở Xây dựng", "3"),
            new(8, "so-tu-phap", null, ""),
        ];

        var check = OtherIndexImport.Check("CQDT", rows, Units, Catalogues());

        Assert.False(check.IsValid);
        Assert.Empty(check.Values);
        var errors = check.Errors.ToDictionary();
        Assert.Equal(["rows[3]", "rows[4]", "rows[5]", "rows[6]", "rows[7]", "rows[8]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Dòng 3: không có cơ quan, đơn vị mã \"so-khong-co\" (Sở Không Có) trong danh sách đơn vị của năm.", Assert.Single(errors["rows[3]"]));
        Assert.Equal("Dòng 4: giá trị \"hai\" không phải là số (ví dụ 5 hoặc 1,5), trong khoảng ±1.000.000.", Assert.Single(errors["rows[4]"]));
        Assert.Equal("Dòng 5: Sở Y tế đã có giá trị ở dòng 2; mỗi đơn vị chỉ một dòng.", Assert.Single(errors["rows[5]"]));
        Assert.Equal("Dòng 6: bộ chỉ số 04 của Cục Thuế tỉnh không có tiêu chí nào lấy điểm từ chỉ số CQDT.", Assert.Single(errors["rows[6]"]));
        Assert.Equal("Dòng 7: thiếu mã đơn vị (cột \"Mã đơn vị\").", Assert.Single(errors["rows[7]"]));
        Assert.Equal(["Dòng 8: Sở Tư pháp đã có giá trị ở dòng 4; mỗi đơn vị chỉ một dòng.", "Dòng 8: thiếu giá trị (cột \"Giá trị\")."], errors["rows[8]"]);
    }

    [Fact]
    public void A_file_without_data_rows_is_refused() =>
        Assert.Equal("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề (Mã đơn vị, Giá trị).", Assert.Single(OtherIndexImport.Check("CQDT", [], Units, Catalogues()).Errors.AllMessages()));

    [Theory]
    [InlineData("5", "5")]
    [InlineData(" 1,5 ", "1.5")]
    [InlineData("1.5", "1.5")]
    [InlineData("-2", "-2")]
    [InlineData("1E-3", "0.001")]
    [InlineData("1 000", "1000")]
    [InlineData("1.234,5", null)] // thousands and decimal separators together: ambiguous
    [InlineData("hai", null)]
    [InlineData("", null)]
    [InlineData("2000000", null)] // beyond ±1,000,000
    public void Values_read_as_spreadsheets_and_people_write_them(string text, string? expected) =>
        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), OtherIndexImport.ParseValue(text));

    // ---- who scores it, and the ranking -----------------------------------------------------------------------

    [Fact]
    public void A_leaf_scored_from_another_index_is_neither_self_assessed_nor_appraised()
    {
        var catalogue = ReadValid(With("I.3", Bands()));
        var entry = catalogue.Find("I.3")!;

        Assert.False(SelfAssessmentRules.IsSelfAssessed(entry));
        Assert.True(SelfAssessmentRules.IsSelfAssessed(catalogue.Find("I.2")!));
        Assert.DoesNotContain("I.3", Council.Default.AppraisedLeaves(catalogue).Select(leaf => leaf.Criterion.Code));
        Assert.Contains("I.2", Council.Default.AppraisedLeaves(catalogue).Select(leaf => leaf.Criterion.Code));
    }

    [Fact]
    public void The_score_sheet_takes_the_imported_points_and_counts_the_missing_ones()
    {
        var root = With("I.3", Bands());
        root.Criterion("IV.1")["otherIndex"] = Proportional();
        var catalogue = ReadValid(root);
        var finals = new Dictionary<string, decimal?> { ["I.1.1"] = 8m, ["I.1.2"] = 5m, ["I.2"] = 10m, ["I.3"] = 7m }; // I.3's decision is ignored
        var values = new Dictionary<string, decimal> { ["CQDT"] = 5m }; // no PAR value for this unit

        var sheet = ScoreSheetBuilder.Build(
            new Unit("so-y-te", "Sở Y tế", "01"), catalogue, code => finals.GetValueOrDefault(code),
            new Dictionary<string, decimal>(), survey: null, leaders: null, OtherIndexPoints.For(catalogue, values));

        Assert.Equal(1.5m, sheet.Criteria.Single(item => item.Code == "I.3").Score); // rank 5 → 1.5
        Assert.Equal(8m + 5m + 10m + 1.5m, sheet.Sections["I"]);
        Assert.Equal(0m, sheet.Sections["IV"]);
        Assert.Equal(1, sheet.MissingIndexScores); // IV.1
        Assert.Equal(5, sheet.Unappraised); // II.1, II.2.1.1, II.2.1.2, II.2.2, III.1; I.3 and IV.1 are not the council's
    }
}
