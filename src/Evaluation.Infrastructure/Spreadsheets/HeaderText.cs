using System.Globalization;
using System.Text;

namespace Evaluation.Infrastructure.Spreadsheets;

/// <summary>Column headings and sheet names as an import compares them: a person may retype them without accents or in capitals.</summary>
public static class HeaderText
{
    /// <summary>No accents, "đ" as "d", lower case, single spaces: "  Mã  ĐƠN vị " → "ma don vi".</summary>
    public static string Fold(string? text)
    {
        var decomposed = (text ?? string.Empty).Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark))
        {
            folded.Append(c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c));
        }

        return string.Join(' ', folded.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
