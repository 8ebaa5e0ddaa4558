using System.Globalization;

namespace Evaluation.Infrastructure.Storage;

/// <summary>Keys shared by the stores: a year is always four digits, so keys sort and compare as text.</summary>
public static class StorageKeys
{
    public static string Year(int year) => year.ToString("D4", CultureInfo.InvariantCulture);

    public static int ParseYear(string key) => int.Parse(key, CultureInfo.InvariantCulture);
}
