using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Assessments;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Appraisal;
using Evaluation.Infrastructure.Assessments;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;

namespace Evaluation.Web.Endpoints;

/// <summary>What every request about a whole year's units needs: the year, its council, its units and their catalogues.</summary>
public sealed record YearSetupContext(
    EvaluationYear Year, Council Council, string CouncilETag, IReadOnlyList<UnitRecord> Units, IReadOnlyDictionary<string, Catalogue> Catalogues)
{
    public YearCalendar Calendar => Year.Setup.Calendar;
}

/// <summary>One unit's self-assessment and the council's work on it.</summary>
public sealed record UnitFile(UnitRecord Unit, Catalogue Catalogue, UnitAssessment Assessment, UnitAppraisal Appraisal)
{
    /// <summary>Submitted, past the deadline, or moved on by its orchestration: the council may appraise it.</summary>
    public bool SelfAssessmentClosed(YearCalendar calendar, DateTimeOffset now) =>
        Assessment.Submission is not null || now >= calendar.SelfAssessmentDue || Unit.Phase > EvaluationPhase.SelfAssessment;

    /// <summary>The leaves the council appraises (sections I–IV), with this year's assignments.</summary>
    public IEnumerable<CriterionEntry> Leaves(Council council) => council.AppraisedLeaves(Catalogue);
}

/// <summary>
/// Reads a year's units the efficient way: the year, council, units and catalogue list at once, then each unit's
/// partition (self-assessment and council rows, two range queries) a few units at a time. The same reads as the
/// appraisal queue's, shared so the working group's dashboard does not copy them.
/// </summary>
public sealed class YearFiles(
    YearStore years,
    UnitStore units,
    CatalogueStore catalogues,
    AssessmentStore assessments,
    AppraisalStore appraisals,
    CouncilStore councils)
{
    /// <summary>Units read at once: enough to overlap storage latency, few enough to be kind to it.</summary>
    private const int Parallelism = 8;

    public async Task<YearSetupContext> LoadYearAsync(int year, CancellationToken cancellationToken)
    {
        var yearTask = years.GetAsync(year, cancellationToken);
        var councilTask = councils.GetAsync(year, cancellationToken);
        var unitsTask = units.ListAsync(year, cancellationToken);
        var summariesTask = catalogues.ListAsync(year, cancellationToken);
        await Task.WhenAll(yearTask, councilTask, unitsTask, summariesTask);
        var evaluationYear = (await yearTask)?.Value ?? throw ProblemException.NotFound($"Chưa có năm đánh giá {year}.");
        var found = await Task.WhenAll((await summariesTask).Select(summary => catalogues.GetAsync(year, summary.IndexSet, cancellationToken)));
        var loaded = found.OfType<Catalogue>().ToDictionary(catalogue => catalogue.IndexSet, StringComparer.Ordinal);

        var council = await councilTask;
        return new YearSetupContext(evaluationYear, council.Value, council.ETag, await unitsTask, loaded);
    }

    /// <summary>
    /// Each unit's file (all units, or the one <paramref name="unitId"/>), in the order of <c>setup.Units</c>. A unit
    /// whose index set is not loaded has no file; asked for alone, that is a 409 that says so.
    /// </summary>
    public async Task<IReadOnlyList<UnitFile>> LoadUnitsAsync(YearSetupContext setup, string? unitId, CancellationToken cancellationToken)
    {
        var chosen = setup.Units.Where(unit => unitId is null || unit.Unit.UnitId == unitId).ToList();
        var files = new UnitFile?[chosen.Count];
        using var gate = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(chosen.Select(async (unit, index) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                if (!setup.Catalogues.TryGetValue(unit.Unit.Type, out var catalogue))
                {
                    return;
                }

                var assessment = assessments.GetAsync(setup.Year.Year, unit.Unit.UnitId, cancellationToken);
                var appraisal = appraisals.GetAsync(setup.Year.Year, unit.Unit.UnitId, cancellationToken);
                await Task.WhenAll(assessment, appraisal);
                files[index] = new UnitFile(unit, catalogue, await assessment, await appraisal);
            }
            finally
            {
                gate.Release();
            }
        }));

        if (unitId is not null && files.Length == 1 && files[0] is null)
        {
            var unit = chosen[0].Unit;
            throw ProblemException.Conflict($"Năm {setup.Year.Year} chưa có bộ chỉ số {unit.Type} cho {unit.Name}; Tổ công tác cần nạp bộ chỉ số trước.");
        }

        return files.OfType<UnitFile>().ToList();
    }
}
