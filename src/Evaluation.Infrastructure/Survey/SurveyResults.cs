using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Survey;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Infrastructure.Survey;

/// <summary>What the year's survey gives: each unit's section V with its inputs .</summary>
public sealed record YearSurvey(
    IReadOnlyDictionary<string, Questionnaire> Questionnaires, IReadOnlyDictionary<string, UnitSurveyResult> Units, IReadOnlyList<SurveyBallot> Ballots)
{
    /// <summary>Section V of a unit, or null when its index set has no questionnaire (the survey was not set up).</summary>
    public decimal? Points(string unitId) => Units.TryGetValue(unitId, out var result) && result.Criteria.Count > 0 ? result.Total : null;

    /// <summary>Valid ballots the unit still lacks to reach its groups' quotas .</summary>
    public int Shortfall(string unitId) => Units.TryGetValue(unitId, out var result) ? result.Groups.Sum(group => group.Shortfall) : 0;
}

/// <summary>
/// Reads the year's questionnaires and ballots once and converts every unit's ballots (<see cref="SurveyConversion"/>),
/// for the ranking activity, the survey pages and the unit's section V alike.
/// </summary>
public sealed class SurveyResults(SurveyStore store)
{
    /// <param name="units">The units to convert, each with its index set's catalogue.</param>
    public async Task<YearSurvey> ReadAsync(int year, IReadOnlyList<(string UnitId, Catalogue Catalogue)> units, CancellationToken cancellationToken = default)
    {
        var ballotsTask = store.BallotsAsync(year, cancellationToken);
        var questionnaires = new Dictionary<string, Questionnaire>(StringComparer.Ordinal);
        foreach (var indexSet in units.Select(unit => unit.Catalogue.IndexSet).Distinct(StringComparer.Ordinal))
        {
            if (await store.GetQuestionnaireAsync(year, indexSet, cancellationToken) is { } stored)
            {
                questionnaires[indexSet] = stored.Questionnaire;
            }
        }

        var ballots = await ballotsTask;
        var byUnit = ballots.ToLookup(ballot => ballot.UnitId, StringComparer.Ordinal);
        var results = units.ToDictionary(
            unit => unit.UnitId,
            unit => SurveyConversion.Convert(unit.UnitId, unit.Catalogue, questionnaires.GetValueOrDefault(unit.Catalogue.IndexSet), byUnit[unit.UnitId]),
            StringComparer.Ordinal);
        return new YearSurvey(questionnaires, results, ballots);
    }
}
