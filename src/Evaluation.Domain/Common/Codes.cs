using System.Globalization;
using System.Text.RegularExpressions;

namespace Evaluation.Domain.Common;

/// <summary>The short codes the system keys on, each with its one rule.</summary>
public static partial class Codes
{
    /// <summary>A unit type, which is also its index set: "01", "02", … (letters and digits, up to 10).</summary>
    public static bool IsTypeCode(string? code) => code is not null && TypeCode().IsMatch(code);

    /// <summary>A council member agency: "SKHDT", "VPUBND", … (letters, digits, "-" and "_", up to 32).</summary>
    public static bool IsAgencyCode(string? code) => code is not null && AgencyCode().IsMatch(code);

    /// <summary>Names in Vietnamese alphabetical order (Đ after D, tones ignored first), case-insensitive.</summary>
    public static StringComparer VietnameseNameOrder { get; } = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    [GeneratedRegex("^[0-9A-Za-z]{1,10}$")]
    private static partial Regex TypeCode();

    [GeneratedRegex("^[0-9A-Za-z_-]{1,32}$")]
    private static partial Regex AgencyCode();
}
