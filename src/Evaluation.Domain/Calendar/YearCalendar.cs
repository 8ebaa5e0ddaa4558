using Evaluation.Domain.Common;

namespace Evaluation.Domain.Calendar;

/// <summary>
/// The deadlines of one evaluation year. Data, not constants: the working group may move any of them and
/// running orchestrations follow.
/// </summary>
public sealed record YearCalendar(
    DateTimeOffset SelfAssessmentDue,
    DateTimeOffset AppraisalRound1Due,
    DateTimeOffset ExplanationDue,
    DateTimeOffset AppraisalRound2Due,
    DateTimeOffset LeaderScoringDue,
    DateTimeOffset PublicationDue)
{
    /// <summary>Field names in API order, with the Vietnamese label used in messages.</summary>
    public static IReadOnlyList<(string Field, string Label)> Fields { get; } =
    [
        ("selfAssessmentDue", "Hạn tự đánh giá"),
        ("appraisalRound1Due", "Hạn thẩm định lần 1"),
        ("explanationDue", "Hạn giải trình, bổ sung tài liệu"),
        ("appraisalRound2Due", "Hạn thẩm định lần 2"),
        ("leaderScoringDue", "Hạn Lãnh đạo UBND tỉnh chấm điểm"),
        ("publicationDue", "Hạn công bố kết quả"),
    ];

    /// <summary>
    /// The regulation's calendar for year Y in Asia/Ho_Chi_Minh (Art. 7): self-assessment before 15/12; appraisal
    /// 15/12–25/12 split into round 1 (15–18/12), the explanation window (19–21/12) and round 2 (22–25/12);
    /// leaders' scores before 28/12; publication before 31/12. "Before day D" is 00:00 on D.
    /// </summary>
    public static YearCalendar Default(int year) => new(
        ProvinceTime.StartOfDay(year, 12, 15),
        ProvinceTime.StartOfDay(year, 12, 19),
        ProvinceTime.StartOfDay(year, 12, 22),
        ProvinceTime.StartOfDay(year, 12, 26),
        ProvinceTime.StartOfDay(year, 12, 28),
        ProvinceTime.StartOfDay(year, 12, 31));

    public IReadOnlyList<DateTimeOffset> InOrder() =>
        [SelfAssessmentDue, AppraisalRound1Due, ExplanationDue, AppraisalRound2Due, LeaderScoringDue, PublicationDue];

    public static YearCalendar FromOrdered(IReadOnlyList<DateTimeOffset> dues) =>
        new(dues[0], dues[1], dues[2], dues[3], dues[4], dues[5]);

    /// <summary>The deadlines that end a phase of the cycle, with the phase each one ends.</summary>
    public IReadOnlyList<(EvaluationPhase Phase, DateTimeOffset Due)> PhaseDeadlines() =>
    [
        (EvaluationPhase.SelfAssessment, SelfAssessmentDue),
        (EvaluationPhase.AppraisalRound1, AppraisalRound1Due),
        (EvaluationPhase.Explanation, ExplanationDue),
        (EvaluationPhase.AppraisalRound2, AppraisalRound2Due),
        (EvaluationPhase.LeaderScoring, LeaderScoringDue),
    ];

    /// <summary>The phase a started year is in at an instant.</summary>
    public EvaluationPhase PhaseAt(DateTimeOffset instant)
    {
        foreach (var (phase, due) in PhaseDeadlines())
        {
            if (instant < due)
            {
                return phase;
            }
        }

        return EvaluationPhase.Ranking;
    }

    /// <summary>The next deadline that changes the phase after an instant, or null when all have passed.</summary>
    public DateTimeOffset? NextPhaseChangeAfter(DateTimeOffset instant) =>
        PhaseDeadlines().Select(pair => (DateTimeOffset?)pair.Due).FirstOrDefault(due => due > instant);

    /// <summary>
    /// Deadlines must follow the order of the cycle, each strictly after the one before, and belong to year Y: from
    /// 01/01/Y (the evaluation year starts then) to 31/12/Y+1 (a late publication may slip into January). The window
    /// catches the easy mistake of copying last year's dates into a new year.
    /// </summary>
    public ValidationErrors Validate(int year, string prefix = "calendar")
    {
        var errors = new ValidationErrors();
        var dues = InOrder();
        var earliest = ProvinceTime.StartOfDay(year, 1, 1);
        var latest = ProvinceTime.StartOfDay(year + 2, 1, 1);
        for (var i = 0; i < dues.Count; i++)
        {
            if (dues[i] < earliest || dues[i] >= latest)
            {
                errors.Add($"{prefix}.{Fields[i].Field}",
                    $"{Fields[i].Label} ({ProvinceTime.Format(dues[i])}) phải nằm trong năm đánh giá {year} (từ 01/01/{year} đến 31/12/{year + 1}).");
            }
        }

        for (var i = 1; i < dues.Count; i++)
        {
            if (dues[i] <= dues[i - 1])
            {
                errors.Add($"{prefix}.{Fields[i].Field}",
                    $"{Fields[i].Label} ({ProvinceTime.Format(dues[i])}) phải sau {LowerFirst(Fields[i - 1].Label)} ({ProvinceTime.Format(dues[i - 1])}).");
            }
        }

        return errors;
    }

    private static string LowerFirst(string text) => char.ToLowerInvariant(text[0]) + text[1..];
}
