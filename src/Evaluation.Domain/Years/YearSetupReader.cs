using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Common;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;

namespace Evaluation.Domain.Years;

/// <summary>
/// Reads the body of <c>PUT /api/years/{year}</c>: <c>{ "calendar": {...}, "settings": {...}, "unitTypes": [...] }</c>.
/// Omitted deadlines take the regulation's defaults; omitted settings take Art. 6's; omitted unit types
/// are the four of the regulation.
/// </summary>
public static partial class YearSetupReader
{
    public const int MaxUnitTypes = 20;

    private static readonly string[] BodyFields = ["calendar", "settings", "unitTypes", "reminders"];

    public static (YearSetup? Setup, ValidationErrors Errors) Read(JsonElement root, int year)
    {
        var errors = new ValidationErrors();
        if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
        {
            errors.Add("$", "Nội dung yêu cầu phải là một đối tượng JSON { … }.");
            return (null, errors);
        }

        if (root.ValueKind == JsonValueKind.Undefined)
        {
            return (new YearSetup(YearCalendar.Default(year), RankingSettings.Default, UnitType.RegulationDefaults), errors);
        }

        foreach (var property in root.EnumerateObject().Where(p => !BodyFields.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(property.Name, $"Trường \"{property.Name}\" không được hỗ trợ; chỉ có calendar, settings, unitTypes, reminders.");
        }

        var calendar = ReadCalendar(root, year, errors);

        var settings = RankingSettings.Default;
        if (root.TryGetProperty("settings", out var settingsElement) && settingsElement.ValueKind != JsonValueKind.Null)
        {
            settings = RankingRequestReader.ReadSettings(settingsElement, "settings", errors) ?? settings;
        }

        var reminders = ReminderSchedule.Default;
        if (root.TryGetProperty("reminders", out var remindersElement) && remindersElement.ValueKind != JsonValueKind.Null)
        {
            reminders = ReminderSchedule.Read(remindersElement, "reminders", errors) ?? reminders;
        }

        var unitTypes = ReadUnitTypes(root, errors);
        return errors.IsEmpty && calendar is not null
            ? (new YearSetup(calendar, settings, unitTypes) { Reminders = reminders }, errors)
            : (null, errors);
    }

    private static YearCalendar? ReadCalendar(JsonElement root, int year, ValidationErrors errors)
    {
        var defaults = YearCalendar.Default(year).InOrder();
        if (!root.TryGetProperty("calendar", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return YearCalendar.FromOrdered(defaults);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("calendar", "Lịch (calendar) phải là một đối tượng { … }.");
            return null;
        }

        var known = YearCalendar.Fields.Select(field => field.Field).ToArray();
        foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add($"calendar.{property.Name}", $"Mốc \"{property.Name}\" không có trong lịch; các mốc là: {string.Join(", ", known)}.");
        }

        var dues = new List<DateTimeOffset>();
        var ok = true;
        for (var i = 0; i < YearCalendar.Fields.Count; i++)
        {
            var (field, label) = YearCalendar.Fields[i];
            if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                dues.Add(defaults[i]);
                continue;
            }

            var parsed = value.ValueKind == JsonValueKind.String ? ParseInstant(value.GetString()) : null;
            if (parsed is null)
            {
                errors.Add($"calendar.{field}", $"{label} phải là thời điểm theo ISO 8601 có múi giờ, ví dụ \"{year}-12-15T00:00:00+07:00\".");
                ok = false;
                continue;
            }

            dues.Add(parsed.Value);
        }

        if (!ok)
        {
            return null;
        }

        var calendar = YearCalendar.FromOrdered(dues);
        var orderErrors = calendar.Validate(year);
        errors.AddRange(orderErrors);
        return orderErrors.IsEmpty ? calendar : null;
    }

    /// <summary>
    /// An ISO 8601 instant that states its offset ("Z" or "+07:00"). A bare local time is ambiguous, and a
    /// "01/12/2025" form would be read month-first by .NET while a Vietnamese reader means 1 December: both refused.
    /// </summary>
    public static DateTimeOffset? ParseInstant(string? text)
    {
        if (text is null || !IsoInstant().IsMatch(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) ? instant : null;
    }

    private static List<UnitType> ReadUnitTypes(JsonElement root, ValidationErrors errors)
    {
        if (!root.TryGetProperty("unitTypes", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return [.. UnitType.RegulationDefaults];
        }

        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0 || element.GetArrayLength() > MaxUnitTypes)
        {
            errors.Add("unitTypes", $"Danh sách loại hình (unitTypes) phải là mảng từ 1 đến {MaxUnitTypes} phần tử.");
            return [];
        }

        var types = new List<UnitType>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var path = $"unitTypes[{index++}]";
            var code = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? VietnameseText.Clean(n.GetString()) : null;
            if (code is null || !Codes.IsTypeCode(code))
            {
                errors.Add($"{path}.code", "Mã loại hình phải gồm 1–10 chữ hoặc số (ví dụ \"01\").");
                continue;
            }

            if (string.IsNullOrEmpty(name) || name.Length > 200)
            {
                errors.Add($"{path}.name", $"Tên loại hình {code} phải có từ 1 đến 200 ký tự.");
                continue;
            }

            if (types.Any(type => type.Code == code))
            {
                errors.Add($"{path}.code", $"Mã loại hình {code} bị trùng.");
                continue;
            }

            types.Add(new UnitType(code, name));
        }

        return types;
    }

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoInstant();
}
