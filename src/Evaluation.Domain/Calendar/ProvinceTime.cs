using System.Globalization;

namespace Evaluation.Domain.Calendar;

/// <summary>The province's clock: Asia/Ho_Chi_Minh (UTC+7, no daylight saving).</summary>
public static class ProvinceTime
{
    public const string ZoneId = "Asia/Ho_Chi_Minh";

    /// <summary>The IANA zone when the machine has it; otherwise the fixed +07:00 it has been since 1975.</summary>
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.TryFindSystemTimeZoneById(ZoneId, out var zone)
        ? zone
        : TimeZoneInfo.CreateCustomTimeZone(ZoneId, TimeSpan.FromHours(7), "Giờ Việt Nam", "Giờ Việt Nam");

    /// <summary>Midnight at the start of a calendar day in the province, as an instant.</summary>
    public static DateTimeOffset StartOfDay(int year, int month, int day)
    {
        var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    public static DateTimeOffset ToProvince(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>dd/MM/yyyy HH:mm in the province's time (DOMAIN-NOTES "Words on screen").</summary>
    public static string Format(DateTimeOffset instant) =>
        ToProvince(instant).ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// A deadline as people say it. "Before 15/12" is stored as 00:00 on 15/12 and reads "hết ngày 14/12/2025",
    /// so nobody thinks they still have the 15th.
    /// </summary>
    public static string FormatDeadline(DateTimeOffset instant)
    {
        var local = ToProvince(instant);
        if (local.TimeOfDay == TimeSpan.Zero)
        {
            return "hết ngày " + local.AddDays(-1).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        }

        return Format(instant);
    }
}
