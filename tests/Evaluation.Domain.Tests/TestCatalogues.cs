using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.Domain.Catalogues;

namespace Evaluation.Domain.Tests;

/// <summary>
/// A minimal valid catalogue in the API.md format (index set 01, year 2025) with the seven sections and sums that
/// are right by hand: I 20 + 10.5 + 8.5 = 39 (I.1 = 10 + 10); II 13.5 + 13.5 = 27 (II.2 = 6.75 + 6.75,
/// II.2.1 = 3.25 + 3.5, a third level); III 8; IV 8; V 7 + 7 = 14; VI 4 without criteria; VII two penalty items.
/// Tests mutate it with <see cref="JsonNode"/> to break one rule at a time.
/// </summary>
internal static class TestCatalogues
{
    public const string MinimalJson = """
        {
          "indexSet": "01",
          "year": 2025,
          "title": "Chỉ số 01 - Bộ chỉ số dùng cho kiểm thử",
          "note": "Không phải bộ chỉ số thật.",
          "sections": [
            { "code": "I", "kind": "scored", "title": "Kết quả thực hiện nhiệm vụ theo chức năng", "maxScore": 39,
              "criteria": [
                { "code": "I.1", "title": "Nhiệm vụ trọng tâm của năm", "maxScore": 20, "appraiserAgency": "SKHDT",
                  "description": "Hướng dẫn chấm của I.1",
                  "children": [
                    { "code": "I.1.1", "title": "Xây dựng kế hoạch thực hiện", "maxScore": 10 },
                    { "code": "I.1.2", "title": "Tiến độ thực hiện", "maxScore": 10, "appraiserAgency": "SNV",
                      "allowedScores": [0, 5, 10] }
                  ] },
                { "code": "I.2", "title": "Chỉ tiêu kinh tế - xã hội được giao", "maxScore": 10.5 },
                { "code": "I.3", "title": "Quản lý ngành, lĩnh vực", "maxScore": 8.5 }
              ] },
            { "code": "II", "kind": "scored", "title": "Kết quả thực hiện cải cách hành chính", "maxScore": 27,
              "criteria": [
                { "code": "II.1", "title": "Chỉ đạo, điều hành cải cách hành chính", "maxScore": 13.5 },
                { "code": "II.2", "title": "Cải cách thủ tục hành chính", "maxScore": 13.5, "appraiserAgency": "VPUBND",
                  "children": [
                    { "code": "II.2.1", "title": "Công khai thủ tục hành chính", "maxScore": 6.75,
                      "children": [
                        { "code": "II.2.1.1", "title": "Niêm yết tại bộ phận một cửa", "maxScore": 3.25 },
                        { "code": "II.2.1.2", "title": "Đăng tải trên cổng dịch vụ công", "maxScore": 3.5 }
                      ] },
                    { "code": "II.2.2", "title": "Tỷ lệ hồ sơ giải quyết đúng hạn", "maxScore": 6.75 }
                  ] }
              ] },
            { "code": "III", "kind": "scored", "title": "Thực hiện kỷ luật, kỷ cương hành chính", "maxScore": 8,
              "criteria": [
                { "code": "III.1", "title": "Chấp hành kỷ luật, kỷ cương", "maxScore": 8, "allowedScores": [0, 4, 8] }
              ] },
            { "code": "IV", "kind": "bonus", "title": "Điểm cộng", "maxScore": 8,
              "criteria": [ { "code": "IV.1", "title": "Khen thưởng cấp tỉnh trở lên", "maxScore": 8 } ] },
            { "code": "V", "kind": "survey", "title": "Điểm đánh giá thông qua điều tra, khảo sát", "maxScore": 14,
              "criteria": [
                { "code": "V.1", "title": "Đánh giá của đại biểu HĐND tỉnh", "maxScore": 7 },
                { "code": "V.2", "title": "Đánh giá của người dân, doanh nghiệp", "maxScore": 7 }
              ] },
            { "code": "VI", "kind": "leaders", "title": "Điểm đánh giá của Chủ tịch, các Phó Chủ tịch UBND tỉnh", "maxScore": 4 },
            { "code": "VII", "kind": "penalty", "title": "Điểm trừ",
              "criteria": [
                { "code": "VII.1", "title": "Chậm gửi báo cáo", "maxScore": 2 },
                { "code": "VII.2", "title": "Vi phạm phát hiện qua thanh tra", "maxScore": 1, "allowedScores": [0, 0.5, 1] }
              ] }
          ]
        }
        """;

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A fresh, mutable copy of the minimal catalogue.</summary>
    public static JsonObject Minimal() => JsonNode.Parse(MinimalJson)!.AsObject();

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(Relaxed));

    public static CatalogueReadResult Read(JsonNode node, string? expectedIndexSet = null, int? expectedYear = null) =>
        CatalogueReader.Read(Bytes(node), expectedIndexSet, expectedYear);

    /// <summary>Reads a catalogue that must be valid.</summary>
    public static Catalogue ReadValid(JsonNode node)
    {
        var result = Read(node);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors.AllMessages()));
        return result.Catalogue!;
    }

    public static JsonArray SectionsArray(this JsonObject root) => root["sections"]!.AsArray();

    public static JsonObject Section(this JsonObject root, string code) =>
        root.SectionsArray().Select(node => node!.AsObject()).Single(section => (string?)section["code"] == code);

    /// <summary>The criterion with this code anywhere in the tree.</summary>
    public static JsonObject Criterion(this JsonObject root, string code) =>
        root.SectionsArray().SelectMany(section => Walk(section!["criteria"] as JsonArray)).Single(criterion => (string?)criterion["code"] == code);

    private static IEnumerable<JsonObject> Walk(JsonArray? criteria)
    {
        foreach (var node in criteria ?? [])
        {
            var criterion = node!.AsObject();
            yield return criterion;
            foreach (var child in Walk(criterion["children"] as JsonArray))
            {
                yield return child;
            }
        }
    }

    /// <summary>
    /// Every property of a catalogue tree, one line per section and criterion, for comparing two trees
    /// (records holding lists compare by reference, not by content).
    /// </summary>
    public static IReadOnlyList<string> Shape(Catalogue catalogue)
    {
        var lines = new List<string> { $"{catalogue.IndexSet}|{catalogue.Year}|{catalogue.Title}|{catalogue.Note}" };
        foreach (var section in catalogue.Sections)
        {
            lines.Add($"section|{section.Code}|{section.Kind}|{section.Title}|{Number(section.MaxScore)}|{section.Criteria.Count}");
        }

        foreach (var entry in catalogue.Entries())
        {
            var criterion = entry.Criterion;
            var allowed = criterion.AllowedScores is null ? "-" : string.Join(";", criterion.AllowedScores.Select(score => Number(score)));
            lines.Add(
                $"{entry.Section.Code}|{entry.Depth}|{criterion.Code}|{criterion.Title}|{Number(criterion.MaxScore)}|" +
                $"{criterion.AppraiserAgency}|{entry.EffectiveAgency}|{allowed}|{criterion.Description}|{criterion.Children.Count}|{OtherIndex(criterion.OtherIndex)}");
        }

        return lines;
    }

    private static string OtherIndex(Evaluation.Domain.OtherIndices.OtherIndexRule? rule) => rule is null
        ? "-"
        : $"{rule.Code}|{rule.Title}|{rule.RuleName}|{Number(rule.MaxValue)}|" + string.Join(";", (rule.Bands ?? []).Select(band => $"{Number(band.From)}..{Number(band.To)}={Number(band.Points)}"));

    private static string Number(decimal? value) =>
        value is null ? "-" : value.Value.ToString("0.##########", CultureInfo.InvariantCulture);
}
