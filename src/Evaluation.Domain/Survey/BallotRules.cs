using Evaluation.Domain.Calendar;

namespace Evaluation.Domain.Survey;

/// <summary>
/// Whether a ballot may count (R-4.2, Art. 3.2 "phiếu khảo sát hợp lệ"): it went to a respondent registered for that
/// unit and group, every question of that group's questionnaire is answered with one of its options, and the
/// respondent has not answered before. The same rule for the spreadsheet, the online link and typed-in ballots.
/// </summary>
public static class BallotRules
{
    public const int MaxAnswers = 200;

    /// <summary>
    /// Every reason the ballot is refused, in Vietnamese (empty: it is valid), and the answers with the options'
    /// codes as the questionnaire spells them.
    /// </summary>
    /// <param name="respondentCode">The respondent the ballot claims to be from.</param>
    /// <param name="respondent">That respondent's registration, or null when nobody has that code.</param>
    /// <param name="unitId">The unit the ballot is about (null: the respondent's).</param>
    /// <param name="group">The group the ballot states (null: the respondent's).</param>
    /// <param name="answeredAt">When that respondent's ballot was recorded, if it already was.</param>
    public static BallotCheck Check(
        Questionnaire? questionnaire,
        string respondentCode,
        SurveyRespondent? respondent,
        string? unitId,
        string? group,
        IReadOnlyDictionary<string, string?> answers,
        DateTimeOffset? answeredAt)
    {
        var problems = new List<string>();
        if (respondent is null)
        {
            problems.Add($"Người trả lời \"{respondentCode}\" không có trong danh sách người được khảo sát của năm; Tổ công tác cần đăng ký trước.");
            return new BallotCheck(problems, new Dictionary<string, string>());
        }

        if (answeredAt is { } at)
        {
            problems.Add($"Người trả lời {respondent.Code} ({respondent.Name}) đã trả lời phiếu lúc {ProvinceTime.Format(at)}; mỗi người chỉ trả lời một lần.");
        }

        if (unitId is not null && unitId != respondent.UnitId)
        {
            problems.Add($"Người trả lời {respondent.Code} được đăng ký khảo sát về đơn vị \"{respondent.UnitId}\", không phải \"{unitId}\".");
        }

        if (group is not null && !string.Equals(group, respondent.Group, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Người trả lời {respondent.Code} thuộc nhóm {respondent.Group}, không phải nhóm \"{group}\".");
        }

        if (questionnaire is null)
        {
            problems.Add("Bộ chỉ số của đơn vị chưa có bảng câu hỏi khảo sát; Tổ công tác cần lưu bảng câu hỏi trước.");
            return new BallotCheck(problems, new Dictionary<string, string>());
        }

        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        var expected = questionnaire.QuestionsFor(respondent.Group);
        var unanswered = new List<string>();
        foreach (var question in expected)
        {
            var given = answers.FirstOrDefault(pair => string.Equals(pair.Key, question.Code, StringComparison.OrdinalIgnoreCase)).Value?.Trim();
            if (string.IsNullOrEmpty(given))
            {
                unanswered.Add(question.Code);
            }
            else if (question.Option(given) is { } option)
            {
                canonical[question.Code] = option.Code;
            }
            else
            {
                problems.Add($"Câu {question.Code}: đáp án \"{Shorten(given)}\" không có; chỉ chọn một trong {string.Join(", ", question.Options.Select(o => o.Code))}.");
            }
        }

        if (unanswered.Count > 0)
        {
            problems.Add($"Phiếu chưa trả lời đủ: thiếu câu {string.Join(", ", unanswered)}. Phiếu hợp lệ phải trả lời tất cả các câu hỏi.");
        }

        foreach (var extra in answers.Keys.Where(key => !expected.Any(question => string.Equals(question.Code, key, StringComparison.OrdinalIgnoreCase))
            && !string.IsNullOrWhiteSpace(answers[key])))
        {
            var other = questionnaire.Question(extra);
            problems.Add(other is null
                ? $"Câu \"{Shorten(extra)}\" không có trong bảng câu hỏi."
                : $"Câu {other.Code} dành cho nhóm {other.Group}, không thuộc phiếu của nhóm {respondent.Group}.");
        }

        return new BallotCheck(problems, canonical);
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}

/// <summary>Why a ballot cannot count (empty when it can) and its answers as the questionnaire spells them.</summary>
public sealed record BallotCheck(IReadOnlyList<string> Problems, IReadOnlyDictionary<string, string> Answers)
{
    public bool IsValid => Problems.Count == 0;
}
