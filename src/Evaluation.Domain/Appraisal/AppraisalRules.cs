using Evaluation.Domain.Calendar;

namespace Evaluation.Domain.Appraisal;

/// <summary>
/// When the council and the unit may act during appraisal and what counts in the end.
/// Times come from the year's calendar and the clock, so an action a moment after a deadline is refused even
/// before the unit's orchestration has recorded the next phase.
/// </summary>
public static class AppraisalRules
{
    /// <summary>A round-1 decision the unit may answer in the explanation window (Art. 5.1.b).</summary>
    public static bool IsQuestioned(DecisionKind round1) => round1 is DecisionKind.Disagree or DecisionKind.RequestEvidence;

    /// <summary>
    /// Why a decision of <paramref name="round"/> cannot be taken now, or null when it can. Round 1 starts once the
    /// unit's self-assessment is closed (submitted or past due) and ends at <c>appraisalRound1Due</c>; round 2 runs
    /// from the end of the explanation window to <c>appraisalRound2Due</c>.
    /// </summary>
    public static string? DecisionRefusal(int round, YearCalendar calendar, bool selfAssessmentClosed, DateTimeOffset now)
    {
        if (round == AppraisalRounds.First)
        {
            if (!selfAssessmentClosed && now < calendar.SelfAssessmentDue)
            {
                return $"Đơn vị chưa nộp bản tự đánh giá và chưa hết hạn tự đánh giá ({ProvinceTime.FormatDeadline(calendar.SelfAssessmentDue)}); chưa thể thẩm định.";
            }

            return now >= calendar.AppraisalRound1Due
                ? $"Đã hết hạn thẩm định lần 1 ({ProvinceTime.FormatDeadline(calendar.AppraisalRound1Due)}); không thể ghi hoặc sửa ý kiến thẩm định lần 1."
                : null;
        }

        if (now < calendar.ExplanationDue)
        {
            return $"Thẩm định lần 2 bắt đầu khi hết thời hạn giải trình, bổ sung tài liệu ({ProvinceTime.FormatDeadline(calendar.ExplanationDue)}).";
        }

        return now >= calendar.AppraisalRound2Due
            ? $"Đã hết hạn thẩm định lần 2 ({ProvinceTime.FormatDeadline(calendar.AppraisalRound2Due)}); kết quả thẩm định đã chốt."
            : null;
    }

    /// <summary>Round-1 decisions (and penalties) reach the unit when round 1 closes (issue 4 §6).</summary>
    public static bool Round1Released(YearCalendar calendar, DateTimeOffset now) => now >= calendar.AppraisalRound1Due;

    /// <summary>The explanation window: from the close of round 1 to <c>explanationDue</c> (R-2.6).</summary>
    public static bool ExplanationWindowOpen(YearCalendar calendar, DateTimeOffset now) =>
        now >= calendar.AppraisalRound1Due && now < calendar.ExplanationDue;

    /// <summary>Penalties are recorded while the council works: from the end of self-assessment to the end of round 2.</summary>
    public static string? PenaltyRefusal(YearCalendar calendar, DateTimeOffset now)
    {
        if (now < calendar.SelfAssessmentDue)
        {
            return $"Điểm trừ được ghi trong thời gian thẩm định, sau hạn tự đánh giá ({ProvinceTime.FormatDeadline(calendar.SelfAssessmentDue)}).";
        }

        return now >= calendar.AppraisalRound2Due
            ? $"Đã hết hạn thẩm định lần 2 ({ProvinceTime.FormatDeadline(calendar.AppraisalRound2Due)}); không thể ghi hoặc sửa điểm trừ."
            : null;
    }

    /// <summary>
    /// Why the unit cannot change a criterion in the explanation window, or null when it may: only while the
    /// window is open, only a criterion questioned in round 1.
    /// </summary>
    public static string? ExplanationRefusal(YearCalendar calendar, DateTimeOffset now, string code, DecisionKind? round1)
    {
        if (now < calendar.AppraisalRound1Due)
        {
            return null;
        }

        if (now >= calendar.ExplanationDue)
        {
            return $"Đã hết thời hạn giải trình, bổ sung tài liệu ({ProvinceTime.FormatDeadline(calendar.ExplanationDue)}).";
        }

        return round1 is { } kind && IsQuestioned(kind)
            ? null
            : $"Tiêu chí {code} không bị Hội đồng thẩm định đề nghị ở lần 1; trong thời gian giải trình chỉ được giải trình, bổ sung tài liệu cho các tiêu chí bị đề nghị.";
    }

    /// <summary>
    /// The council's score for a criterion: the round-2 score of a questioned criterion, otherwise the round-1
    /// score; null while no decision exists.
    /// </summary>
    public static decimal? FinalScore(decimal? round1Score, DecisionKind? round1Kind, decimal? round2Score) =>
        round1Kind is { } kind && IsQuestioned(kind) && round2Score is not null ? round2Score : round1Score;
}

/// <summary>Whether the council has finished a unit's rounds, so its orchestration can end the step early.</summary>
public static class AppraisalCompletion
{
    /// <param name="leaves">The unit's appraised leaves (sections I–IV).</param>
    /// <param name="round1">The round-1 decision kind of a leaf, or null when none.</param>
    /// <param name="hasRound2">Whether a leaf has a round-2 decision.</param>
    /// <returns>Round 1 is done when every leaf has a decision; round 2 when round 1 is done and every questioned leaf has a round-2 decision.</returns>
    public static (bool Round1, bool Round2) Of(IReadOnlyCollection<string> leaves, Func<string, DecisionKind?> round1, Func<string, bool> hasRound2)
    {
        var round1Done = leaves.Count > 0 && leaves.All(code => round1(code) is not null);
        var round2Done = round1Done && leaves.Where(code => AppraisalRules.IsQuestioned(round1(code)!.Value)).All(hasRound2);
        return (round1Done, round2Done);
    }
}
