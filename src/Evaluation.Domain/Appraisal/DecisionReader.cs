using System.Text.Json;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;

namespace Evaluation.Domain.Appraisal;

/// <summary>The self-assessment a decision is judged against: the typed self-score and what counts of it .</summary>
public sealed record SelfScoreFacts(decimal? SelfScore, decimal CountedScore, bool Classified, int EvidenceCount);

/// <summary>
/// Reads <c>PUT …/appraisal/{round}/criteria/{code}</c>: <c>{ "decision", "score", "reason", "explainedDirectly" }</c>,
/// applying: agreeing takes the self-score that counts; disagreeing or asking for evidence needs a
/// reason and a score lower than the self-score (or zero); no score ever exceeds the self-score or the maximum;
/// asking for evidence is for round 1 only. Every problem is reported at once, in Vietnamese.
/// </summary>
public static class DecisionReader
{
    public const int MaxReasonLength = 4000;

    private static readonly string[] Fields = ["decision", "score", "reason", "explainedDirectly"];

    public static (DecisionInput? Decision, ValidationErrors Errors) Read(JsonElement root, int round, Criterion criterion, SelfScoreFacts facts)
    {
        var errors = new ValidationErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Nội dung yêu cầu phải là một đối tượng JSON { … }.");
            return (null, errors);
        }

        foreach (var property in root.EnumerateObject().Where(p => !Fields.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(property.Name, $"Trường \"{property.Name}\" không được hỗ trợ; chỉ có decision, score, reason, explainedDirectly.");
        }

        var kind = ReadKind(root, round, errors);
        // "Theo thang điểm của các Chỉ số, hoặc không cho điểm": the index set's levels, or zero.
        var score = ScoreField.Read(root, "score", "Điểm thẩm định", criterion, errors, zeroAlwaysAllowed: true);
        var reason = ReadReason(root, errors);
        var explainedDirectly = ReadFlag(root, "explainedDirectly", errors);
        if (kind is null || !errors.IsEmpty)
        {
            return (null, errors);
        }

        var self = facts.SelfScore ?? 0m;
        var selfText = ScoreText.Format(self);
        decimal finalScore;
        if (kind == DecisionKind.Agree)
        {
            finalScore = facts.CountedScore;
            if (score is { } given && given != finalScore)
            {
                errors.Add("score", facts.CountedScore == self
                    ? $"Đồng ý với kết quả tự chấm thì điểm thẩm định bằng điểm tự chấm ({selfText}); muốn cho điểm khác, chọn \"Không đồng ý\"."
                    : $"Tiêu chí {criterion.Code} không được tính điểm (thiếu giải trình hoặc tài liệu kiểm chứng), nên đồng ý nghĩa là 0 điểm; muốn cho điểm khác, chọn \"Không đồng ý\" hoặc đề nghị bổ sung tài liệu.");
            }

            if (facts.Classified && facts.EvidenceCount == 0 && !explainedDirectly)
            {
                errors.Add("explainedDirectly", $"Tiêu chí {criterion.Code} có tài liệu mật: cần xác nhận đơn vị đã giải trình trực tiếp với Hội đồng (explainedDirectly) trước khi đồng ý.");
            }

            reason ??= DecisionKinds.Vietnamese(DecisionKind.Agree);
        }
        else
        {
            if (reason is null)
            {
                errors.Add("reason", kind == DecisionKind.RequestEvidence
                    ? "Cần nêu rõ tài liệu kiểm chứng cần bổ sung."
                    : "Cần nêu rõ lý do trừ điểm hoặc không cho điểm.");
            }

            if (score is null)
            {
                errors.Add("score", kind == DecisionKind.RequestEvidence
                    ? "Cần nhập điểm thẩm định tạm thời (thấp hơn điểm tự chấm hoặc 0)."
                    : "Cần nhập điểm thẩm định (thấp hơn điểm tự chấm hoặc 0).");
            }
            else if (score > self)
            {
                errors.Add("score", $"Điểm thẩm định {ScoreText.Format(score.Value)} không được cao hơn điểm tự chấm {selfText} của tiêu chí {criterion.Code}.");
            }
            else if (score == self && score != 0)
            {
                errors.Add("score", $"Không đồng ý thì điểm thẩm định phải thấp hơn điểm tự chấm ({selfText}) hoặc bằng 0; giữ nguyên điểm thì chọn \"Đồng ý\".");
            }

            finalScore = score ?? 0m;
        }

        return errors.IsEmpty ? (new DecisionInput(kind.Value, finalScore, reason!, explainedDirectly), errors) : (null, errors);
    }

    private static DecisionKind? ReadKind(JsonElement root, int round, ValidationErrors errors)
    {
        var name = root.TryGetProperty("decision", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var kind = DecisionKinds.Parse(name);
        if (kind is null)
        {
            errors.Add("decision", "Cần chọn quyết định: \"agree\" (đồng ý), \"disagree\" (không đồng ý) hoặc \"requestEvidence\" (đề nghị bổ sung tài liệu).");
        }
        else if (kind == DecisionKind.RequestEvidence && round != AppraisalRounds.First)
        {
            errors.Add("decision", "Đề nghị bổ sung tài liệu kiểm chứng chỉ áp dụng cho thẩm định lần 1; lần 2 là kết quả cuối cùng: đồng ý hoặc không đồng ý.");
            return null;
        }

        return kind;
    }

    private static string? ReadReason(JsonElement root, ValidationErrors errors)
    {
        if (!root.TryGetProperty("reason", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add("reason", "Lý do phải là văn bản.");
            return null;
        }

        var text = VietnameseText.Clean(value.GetString());
        if (text is { Length: > MaxReasonLength })
        {
            errors.Add("reason", $"Lý do dài {text.Length:N0} ký tự, vượt quá {MaxReasonLength:N0} ký tự cho phép.");
            return null;
        }

        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static bool ReadFlag(JsonElement root, string name, ValidationErrors errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(name, $"Trường {name} phải là true hoặc false.");
            return false;
        }

        return value.GetBoolean();
    }
}
