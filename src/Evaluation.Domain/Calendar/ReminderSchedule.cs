using System.Text.Json;
using System.Xml;
using Evaluation.Domain.Common;

namespace Evaluation.Domain.Calendar;

/// <summary>
/// How long before each deadline the people who still have work are reminded: per year, default 7, 3 and
/// 1 days. Written as ISO 8601 durations ("P7D", "PT12H") so a test year can use seconds ("PT5S").
/// </summary>
public sealed record ReminderSchedule(IReadOnlyList<TimeSpan> LeadTimes)
{
    public const int MaxLeadTimes = 10;

    public static ReminderSchedule Default { get; } = new([TimeSpan.FromDays(7), TimeSpan.FromDays(3), TimeSpan.FromDays(1)]);

    private static readonly TimeSpan Longest = TimeSpan.FromDays(60);

    /// <summary>The instants to remind at before <paramref name="due"/>, earliest first, that are still after <paramref name="after"/>.</summary>
    public IReadOnlyList<(TimeSpan Lead, DateTimeOffset At)> Before(DateTimeOffset due, DateTimeOffset after) =>
        LeadTimes.OrderByDescending(lead => lead).Select(lead => (lead, due - lead)).Where(pair => pair.Item2 > after).ToList();

    public IReadOnlyList<string> ToIso() => LeadTimes.Select(Iso).ToList();

    public static string Iso(TimeSpan lead) => XmlConvert.ToString(lead);

    /// <summary>"7 ngày", "12 giờ", "30 giây": how a reminder names its lead time.</summary>
    public static string Vietnamese(TimeSpan lead) =>
        lead.TotalDays >= 1 && lead.Ticks % TimeSpan.TicksPerDay == 0 ? $"{lead.TotalDays:0} ngày"
        : lead.TotalHours >= 1 && lead.Ticks % TimeSpan.TicksPerHour == 0 ? $"{lead.TotalHours:0} giờ"
        : lead.TotalMinutes >= 1 && lead.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{lead.TotalMinutes:0} phút"
        : $"{lead.TotalSeconds:0} giây";

    public static ReminderSchedule? FromIso(IEnumerable<string> items)
    {
        var leads = new List<TimeSpan>();
        foreach (var item in items)
        {
            if (TryParse(item) is not { } lead)
            {
                return null;
            }

            leads.Add(lead);
        }

        return new ReminderSchedule(leads);
    }

    /// <summary>Reads <c>"reminders": { "leadTimes": ["P7D", "P3D", "P1D"] }</c>.</summary>
    public static ReminderSchedule? Read(JsonElement element, string prefix, ValidationErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(prefix, "Nhắc hạn (reminders) phải là một đối tượng { \"leadTimes\": [\"P7D\", \"P3D\", \"P1D\"] }.");
            return null;
        }

        foreach (var property in element.EnumerateObject().Where(property => property.Name != "leadTimes"))
        {
            errors.Add($"{prefix}.{property.Name}", $"Trường \"{property.Name}\" không được hỗ trợ; chỉ có leadTimes.");
        }

        if (!element.TryGetProperty("leadTimes", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{prefix}.leadTimes", "leadTimes phải là danh sách khoảng thời gian ISO 8601, ví dụ [\"P7D\", \"P3D\", \"P1D\"].");
            return null;
        }

        if (list.GetArrayLength() > MaxLeadTimes)
        {
            errors.Add($"{prefix}.leadTimes", $"Tối đa {MaxLeadTimes} mốc nhắc hạn.");
            return null;
        }

        var leads = new List<TimeSpan>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var lead = item.ValueKind == JsonValueKind.String ? TryParse(item.GetString()) : null;
            if (lead is null || lead <= TimeSpan.Zero || lead > Longest)
            {
                errors.Add($"{prefix}.leadTimes[{index}]", "Mỗi mốc nhắc hạn là một khoảng thời gian ISO 8601 dương, tối đa 60 ngày, ví dụ \"P7D\" (7 ngày) hoặc \"PT12H\" (12 giờ).");
            }
            else if (leads.Contains(lead.Value))
            {
                errors.Add($"{prefix}.leadTimes[{index}]", $"Mốc nhắc hạn {Vietnamese(lead.Value)} bị lặp lại.");
            }
            else
            {
                leads.Add(lead.Value);
            }

            index++;
        }

        return new ReminderSchedule(leads);
    }

    private static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32 || !text.StartsWith('P'))
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
