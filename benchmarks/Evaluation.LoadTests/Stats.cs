using System.Globalization;

namespace Evaluation.LoadTests;

/// <summary>Order statistics and the units the report prints.</summary>
public static class Stats
{
    public const double Mebibyte = 1024 * 1024;

    /// <summary>Nearest-rank percentile (p in 0–100) of sorted values: a value that was actually observed.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static string Mb(long bytes) => (bytes / Mebibyte).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static string Number(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
}
