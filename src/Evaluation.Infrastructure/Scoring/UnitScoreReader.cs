using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.OtherIndices;
using Evaluation.Domain.Ranking;
using Evaluation.Infrastructure.Appraisal;
using Evaluation.Infrastructure.Leaders;
using Evaluation.Infrastructure.OtherIndices;
using Evaluation.Infrastructure.Storage;
using Evaluation.Infrastructure.Survey;
using Microsoft.Extensions.Logging;

namespace Evaluation.Infrastructure.Scoring;

/// <summary>
/// Every unit's scores as the year stored them: the council's final decisions, the penalties, the leaders'
/// mean, the imported values of other indices, through <see cref="ScoreSheetBuilder"/>. One partition read
/// per unit, eight at a time. Units whose index set has no catalogue cannot be scored and are left out, named in <see cref="ScoreReading.Unscored"/>.
/// Section V is the survey's conversion of the valid ballots (R-4.4, <see cref="SurveyResults"/>); 0 while an index set has no questionnaire.
/// </summary>
public sealed class UnitScoreReader(
    UnitStore units, CatalogueStore catalogues, AppraisalStore appraisals, LeaderBallotStore ballots, OtherIndexStore otherIndices, SurveyResults surveyResults, TimeProvider clock, ILogger<UnitScoreReader> logger)
{
    private const int Parallelism = 8;

    /// <param name="withSurvey">
    /// False leaves section V at 0 without reading the year's ballots: for the leaders' ballot, which shows only what
    /// the council appraised and is read on every open and save.
    /// </param>
    public async Task<ScoreSheet> ReadAsync(int year, bool withSurvey = true, CancellationToken cancellationToken = default) =>
        (await ReadWithGapsAsync(year, withSurvey, cancellationToken)).Sheet;

    public async Task<ScoreReading> ReadWithGapsAsync(int year, bool withSurvey = true, CancellationToken cancellationToken = default)
    {
        var unitList = await units.ListAsync(year, cancellationToken);
        var byType = await catalogues.ForUnitsAsync(year, unitList, cancellationToken);

        var meansTask = ballots.MeansAsync(year, cancellationToken);
        var indexValuesTask = otherIndices.CurrentValuesAsync(year, cancellationToken);
        var means = await meansTask;
        var indexValues = await indexValuesTask;
        var yearSurvey = withSurvey
            ? await surveyResults.ReadAsync(year, unitList.Where(record => byType[record.Unit.Type] is not null).Select(record => (record.Unit.UnitId, byType[record.Unit.Type]!)).ToList(), cancellationToken)
            : null;
        var sheets = new UnitScoreSheet?[unitList.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, unitList.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var unit = unitList[index].Unit;
                if (byType[unit.Type] is not { } catalogue)
                {
                    return;
                }

                var appraisal = await appraisals.GetAsync(year, unit.UnitId, token);
                sheets[index] = ScoreSheetBuilder.Build(
                    unit,
                    catalogue,
                    code => FinalScore(appraisal, code),
                    appraisal.Penalties.ToDictionary(pair => pair.Key, pair => pair.Value.Points, StringComparer.Ordinal),
                    survey: yearSurvey?.Points(unit.UnitId),
                    leaders: means.TryGetValue(unit.UnitId, out var mean) ? mean : null,
                    otherIndexPoints: OtherIndexPoints.For(catalogue, UnitValues(indexValues, unit.UnitId))) with { SurveyShortfall = yearSurvey?.Shortfall(unit.UnitId) ?? 0 };
            });

        var unscored = unitList.Where((_, index) => sheets[index] is null).Select(unit => unit.Unit.UnitId).ToList();
        if (unscored.Count > 0)
        {
            logger.LogWarning("Year {Year}: {Count} units have no catalogue for their index set and are not scored: {UnitIds}", year, unscored.Count, unscored);
        }

        var sheet = new ScoreSheet { Year = year, ComputedAt = clock.GetUtcNow(), Units = sheets.OfType<UnitScoreSheet>().ToList() };
        return new ScoreReading(sheet, unscored);
    }

    /// <summary>The unit's imported value of each index: index code → value.</summary>
    private static Dictionary<string, decimal> UnitValues(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, OtherIndexValueRecord>> indexValues, string unitId) =>
        indexValues.Where(pair => pair.Value.ContainsKey(unitId)).ToDictionary(pair => pair.Key, pair => pair.Value[unitId].Value, StringComparer.Ordinal);

    private static decimal? FinalScore(UnitAppraisal appraisal, string code)
    {
        var round1 = appraisal.Decision(code, AppraisalRounds.First);
        var round2 = appraisal.Decision(code, AppraisalRounds.Second);
        return AppraisalRules.FinalScore(round1?.Score, round1?.Kind, round2?.Score);
    }
}

/// <summary>The score sheet and the units that could not be scored (no catalogue for their index set).</summary>
public sealed record ScoreReading(ScoreSheet Sheet, IReadOnlyList<string> Unscored);
