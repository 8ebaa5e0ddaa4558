using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;

namespace Evaluation.Domain.Assessments;

/// <summary>The rules of self-assessment that the form, the API and the ranking must agree on .</summary>
public static class SelfAssessmentRules
{
    public const string MissingExplanation = "Chưa có giải trình";
    public const string MissingEvidence = "Chưa có tài liệu kiểm chứng";
    public const string MissingScore = "Chưa nhập điểm tự chấm";

    /// <summary>Sections the unit scores itself: I–III and the bonus section IV. V comes from the survey, VI from the leaders, VII from the council.</summary>
    public static bool IsSelfAssessed(SectionKind kind) => kind is SectionKind.Scored or SectionKind.Bonus;

    /// <summary>
    /// A leaf the unit scores and the council appraises: in I–IV and not scored from another index, whose
    /// points the working group imports instead.
    /// </summary>
    public static bool IsSelfAssessed(CriterionEntry entry) => IsSelfAssessed(entry.Section.Kind) && entry.Criterion.OtherIndex is null;

    /// <summary>
    /// Why a criterion counts zero whatever was typed (R-2.2, Art. 5.1.a): no explanation, or no evidence unless
    /// the evidence is classified and explained directly to the council. Empty when it counts.
    /// </summary>
    public static IReadOnlyList<string> ZeroReasons(CriterionAnswer answer, int evidenceCount)
    {
        var reasons = new List<string>(3);
        if (answer.SelfScore is null)
        {
            reasons.Add(MissingScore);
        }

        if (string.IsNullOrWhiteSpace(answer.Explanation))
        {
            reasons.Add(MissingExplanation);
        }

        if (evidenceCount == 0 && !answer.Classified)
        {
            reasons.Add(MissingEvidence);
        }

        return reasons;
    }

    /// <summary>The score that counts towards the unit's totals: the self-score, or zero under .</summary>
    public static decimal CountedScore(CriterionAnswer answer, int evidenceCount) =>
        ZeroReasons(answer, evidenceCount).Count == 0 ? answer.SelfScore ?? 0m : 0m;

    /// <summary>
    /// Why the unit's self-assessment can no longer be changed, or null while it can. The phase is
    /// what the unit's orchestration recorded; the clock is checked as well, so an edit a moment after the deadline
    /// is refused even before the orchestration has moved on.
    /// </summary>
    public static string? LockReason(YearCalendar calendar, EvaluationPhase unitPhase, Submission? submission, DateTimeOffset now)
    {
        var deadline = ProvinceTime.FormatDeadline(calendar.SelfAssessmentDue);
        if (submission is not null)
        {
            return $"Đơn vị đã nộp bản tự đánh giá lúc {ProvinceTime.Format(submission.At)}; bản tự đánh giá đã khóa, không thể sửa.";
        }

        if (now >= calendar.SelfAssessmentDue || unitPhase > EvaluationPhase.SelfAssessment)
        {
            return $"Đã hết hạn tự đánh giá ({deadline}); không thể sửa bản tự đánh giá.";
        }

        if (unitPhase < EvaluationPhase.SelfAssessment)
        {
            return $"Năm đánh giá chưa bắt đầu; Tổ công tác chưa mở tự đánh giá (hạn nộp {deadline}).";
        }

        return null;
    }
}
