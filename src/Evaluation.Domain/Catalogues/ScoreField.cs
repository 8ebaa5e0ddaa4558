using System.Text.Json;
using Evaluation.Domain.Common;

namespace Evaluation.Domain.Catalogues;

/// <summary>Reads one score field of a request against a criterion's scale: a number, 0..max, 2 decimals, the index set's levels.</summary>
public static class ScoreField
{
    /// <param name="label">How the field reads in messages ("Điểm tự chấm", "Điểm thẩm định").</param>
    /// <param name="zeroAlwaysAllowed">"Hoặc không cho điểm": the council may give zero whatever the levels.</param>
    public static decimal? Read(JsonElement root, string field, string label, Criterion criterion, ValidationErrors errors, bool zeroAlwaysAllowed = false)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDecimal(out var score))
        {
            errors.Add(field, $"{label} phải là một số (ví dụ 1 hoặc 0,5).");
            return null;
        }

        score = ScoreText.Normalize(score);
        var max = ScoreText.Format(criterion.MaxScore);
        if (score < 0)
        {
            errors.Add(field, $"{label} không được âm (tiêu chí {criterion.Code}, tối đa {max} điểm).");
        }
        else if (score > criterion.MaxScore)
        {
            errors.Add(field, $"{label} {ScoreText.Format(score)} vượt quá điểm tối đa {max} của tiêu chí {criterion.Code}.");
        }
        else if (decimal.Round(score, 2) != score)
        {
            errors.Add(field, $"{label} có tối đa 2 chữ số thập phân.");
        }
        else if (!criterion.Accepts(score) && !(zeroAlwaysAllowed && score == 0))
        {
            var allowed = string.Join("; ", criterion.AllowedScores!.Select(ScoreText.Format));
            errors.Add(field, $"Tiêu chí {criterion.Code} chỉ nhận các mức điểm: {allowed}{(zeroAlwaysAllowed ? " (hoặc 0)" : string.Empty)}.");
        }

        return score;
    }
}
