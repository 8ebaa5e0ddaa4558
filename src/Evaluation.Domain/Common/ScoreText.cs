using System.Globalization;

namespace Evaluation.Domain.Common;

/// <summary>How scores read on screen: decimal comma, no trailing zeros (93,98 điểm); JSON keeps numbers.</summary>
public static class ScoreText
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static string Format(decimal score) => Normalize(score).ToString("0.##########", Vietnamese);

    /// <summary>Drops trailing zeros of the decimal's scale (38.50 → 38.5) without changing the value.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
