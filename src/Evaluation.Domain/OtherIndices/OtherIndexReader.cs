using System.Text.Json;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;

namespace Evaluation.Domain.OtherIndices;

/// <summary>
/// Reads a leaf's <c>otherIndex</c> field of the catalogue format for <see cref="CatalogueReader"/>, reporting every
/// problem with the criterion named, in Vietnamese:
/// <code>
/// "otherIndex": { "code": "CQDT", "title": "…", "rule": "bands", "bands": [ { "from": 1, "to": 3, "points": 2 } ] }
/// "otherIndex": { "code": "PAR", "title": "…", "rule": "proportional", "maxValue": 100 }
/// </code>
/// </summary>
public static class OtherIndexReader
{
    public const string FieldName = "otherIndex";
    public const int MaxTitleLength = 1000;
    public const int MaxBands = 50;

    /// <summary>Index values and band limits stay within this magnitude (ranks, percentages, index points).</summary>
    public const decimal MaxMagnitude = 1_000_000m;

    private static readonly string[] Fields = ["code", "title", "rule", "bands", "maxValue"];
    private static readonly string[] BandFields = ["from", "to", "points"];

    /// <returns>The rule, or null when the field is absent or has a problem (then in <paramref name="errors"/>).</returns>
    public static OtherIndexRule? Read(
        JsonElement criterion, string path, string label, decimal? leafMax, bool isLeaf, SectionKind? sectionKind,
        IReadOnlyList<decimal>? allowedScores, ValidationErrors errors)
    {
        if (!criterion.TryGetProperty(FieldName, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var field = $"{path}.{FieldName}";
        var before = errors.Count;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(field, $"Chỉ số khác (otherIndex) của {label} phải là một đối tượng {{ \"code\", \"title\", \"rule\", … }}.");
            return null;
        }

        if (!isLeaf)
        {
            errors.Add(field, $"Chỉ tiêu chí không có tiêu chí thành phần mới lấy điểm từ chỉ số khác (otherIndex); {label} có tiêu chí thành phần.");
        }

        if (sectionKind is not (SectionKind.Scored or SectionKind.Bonus))
        {
            errors.Add(field, $"Chỉ tiêu chí thuộc nội dung I–IV mới lấy điểm từ chỉ số khác (otherIndex); {label} thuộc nội dung không chấm theo tiêu chí.");
        }

        foreach (var property in element.EnumerateObject().Where(property => !Fields.Contains(property.Name, StringComparer.Ordinal)))
        {
            errors.Add($"{field}.{property.Name}", $"Trường \"{property.Name}\" của chỉ số khác của {label} không có trong định dạng bộ chỉ số.");
        }

        var code = Text(element, "code", $"{field}.code", $"Mã chỉ số khác của {label}", 32, errors);
        if (code is not null && !Codes.IsAgencyCode(code))
        {
            errors.Add($"{field}.code", $"Mã chỉ số khác \"{code}\" của {label} chỉ được gồm chữ, số, \"-\" và \"_\" (tối đa 32 ký tự, ví dụ \"CQDT\").");
        }

        var title = Text(element, "title", $"{field}.title", $"Tên chỉ số khác của {label}", MaxTitleLength, errors);
        var ruleName = Text(element, "rule", $"{field}.rule", $"Cách quy đổi (rule) của {label}", 32, errors);
        OtherIndexRuleKind? kind = ruleName switch
        {
            OtherIndexRule.BandsName => OtherIndexRuleKind.Bands,
            OtherIndexRule.ProportionalName => OtherIndexRuleKind.Proportional,
            null => null,
            _ => Refuse(errors, $"{field}.rule", $"Cách quy đổi \"{ruleName}\" của {label} không hợp lệ; chỉ có \"bands\" (theo khoảng giá trị) hoặc \"proportional\" (theo tỷ lệ)."),
        };

        IReadOnlyList<OtherIndexBand>? bands = null;
        decimal? maxValue = null;
        if (kind == OtherIndexRuleKind.Bands)
        {
            Absent(element, "maxValue", field, $"Quy đổi theo khoảng (bands) của {label} không dùng maxValue.", errors);
            bands = ReadBands(element, field, label, leafMax, errors);
            if (bands is not null && allowedScores is not null)
            {
                foreach (var band in bands.Where(band => !allowedScores.Contains(band.Points)))
                {
                    errors.Add($"{field}.bands", $"Điểm {ScoreText.Format(band.Points)} của khoảng {ScoreText.Format(band.From)}–{ScoreText.Format(band.To)} không có trong danh sách điểm được phép (allowedScores) của {label}.");
                }
            }
        }
        else if (kind == OtherIndexRuleKind.Proportional)
        {
            Absent(element, "bands", field, $"Quy đổi theo tỷ lệ (proportional) của {label} không dùng bands.", errors);
            maxValue = Number(element, "maxValue", $"{field}.maxValue", $"Giá trị tối đa (maxValue) của chỉ số khác của {label}", errors);
            if (maxValue is <= 0)
            {
                errors.Add($"{field}.maxValue", $"Giá trị tối đa (maxValue) của chỉ số khác của {label} phải lớn hơn 0.");
            }

            if (allowedScores is not null)
            {
                errors.Add($"{field}.rule", $"{Capitalize(label)} có danh sách điểm được phép (allowedScores); điểm quy đổi theo tỷ lệ không bảo đảm thuộc danh sách đó, hãy dùng \"bands\" hoặc bỏ allowedScores.");
            }
        }

        return errors.Count == before && code is not null && title is not null && kind is not null
            ? new OtherIndexRule(code, title, kind.Value, bands, maxValue)
            : null;
    }

    private static List<OtherIndexBand>? ReadBands(JsonElement element, string field, string label, decimal? leafMax, ValidationErrors errors)
    {
        var bandsField = $"{field}.bands";
        if (!element.TryGetProperty("bands", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            errors.Add(bandsField, $"Thiếu các khoảng giá trị (bands) của chỉ số khác của {label}.");
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() is 0 or > MaxBands)
        {
            errors.Add(bandsField, $"Các khoảng giá trị (bands) của {label} phải là một mảng từ 1 đến {MaxBands} khoảng, ví dụ [ {{ \"from\": 1, \"to\": 3, \"points\": 2 }} ].");
            return null;
        }

        var bands = new List<OtherIndexBand>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemField = $"{bandsField}[{index}]";
            var ordinal = $"khoảng thứ {index + 1} của {label}";
            index++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(itemField, $"Mỗi khoảng giá trị phải là một đối tượng {{ \"from\", \"to\", \"points\" }} ({ordinal}).");
                continue;
            }

            foreach (var property in item.EnumerateObject().Where(property => !BandFields.Contains(property.Name, StringComparer.Ordinal)))
            {
                errors.Add($"{itemField}.{property.Name}", $"Trường \"{property.Name}\" của {ordinal} không có trong định dạng bộ chỉ số.");
            }

            var from = Number(item, "from", $"{itemField}.from", $"Giá trị đầu (from) của {ordinal}", errors);
            var to = Number(item, "to", $"{itemField}.to", $"Giá trị cuối (to) của {ordinal}", errors);
            var points = Number(item, "points", $"{itemField}.points", $"Điểm (points) của {ordinal}", errors);
            if (from is not null && to is not null && from > to)
            {
                errors.Add(itemField, $"Giá trị đầu {ScoreText.Format(from.Value)} lớn hơn giá trị cuối {ScoreText.Format(to.Value)} ở {ordinal}.");
            }

            if (points is not null && (points < 0 || (leafMax is not null && points > leafMax) || decimal.Round(points.Value, 2) != points))
            {
                errors.Add($"{itemField}.points", $"Điểm của {ordinal} phải từ 0 đến {(leafMax is null ? "điểm tối đa" : ScoreText.Format(leafMax.Value))}, tối đa 2 chữ số thập phân (đang là {ScoreText.Format(points.Value)}).");
            }

            if (from is not null && to is not null && points is not null)
            {
                bands.Add(new OtherIndexBand(from.Value, to.Value, points.Value));
            }
        }

        // Closed ranges: [1, 3] and [3, 5] both hold 3, so they overlap.
        var sorted = bands.Where(band => band.From <= band.To).OrderBy(band => band.From).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].From <= sorted[i - 1].To)
            {
                errors.Add(bandsField, $"Các khoảng giá trị của {label} chồng lên nhau: {ScoreText.Format(sorted[i - 1].From)}–{ScoreText.Format(sorted[i - 1].To)} và {ScoreText.Format(sorted[i].From)}–{ScoreText.Format(sorted[i].To)}.");
            }
        }

        return bands;
    }

    private static string? Text(JsonElement element, string name, string field, string what, int maxLength, ValidationErrors errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(field, $"Thiếu {LowerFirst(what)}.");
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? VietnameseText.Clean(value.GetString()) : null;
        if (string.IsNullOrEmpty(text))
        {
            errors.Add(field, $"{what} phải là chuỗi ký tự không rỗng.");
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(field, $"{what} dài quá {maxLength} ký tự.");
            return null;
        }

        return text;
    }

    private static decimal? Number(JsonElement element, string name, string field, string what, ValidationErrors errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(field, $"Thiếu {LowerFirst(what)}.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || Math.Abs(number) > MaxMagnitude)
        {
            errors.Add(field, $"{what} phải là số (ví dụ 1.5), trong khoảng ±1.000.000.");
            return null;
        }

        return ScoreText.Normalize(number);
    }

    private static void Absent(JsonElement element, string name, string field, string message, ValidationErrors errors)
    {
        if (element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            errors.Add($"{field}.{name}", message);
        }
    }

    private static OtherIndexRuleKind? Refuse(ValidationErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
