using Evaluation.Domain.Catalogues;

namespace Evaluation.Domain.Survey;

/// <summary>
/// Turns a unit's ballots into section V points, showing every input. The rule, stored with the catalogue as
/// the questionnaire: each answer earns its option's percentage; a question's average is over the valid ballots of
/// its group; a section V leaf earns its maximum × the mean of its questions' averages, rounded to 2 decimals
/// (half away from zero); section V is the sum of its leaves. Ballots failing re-verification do not count,
/// nor does a question without any valid ballot (it earns 0 and is shown as such).
/// </summary>
public static class SurveyConversion
{
    public static UnitSurveyResult Convert(string unitId, Catalogue catalogue, Questionnaire? questionnaire, IEnumerable<SurveyBallot> ballots)
    {
        var section = catalogue.Sections.FirstOrDefault(candidate => candidate.Kind == SectionKind.Survey);
        var leaves = catalogue.Entries().Where(entry => entry.Section.Kind == SectionKind.Survey && entry.Criterion.IsLeaf).Select(entry => entry.Criterion).ToList();
        var all = ballots.Where(ballot => ballot.UnitId == unitId).ToList();
        var counted = all.Where(ballot => !ballot.ExcludedByCheck && questionnaire?.Group(ballot.Group) is not null).ToList();

        var groups = (questionnaire?.Groups ?? []).Select(group => new GroupTally(
            group.Code,
            group.Title,
            group.Quota,
            Received: all.Count(ballot => ballot.Group == group.Code),
            Excluded: all.Count(ballot => ballot.Group == group.Code && ballot.ExcludedByCheck),
            Valid: counted.Count(ballot => ballot.Group == group.Code))).ToList();

        var criteria = new List<CriterionConversion>();
        foreach (var leaf in leaves)
        {
            var questions = (questionnaire?.Questions ?? []).Where(question => question.Criterion == leaf.Code).ToList();
            var conversions = new List<QuestionConversion>();
            var exactAverages = new List<decimal>();
            foreach (var question in questions)
            {
                var answered = counted.Where(ballot => ballot.Group == question.Group && ballot.Answers.ContainsKey(question.Code)).ToList();
                var optionCounts = question.Options.ToDictionary(
                    option => option.Code, option => answered.Count(ballot => ballot.Answers[question.Code] == option.Code), StringComparer.Ordinal);
                var average = answered.Count == 0
                    ? 0m
                    : question.Options.Sum(option => option.Percent * optionCounts[option.Code]) / answered.Count;
                exactAverages.Add(average);
                var share = leaf.MaxScore / questions.Count;
                conversions.Add(new QuestionConversion(
                    question.Code, question.Text, question.Group, answered.Count, Round(average), Round(share * average / 100m), optionCounts));
            }

            var points = exactAverages.Count == 0 ? 0m : Round(leaf.MaxScore * exactAverages.Average() / 100m);
            criteria.Add(new CriterionConversion(leaf.Code, leaf.Title, leaf.MaxScore, points, conversions));
        }

        return new UnitSurveyResult(unitId, criteria.Sum(criterion => criterion.Points), section?.MaxScore ?? 0m, groups, criteria);
    }

    private static decimal Round(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);
}

/// <summary>A unit's section V: its points, the ballots per group against the quota, and each leaf's conversion.</summary>
public sealed record UnitSurveyResult(
    string UnitId,
    decimal Total,
    decimal MaxScore,
    IReadOnlyList<GroupTally> Groups,
    IReadOnlyList<CriterionConversion> Criteria)
{
    /// <summary>Every group has at least its quota of valid ballots .</summary>
    public bool QuotasMet => Groups.Count > 0 && Groups.All(group => group.Valid >= group.Quota);
}

/// <summary>Ballots of one group for one unit: received, excluded by re-verification, valid, against the quota.</summary>
public sealed record GroupTally(string Code, string Title, int Quota, int Received, int Excluded, int Valid)
{
    public int Shortfall => Math.Max(0, Quota - Valid);
}

/// <summary>A section V leaf's points and the questions they come from.</summary>
public sealed record CriterionConversion(string Code, string Title, decimal MaxScore, decimal Points, IReadOnlyList<QuestionConversion> Questions);

/// <summary>
/// One question's inputs: valid ballots, how many chose each option, the average percentage and the points it
/// contributes (its equal share of the leaf's maximum × that average), both rounded for display.
/// </summary>
public sealed record QuestionConversion(
    string Code, string Text, string Group, int ValidBallots, decimal AveragePercent, decimal Points, IReadOnlyDictionary<string, int> OptionCounts);
