using System.Globalization;

namespace Evaluation.Infrastructure.Storage;

/// <summary>Table storage has no decimal type: scores are kept as invariant text so they come back exact.</summary>
public static class TableScores
{
    public static string? Write(decimal? score) => score?.ToString(CultureInfo.InvariantCulture);

    public static decimal? Read(string? text) =>
        string.IsNullOrEmpty(text) ? null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
