using System.Text.Json;
using System.Text.RegularExpressions;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;

namespace Evaluation.Domain.Ranking;

/// <summary>A ranking request as API.md gives it for <c>POST /api/ranking/preview</c>.</summary>
public sealed record RankingRequest(RankingSettings Settings, IReadOnlyList<Scorecard> Units);

/// <summary>
/// Reads ranking settings and scorecards from JSON, reporting every problem at once: unknown fields, wrong types,
/// sections outside 0..maximum, duplicate units.
/// </summary>
public static partial class RankingRequestReader
{
    public const int MaxUnits = 20_000;

    private static readonly string[] RequestFields = ["settings", "units"];
    private static readonly string[] SettingsFields = ["excellentCapPercent", "capRounding", "excellentMinScore", "goodMinScore", "doneMinScore"];
    private static readonly string[] UnitFields = ["unitId", "name", "type", "sections"];

    public static (RankingRequest? Request, ValidationErrors Errors) Read(JsonElement root)
    {
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Nội dung yêu cầu phải là một đối tượng JSON { … }.");
            return (null, errors);
        }

        CheckFields(root, string.Empty, RequestFields, errors);

        var settings = RankingSettings.Default;
        if (root.TryGetProperty("settings", out var settingsElement) && settingsElement.ValueKind != JsonValueKind.Null)
        {
            settings = ReadSettings(settingsElement, "settings", errors) ?? settings;
        }

        var units = new List<Scorecard>();
        if (!root.TryGetProperty("units", out var unitsElement) || unitsElement.ValueKind != JsonValueKind.Array)
        {
            errors.Add("units", "Thiếu danh sách đơn vị (units) dạng mảng [ … ].");
        }
        else if (unitsElement.GetArrayLength() > MaxUnits)
        {
            errors.Add("units", $"Danh sách có {unitsElement.GetArrayLength()} đơn vị, vượt quá giới hạn {MaxUnits}.");
        }
        else
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var unitElement in unitsElement.EnumerateArray())
            {
                var card = ReadScorecard(unitElement, $"units[{index}]", errors);
                if (card is not null && !ids.Add(card.UnitId))
                {
                    errors.Add($"units[{index}].unitId", $"Mã đơn vị \"{card.UnitId}\" bị trùng.");
                }
                else if (card is not null)
                {
                    units.Add(card);
                }

                index++;
            }
        }

        return errors.IsEmpty ? (new RankingRequest(settings, units), errors) : (null, errors);
    }

    /// <summary>Reads a settings object; omitted fields keep the regulation's defaults.</summary>
    public static RankingSettings? ReadSettings(JsonElement element, string path, ValidationErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Thiết lập xếp loại (settings) phải là một đối tượng { … }.");
            return null;
        }

        var before = errors.Count;
        CheckFields(element, path, SettingsFields, errors);
        var settings = RankingSettings.Default;
        settings = settings with
        {
            ExcellentCapPercent = ReadNumber(element, "excellentCapPercent", path, errors) ?? settings.ExcellentCapPercent,
            ExcellentMinScore = ReadNumber(element, "excellentMinScore", path, errors) ?? settings.ExcellentMinScore,
            GoodMinScore = ReadNumber(element, "goodMinScore", path, errors) ?? settings.GoodMinScore,
            DoneMinScore = ReadNumber(element, "doneMinScore", path, errors) ?? settings.DoneMinScore,
        };

        if (element.TryGetProperty("capRounding", out var rounding) && rounding.ValueKind != JsonValueKind.Null)
        {
            var parsed = rounding.ValueKind == JsonValueKind.String ? RankingSettings.ParseRounding(rounding.GetString()) : null;
            if (parsed is null)
            {
                errors.Add($"{path}.capRounding", "Cách làm tròn (capRounding) phải là \"floor\" (làm tròn xuống), \"nearest\" (làm tròn gần nhất) hoặc \"ceiling\" (làm tròn lên).");
            }
            else
            {
                settings = settings with { CapRounding = parsed.Value };
            }
        }

        errors.AddRange(settings.Validate(path));
        return errors.Count == before ? settings : null;
    }

    private static Scorecard? ReadScorecard(JsonElement element, string path, ValidationErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Mỗi đơn vị phải là một đối tượng { … }.");
            return null;
        }

        var before = errors.Count;
        CheckFields(element, path, UnitFields, errors);

        var unitId = ReadString(element, "unitId", path, errors, required: true);
        if (unitId is not null && !UnitIdPattern().IsMatch(unitId))
        {
            errors.Add($"{path}.unitId", $"Mã đơn vị \"{unitId}\" chỉ được gồm chữ, số, \"-\", \"_\", \".\" và dài tối đa 64 ký tự.");
        }

        var type = ReadString(element, "type", path, errors, required: true);
        if (type is not null && !Codes.IsTypeCode(type))
        {
            errors.Add($"{path}.type", $"Loại hình \"{type}\" chỉ được gồm chữ và số (ví dụ \"01\").");
        }

        var name = ReadString(element, "name", path, errors, required: false) ?? unitId ?? string.Empty;
        if (name.Length > 300)
        {
            errors.Add($"{path}.name", "Tên đơn vị dài quá 300 ký tự.");
        }

        var scores = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (!element.TryGetProperty("sections", out var sections) || sections.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}.sections", "Thiếu điểm các nội dung (sections) dạng { \"I\": 38.5, … }.");
        }
        else
        {
            foreach (var property in sections.EnumerateObject())
            {
                var field = $"{path}.sections.{property.Name}";
                var rule = Sections.Find(property.Name);
                if (rule is null)
                {
                    errors.Add(field, $"Nội dung \"{property.Name}\" không tồn tại; chỉ có I, II, III, IV, V, VI, VII.");
                    continue;
                }

                if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDecimal(out var score))
                {
                    errors.Add(field, $"Điểm nội dung {rule.Code} phải là số.");
                    continue;
                }

                var upper = Sections.UpperBound(rule.Code);
                if (score < 0 || score > upper)
                {
                    errors.Add(field, $"Điểm nội dung {rule.Code} là {ScoreText.Format(score)}, phải nằm trong khoảng 0 đến {ScoreText.Format(upper)}.");
                    continue;
                }

                if (!scores.TryAdd(rule.Code, ScoreText.Normalize(score)))
                {
                    errors.Add(field, $"Điểm nội dung {rule.Code} bị lặp.");
                }
            }
        }

        return errors.Count == before && unitId is not null && type is not null
            ? new Scorecard(unitId, name, type, new SectionScores(scores))
            : null;
    }

    private static string? ReadString(JsonElement element, string name, string path, ValidationErrors errors, bool required)
    {
        var field = $"{path}.{name}";
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(field, $"Thiếu {name}.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, $"{name} phải là chuỗi ký tự.");
            return null;
        }

        var text = VietnameseText.Clean(value.GetString());
        if (required && string.IsNullOrEmpty(text))
        {
            errors.Add(field, $"{name} không được để trống.");
            return null;
        }

        return text;
    }

    private static decimal? ReadNumber(JsonElement element, string name, string path, ValidationErrors errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            errors.Add($"{path}.{name}", $"{name} phải là số.");
            return null;
        }

        return number;
    }

    private static void CheckFields(JsonElement element, string path, string[] allowed, ValidationErrors errors)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                var field = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                errors.Add(field, $"Trường \"{property.Name}\" không được hỗ trợ.");
            }
        }
    }

    [GeneratedRegex("^[0-9A-Za-z._-]{1,64}$")]
    private static partial Regex UnitIdPattern();
}
