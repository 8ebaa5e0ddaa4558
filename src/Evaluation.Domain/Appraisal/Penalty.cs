using System.Text.Json;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;

namespace Evaluation.Domain.Appraisal;

/// <summary>Where a deduction comes from (Art. 3.3): an inspection result, a verified media report, or another verified channel.</summary>
public enum PenaltySource
{
    Inspection,
    Media,
    Other,
}

public static class PenaltySources
{
    public static string ApiName(PenaltySource source) => source switch
    {
        PenaltySource.Inspection => "inspection",
        PenaltySource.Media => "media",
        _ => "other",
    };

    public static PenaltySource? Parse(string? name) => name switch
    {
        "inspection" => PenaltySource.Inspection,
        "media" => PenaltySource.Media,
        "other" => PenaltySource.Other,
        _ => null,
    };

    public static string Vietnamese(PenaltySource source) => source switch
    {
        PenaltySource.Inspection => "Kết quả thanh tra, kiểm tra, giám sát",
        PenaltySource.Media => "Phản ánh trên phương tiện thông tin đã được xác thực",
        _ => "Kênh thông tin khác đã xác thực",
    };
}

/// <summary>A deduction recorded against one section VII item for one unit; zero points withdraws an earlier one.</summary>
/// <param name="Evidence">What proves it: the inspection conclusion, the verified report, the document number.</param>
public sealed record PenaltyInput(decimal Points, string Reason, PenaltySource? Source, string? Evidence);

/// <summary>
/// Reads <c>PUT …/penalties</c>: <c>{ "criteria": { "VII.1": { "points", "reason", "source", "evidence" } } }</c>.
/// Points lie between 0 and the item's maximum; a deduction needs its reason, source and evidence (Art. 3.3).
/// </summary>
public static class PenaltyReader
{
    public const int MaxTextLength = 4000;

    private static readonly string[] ItemFields = ["points", "reason", "source", "evidence"];

    public static (IReadOnlyDictionary<string, PenaltyInput>? Items, ValidationErrors Errors) Read(JsonElement root, Catalogue catalogue)
    {
        var errors = new ValidationErrors();
        var items = new Dictionary<string, PenaltyInput>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("criteria", out var criteria) || criteria.ValueKind != JsonValueKind.Object)
        {
            errors.Add("criteria", "Nội dung phải có dạng { \"criteria\": { \"VII.1\": { \"points\": 1, \"reason\": \"…\", \"source\": \"inspection\", \"evidence\": \"…\" } } }.");
            return (null, errors);
        }

        foreach (var property in root.EnumerateObject().Where(p => p.Name != "criteria"))
        {
            errors.Add(property.Name, $"Trường \"{property.Name}\" không được hỗ trợ; chỉ có criteria.");
        }

        foreach (var pair in criteria.EnumerateObject())
        {
            var path = $"criteria.{pair.Name}";
            var entry = catalogue.Find(pair.Name);
            if (entry is null || entry.Section.Kind != SectionKind.Penalty || !entry.Criterion.IsLeaf)
            {
                errors.Add(path, $"\"{pair.Name}\" không phải nội dung điểm trừ (mục VII) của bộ chỉ số {catalogue.IndexSet}.");
                continue;
            }

            if (pair.Value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, "Mỗi nội dung điểm trừ là một đối tượng { points, reason, source, evidence }.");
                continue;
            }

            if (ReadItem(pair.Value, entry.Criterion, path, errors) is { } item)
            {
                items[pair.Name] = item;
            }
        }

        if (items.Count == 0 && errors.IsEmpty)
        {
            errors.Add("criteria", "Chưa có nội dung điểm trừ nào.");
        }

        return errors.IsEmpty ? (items, errors) : (null, errors);
    }

    private static PenaltyInput? ReadItem(JsonElement item, Criterion criterion, string path, ValidationErrors errors)
    {
        var before = errors.Count;
        foreach (var property in item.EnumerateObject().Where(p => !ItemFields.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add($"{path}.{property.Name}", $"Trường \"{property.Name}\" không được hỗ trợ; chỉ có points, reason, source, evidence.");
        }

        decimal points = 0;
        if (!item.TryGetProperty("points", out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out points))
        {
            errors.Add($"{path}.points", "Số điểm trừ phải là một số (ví dụ 1 hoặc 0,5).");
        }
        else if (points < 0 || points > criterion.MaxScore)
        {
            errors.Add($"{path}.points", $"Điểm trừ của {criterion.Code} từ 0 đến tối đa {ScoreText.Format(criterion.MaxScore)} điểm; {ScoreText.Format(points)} không hợp lệ.");
        }
        else if (decimal.Round(points, 2) != points)
        {
            errors.Add($"{path}.points", "Điểm trừ có tối đa 2 chữ số thập phân.");
        }
        else if (!criterion.Accepts(points) && points != 0)
        {
            errors.Add($"{path}.points", $"{criterion.Code} chỉ nhận các mức điểm trừ: {string.Join("; ", criterion.AllowedScores!.Select(ScoreText.Format))}.");
        }

        var reason = Text(item, "reason", path, errors);
        var evidence = Text(item, "evidence", path, errors);
        var sourceName = item.TryGetProperty("source", out var sourceValue) && sourceValue.ValueKind == JsonValueKind.String ? sourceValue.GetString() : null;
        var source = PenaltySources.Parse(sourceName);
        if (reason is null)
        {
            errors.Add($"{path}.reason", $"Cần nêu lý do {(points > 0 ? "trừ điểm" : "bỏ điểm trừ")} của {criterion.Code}.");
        }

        if (points > 0 && source is null)
        {
            errors.Add($"{path}.source", "Cần chọn nguồn: kết quả thanh tra, kiểm tra, giám sát (inspection); phản ánh trên phương tiện thông tin đã được xác thực (media); hoặc kênh thông tin khác đã xác thực (other).");
        }

        if (points > 0 && evidence is null)
        {
            errors.Add($"{path}.evidence", $"Cần ghi căn cứ trừ điểm của {criterion.Code} (số, ký hiệu kết luận thanh tra, văn bản xác thực…).");
        }

        return errors.Count == before ? new PenaltyInput(ScoreText.Normalize(points), reason!, source, evidence) : null;
    }

    private static string? Text(JsonElement item, string name, string path, ValidationErrors errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? VietnameseText.Clean(value.GetString()) : null;
        if (value.ValueKind != JsonValueKind.String || text is { Length: > MaxTextLength })
        {
            errors.Add($"{path}.{name}", $"Trường {name} phải là văn bản, tối đa {MaxTextLength:N0} ký tự.");
            return null;
        }

        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
