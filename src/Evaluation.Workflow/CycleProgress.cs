using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Infrastructure.Appraisal;
using Evaluation.Infrastructure.Assessments;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Workflow;

/// <summary>What storage says the people of a unit have finished: the ground truth behind the completion events.</summary>
public sealed record UnitProgress(IReadOnlyList<EvaluationPhase> Completed);

/// <summary>What storage says about the year: its units, those whose appraisal is finished, the working group's acts.</summary>
public sealed record YearProgress(
    IReadOnlyList<string> UnitIds, IReadOnlyList<string> AppraisedUnits, bool LeaderScoringOpenedEarly, bool LeaderScoringClosedEarly, DateTimeOffset? PublishedAt);

/// <summary>
/// Reads progress from storage for an orchestration that continued as new. Events that arrived while nothing was
/// waiting for them are not reliably carried into the next execution on every backend (the sidecar used here drops
/// them), and a host may be down when one is raised; the stored facts never are lost, so each continued execution
/// starts from them and the events only make things faster.
/// </summary>
public sealed class CycleProgress(
    YearStore years, UnitStore units, CatalogueStore catalogues, CouncilStore councils, AssessmentStore assessments, AppraisalStore appraisals)
{
    public async Task<UnitProgress> OfUnitAsync(int year, string unitId, CancellationToken cancellationToken = default)
    {
        var completed = new List<EvaluationPhase>();
        var unit = (await units.GetAsync(year, unitId, cancellationToken))?.Value.Unit;
        if (unit is null || await assessments.GetSubmissionAsync(year, unitId, cancellationToken) is null)
        {
            return new UnitProgress(completed);
        }

        completed.Add(EvaluationPhase.SelfAssessment);
        var catalogue = await catalogues.GetAsync(year, unit.Type, cancellationToken);
        if (catalogue is null)
        {
            return new UnitProgress(completed);
        }

        var council = (await councils.GetAsync(year, cancellationToken)).Value;
        var appraisal = await appraisals.GetAsync(year, unitId, cancellationToken);
        var (round1, round2) = appraisal.Completion(council.AppraisedLeaves(catalogue).Select(entry => entry.Criterion.Code).ToList());
        if (round1)
        {
            completed.Add(EvaluationPhase.AppraisalRound1);
        }

        if (round2)
        {
            completed.Add(EvaluationPhase.AppraisalRound2);
        }

        return new UnitProgress(completed);
    }

    public async Task<YearProgress> OfYearAsync(int year, CancellationToken cancellationToken = default)
    {
        var evaluationYear = (await years.GetAsync(year, cancellationToken))?.Value ?? throw new InvalidOperationException($"Year {year} does not exist.");
        var unitList = await units.ListAsync(year, cancellationToken);
        return new YearProgress(
            unitList.Select(unit => unit.Unit.UnitId).ToList(),
            unitList.Where(unit => unit.StepsDone.ContainsKey(EvaluationPhase.AppraisalRound2)).Select(unit => unit.Unit.UnitId).ToList(),
            evaluationYear.LeaderScoringOpenedAt is not null,
            evaluationYear.LeaderScoringClosedAt is not null,
            evaluationYear.PublishedAt);
    }
}
