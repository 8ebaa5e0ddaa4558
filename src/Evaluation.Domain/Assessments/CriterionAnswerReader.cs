using System.Text.Json;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;

namespace Evaluation.Domain.Assessments;

/// <summary>
/// Reads the body of <c>PUT …/assessment/criteria/{code}</c>: <c>{ "selfScore": 5, "explanation": "…", "classified": false }</c>.
/// Every problem is reported at once, in Vietnamese, naming the field.
/// </summary>
public static class CriterionAnswerReader
{
    /// <summary>An explanation is a few paragraphs; a bound keeps one row well under the 1 MB entity limit.</summary>
    public const int MaxExplanationLength = 8000;

    private static readonly string[] BodyFields = ["selfScore", "explanation", "classified"];

    public static (CriterionAnswer? Answer, ValidationErrors Errors) Read(JsonElement root, Criterion criterion)
    {
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Nội dung yêu cầu phải là một đối tượng JSON { … }.");
            return (null, errors);
        }

        foreach (var property in root.EnumerateObject().Where(p => !BodyFields.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(property.Name, $"Trường \"{property.Name}\" không được hỗ trợ; chỉ có selfScore, explanation, classified.");
        }

        var score = ScoreField.Read(root, "selfScore", "Điểm tự chấm", criterion, errors);
        var explanation = string.Empty;
        if (root.TryGetProperty("explanation", out var text) && text.ValueKind != JsonValueKind.Null)
        {
            if (text.ValueKind != JsonValueKind.String)
            {
                errors.Add("explanation", "Giải trình phải là văn bản.");
            }
            else
            {
                explanation = VietnameseText.Clean(text.GetString()) ?? string.Empty;
                if (explanation.Length > MaxExplanationLength)
                {
                    errors.Add("explanation", $"Giải trình dài {explanation.Length:N0} ký tự, vượt quá {MaxExplanationLength:N0} ký tự cho phép. Nội dung chi tiết hãy đưa vào tài liệu kiểm chứng.");
                }
            }
        }

        var classified = false;
        if (root.TryGetProperty("classified", out var flag) && flag.ValueKind != JsonValueKind.Null)
        {
            if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add("classified", "Trường classified phải là true hoặc false.");
            }
            else
            {
                classified = flag.GetBoolean();
            }
        }

        return errors.IsEmpty ? (new CriterionAnswer(score, explanation, classified), errors) : (null, errors);
    }
}
