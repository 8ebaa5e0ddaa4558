using System.Text;

namespace Evaluation.Domain.Common;

/// <summary>Text as people type it: trimmed and in Unicode NFC, so the same Vietnamese word is always the same string.</summary>
public static class VietnameseText
{
    /// <summary>Trims and normalises to NFC; null stays null.</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.IsNormalized(NormalizationForm.FormC) ? trimmed : trimmed.Normalize(NormalizationForm.FormC);
    }
}
