namespace Evaluation.Domain.Calendar;

/// <summary>Where a unit (or the year) stands in the annual cycle (Art. 5, 7).</summary>
public enum EvaluationPhase
{
    /// <summary>The year is being prepared; the working group has not started it.</summary>
    Setup,
    SelfAssessment,
    AppraisalRound1,
    Explanation,
    AppraisalRound2,
    LeaderScoring,
    /// <summary>Leader scoring closed; ranking and publication by the working group.</summary>
    Ranking,
    Published,
}

public static class EvaluationPhaseNames
{
    public static string ApiName(EvaluationPhase phase) => phase switch
    {
        EvaluationPhase.Setup => "setup",
        EvaluationPhase.SelfAssessment => "selfAssessment",
        EvaluationPhase.AppraisalRound1 => "appraisalRound1",
        EvaluationPhase.Explanation => "explanation",
        EvaluationPhase.AppraisalRound2 => "appraisalRound2",
        EvaluationPhase.LeaderScoring => "leaderScoring",
        EvaluationPhase.Ranking => "ranking",
        EvaluationPhase.Published => "published",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    public static EvaluationPhase? Parse(string? name) =>
        Enum.GetValues<EvaluationPhase>().Cast<EvaluationPhase?>().FirstOrDefault(phase => ApiName(phase!.Value) == name);

    public static string Vietnamese(EvaluationPhase phase) => phase switch
    {
        EvaluationPhase.Setup => "Chưa bắt đầu",
        EvaluationPhase.SelfAssessment => "Tự đánh giá",
        EvaluationPhase.AppraisalRound1 => "Thẩm định lần 1",
        EvaluationPhase.Explanation => "Giải trình, bổ sung tài liệu",
        EvaluationPhase.AppraisalRound2 => "Thẩm định lần 2",
        EvaluationPhase.LeaderScoring => "Lãnh đạo UBND tỉnh chấm điểm",
        EvaluationPhase.Ranking => "Xếp loại, chờ công bố",
        EvaluationPhase.Published => "Đã công bố",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };
}
