using System.Globalization;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Ranking;

namespace Evaluation.Infrastructure.Exports;

/// <summary>The words the published results use, the same in the workbook, the printable table and the pages.</summary>
public static class ResultLabels
{
    public const string Title = "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG HOẠT ĐỘNG CÁC CƠ QUAN, ĐƠN VỊ";

    public const string Draft = "Bản dự thảo (chưa công bố)";

    public const string TieMark = "Đồng hạng";

    /// <summary>The section columns of a results table, in order, with their headings (VII is a deduction).</summary>
    public static IReadOnlyList<(string Code, string Heading)> SectionColumns { get; } =
    [
        ("I", "I"), ("II", "II"), ("III", "III"), ("IV", "IV"), ("V", "V"), ("VI", "VI"), ("VII", "VII (trừ)"),
    ];

    public static string TitleOf(int year) => $"{Title} NĂM {year}";

    /// <summary>The Vietnamese name of a class as the API spells it ("excellent" → "Hoàn thành xuất sắc nhiệm vụ").</summary>
    public static string ClassName(string apiName) =>
        Enum.GetValues<UnitClass>().Where(unitClass => UnitClassNames.ApiName(unitClass) == apiName).Select(UnitClassNames.Vietnamese).FirstOrDefault() ?? apiName;

    /// <summary>A day in the province as dd/MM/yyyy.</summary>
    public static string Day(DateTimeOffset instant) => ProvinceTime.ToProvince(instant).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>"Đã công bố ngày 30/12/2025", or for the working group before publication "Chưa công bố" with when it was computed.</summary>
    public static string Publication(bool published, DateTimeOffset? publishedAt, DateTimeOffset? computedAt)
    {
        if (published)
        {
            return publishedAt is { } at ? $"Đã công bố ngày {Day(at)}" : "Đã công bố";
        }

        return computedAt is { } computed ? $"Chưa công bố (bản dự thảo), tính lúc {ProvinceTime.Format(computed)}" : "Chưa công bố (bản dự thảo)";
    }
}
