using Evaluation.Domain.Catalogues;

namespace Evaluation.Domain.Survey;

/// <summary>
/// The survey questionnaire of one index set for one year (R-4, Art. 3.2), kept beside that year's catalogue: who is
/// asked (the respondent groups with their quotas), and the questions, each tied to a leaf of section V with answer
/// options worth a share of that leaf's points. The options' percentages are the conversion rule of.
/// </summary>
public sealed record Questionnaire(
    int Year,
    string IndexSet,
    IReadOnlyList<RespondentGroup> Groups,
    IReadOnlyList<SurveyQuestion> Questions)
{
    public RespondentGroup? Group(string code) => Groups.FirstOrDefault(group => group.Code == code);

    public SurveyQuestion? Question(string code) => Questions.FirstOrDefault(question => question.Code == code);

    /// <summary>The questions a respondent of <paramref name="group"/> answers, in the questionnaire's order.</summary>
    public IReadOnlyList<SurveyQuestion> QuestionsFor(string group) => Questions.Where(question => question.Group == group).ToList();
}

/// <summary>Who answers: People's Council delegates (20 a unit) or businesses, citizens and organisations (40), R-4.1.</summary>
public sealed record RespondentGroup(string Code, string Title, int Quota);

/// <summary>A question tied to one section V leaf and one respondent group.</summary>
public sealed record SurveyQuestion(string Code, string Criterion, string Group, string Text, IReadOnlyList<AnswerOption> Options)
{
    public AnswerOption? Option(string code) => Options.FirstOrDefault(option => string.Equals(option.Code, code, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An answer and the share of the question's points it earns (A 100 %, B 60 %, …).</summary>
public sealed record AnswerOption(string Code, string Text, decimal Percent);

/// <summary>The groups of and a questionnaire to start from.</summary>
public static class SurveyDefaults
{
    public const string Delegates = "HDND";
    public const string Citizens = "DN";

    public static RespondentGroup DelegatesGroup { get; } = new(Delegates, "Đại biểu HĐND tỉnh", 20);

    public static RespondentGroup CitizensGroup { get; } = new(Citizens, "Doanh nghiệp, người dân, tổ chức ngoài nhà nước", 40);

    /// <summary>The four-level scale the province's paper ballots use.</summary>
    public static IReadOnlyList<AnswerOption> Scale { get; } =
    [
        new("A", "Rất tốt / Rất hài lòng", 100m),
        new("B", "Tốt / Hài lòng", 75m),
        new("C", "Trung bình / Chấp nhận được", 50m),
        new("D", "Kém / Không hài lòng", 0m),
    ];

    /// <summary>
    /// A draft for a catalogue that has none yet: one question per section V leaf on the four-level scale, asked of
    /// the delegates under the first section V criterion (V.1, "Đánh giá của đại biểu HĐND tỉnh") and of businesses and
    /// citizens under the others. The working group edits it before the survey starts.
    /// </summary>
    public static Questionnaire Draft(Catalogue catalogue)
    {
        var survey = catalogue.Sections.FirstOrDefault(section => section.Kind == SectionKind.Survey);
        var questions = new List<SurveyQuestion>();
        if (survey is not null)
        {
            var number = 0;
            foreach (var (top, index) in survey.Criteria.Select((criterion, index) => (criterion, index)))
            {
                var group = index == 0 ? Delegates : Citizens;
                foreach (var leaf in LeavesOf(top))
                {
                    number++;
                    questions.Add(new SurveyQuestion($"C{number}", leaf.Code, group, $"Ông/Bà đánh giá thế nào về: {leaf.Title}?", Scale));
                }
            }
        }

        return new Questionnaire(catalogue.Year, catalogue.IndexSet, [DelegatesGroup, CitizensGroup], questions);
    }

    private static IEnumerable<Criterion> LeavesOf(Criterion criterion) =>
        criterion.IsLeaf ? [criterion] : criterion.Children.SelectMany(LeavesOf);
}
