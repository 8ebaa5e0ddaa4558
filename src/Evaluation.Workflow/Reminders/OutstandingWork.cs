using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Appraisal;
using Evaluation.Infrastructure.Assessments;
using Evaluation.Infrastructure.Leaders;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Workflow.Reminders;

/// <summary>Who owes work on a step: a unit (self-assessment, explanation), an agency (appraisal) or a leader (ballot).</summary>
public enum OwnerKind
{
    Unit,
    Agency,
    Leader,
}

/// <summary>Work still open on a step for one owner, as lines a person can act on.</summary>
public sealed record WorkItem(OwnerKind Kind, string OwnerId, string OwnerName, IReadOnlyList<string> Lines);

/// <summary>
/// Reads from storage what is still to do on a step (R-7.2 "the people who still have work"):
/// self-assessment — units not submitted, with the criteria not self-scored; round 1 — per council agency, the
/// criteria of submitted units without its decision; explanation — units with questioned criteria they have not
/// touched since the decision; round 2 — per agency, questioned criteria without a round-2 decision; leader
/// scoring — leaders whose ballot lacks units.
/// </summary>
public sealed class OutstandingWork(
    YearStore years, UnitStore units, CatalogueStore catalogues, CouncilStore councils, AssessmentStore assessments, AppraisalStore appraisals,
    PersonStore people, LeaderBallotStore ballots, TimeProvider clock)
{
    private const int Parallelism = 8;
    private const int ListedCodes = 12;

    public async Task<IReadOnlyList<WorkItem>> ForStepAsync(int year, EvaluationPhase step, CancellationToken cancellationToken = default)
    {
        if (step == EvaluationPhase.LeaderScoring)
        {
            return await LeaderWorkAsync(year, cancellationToken);
        }

        var evaluationYear = (await years.GetAsync(year, cancellationToken))?.Value ?? throw new InvalidOperationException($"Year {year} does not exist.");
        var council = (await councils.GetAsync(year, cancellationToken)).Value;
        var unitList = await units.ListAsync(year, cancellationToken);
        var byType = await catalogues.ForUnitsAsync(year, unitList, cancellationToken);

        var perUnit = new List<(Unit Unit, IReadOnlyList<(string Code, string? Agency)> Open)>();
        var gate = new object();
        await Parallel.ForEachAsync(unitList, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (record, token) =>
        {
            if (byType[record.Unit.Type] is not { } catalogue)
            {
                return;
            }

            var open = await OpenItemsAsync(year, evaluationYear.Setup.Calendar, step, record.Unit, catalogue, council, token);
            if (open is { Count: > 0 })
            {
                lock (gate)
                {
                    perUnit.Add((record.Unit, open));
                }
            }
        });

        perUnit.Sort((left, right) => string.CompareOrdinal(left.Unit.UnitId, right.Unit.UnitId));
        return step is EvaluationPhase.AppraisalRound1 or EvaluationPhase.AppraisalRound2
            ? ByAgency(perUnit, council)
            : perUnit.Select(item => new WorkItem(OwnerKind.Unit, item.Unit.UnitId, item.Unit.Name, UnitLines(step, item.Open))).ToList();
    }

    /// <summary>The people a reminder about <paramref name="item"/> goes to.</summary>
    public static IEnumerable<Person> Owners(WorkItem item, EvaluationPhase step, IReadOnlyList<Person> directory) => item.Kind switch
    {
        OwnerKind.Unit when step == EvaluationPhase.Explanation =>
            directory.Where(person => person.Role == Role.UnitHead && person.UnitId == item.OwnerId),
        OwnerKind.Unit => directory.Where(person => person.Role is Role.UnitStaff or Role.UnitHead && person.UnitId == item.OwnerId),
        OwnerKind.Agency => directory.Where(person => person.Role == Role.Appraiser && person.AgencyId == item.OwnerId),
        _ => directory.Where(person => person.Role == Role.Leader && string.Equals(person.Email, item.OwnerId, StringComparison.OrdinalIgnoreCase)),
    };

    /// <summary>Who an overdue item escalates to besides the working group: the head of the unit, or of the agency's own unit.</summary>
    public static IEnumerable<Person> Heads(WorkItem item, IReadOnlyList<Person> directory, IReadOnlyList<UnitRecord> unitList) => item.Kind switch
    {
        OwnerKind.Unit => directory.Where(person => person.Role == Role.UnitHead && person.UnitId == item.OwnerId),
        OwnerKind.Agency => unitList.Where(unit => unit.Unit.AgencyId == item.OwnerId)
            .SelectMany(unit => directory.Where(person => person.Role == Role.UnitHead && person.UnitId == unit.Unit.UnitId)),
        _ => [],
    };

    private async Task<IReadOnlyList<(string Code, string? Agency)>?> OpenItemsAsync(
        int year, YearCalendar calendar, EvaluationPhase step, Unit unit, Catalogue catalogue, Council council, CancellationToken cancellationToken)
    {
        var leaves = council.AppraisedLeaves(catalogue).ToList();
        var assessment = await assessments.GetAsync(year, unit.UnitId, cancellationToken);
        switch (step)
        {
            case EvaluationPhase.SelfAssessment:
                return assessment.Submission is not null
                    ? null
                    : leaves.Where(entry => assessment.Criteria.GetValueOrDefault(entry.Criterion.Code)?.Answer.SelfScore is null)
                        .Select(entry => (entry.Criterion.Code, (string?)null)).ToList();
            case EvaluationPhase.AppraisalRound1:
            {
                if (assessment.Submission is null && clock.GetUtcNow() < calendar.SelfAssessmentDue)
                {
                    return null; // round 1 of this unit has not begun
                }

                var appraisal = await appraisals.GetAsync(year, unit.UnitId, cancellationToken);
                return leaves.Where(entry => appraisal.Decision(entry.Criterion.Code, AppraisalRounds.First) is null)
                    .Select(entry => (entry.Criterion.Code, council.Resolve(entry, unit).AgencyId)).ToList();
            }

            case EvaluationPhase.Explanation:
            {
                var appraisal = await appraisals.GetAsync(year, unit.UnitId, cancellationToken);
                return leaves.Where(entry => appraisal.Decision(entry.Criterion.Code, AppraisalRounds.First) is { } decision
                        && AppraisalRules.IsQuestioned(decision.Kind)
                        && !(assessment.Criteria.GetValueOrDefault(entry.Criterion.Code)?.UpdatedAt > decision.At))
                    .Select(entry => (entry.Criterion.Code, (string?)null)).ToList();
            }

            case EvaluationPhase.AppraisalRound2:
            {
                var appraisal = await appraisals.GetAsync(year, unit.UnitId, cancellationToken);
                return leaves.Where(entry => appraisal.Decision(entry.Criterion.Code, AppraisalRounds.First) is { } decision
                        && AppraisalRules.IsQuestioned(decision.Kind)
                        && appraisal.Decision(entry.Criterion.Code, AppraisalRounds.Second) is null)
                    .Select(entry => (entry.Criterion.Code, council.Resolve(entry, unit).AgencyId)).ToList();
            }

            default:
                return null;
        }
    }

    private static IReadOnlyList<string> UnitLines(EvaluationPhase step, IReadOnlyList<(string Code, string? Agency)> open)
    {
        var codes = string.Join(", ", open.Take(ListedCodes).Select(item => item.Code)) + (open.Count > ListedCodes ? ", …" : string.Empty);
        return step == EvaluationPhase.SelfAssessment
            ? [$"Còn {open.Count} tiêu chí chưa tự chấm điểm: {codes}.", "Bản tự đánh giá chưa được Thủ trưởng đơn vị nộp."]
            : [$"{open.Count} tiêu chí bị Hội đồng thẩm định đề nghị chưa được giải trình hoặc bổ sung tài liệu: {codes}."];
    }

    private static List<WorkItem> ByAgency(List<(Unit Unit, IReadOnlyList<(string Code, string? Agency)> Open)> perUnit, Council council)
    {
        var items = new List<WorkItem>();
        var agencies = perUnit.SelectMany(item => item.Open).Select(item => item.Agency).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var agency in agencies)
        {
            var lines = perUnit
                .Select(item => (item.Unit, Count: item.Open.Count(open => open.Agency == agency)))
                .Where(pair => pair.Count > 0)
                .Select(pair => $"{pair.Unit.Name}: {pair.Count} tiêu chí chưa thẩm định.")
                .ToList();
            items.Add(new WorkItem(OwnerKind.Agency, agency, council.AgencyName(agency), lines));
        }

        return items;
    }

    private async Task<IReadOnlyList<WorkItem>> LeaderWorkAsync(int year, CancellationToken cancellationToken)
    {
        var unitIds = (await units.ListAsync(year, cancellationToken)).Select(unit => unit.Unit.UnitId).ToList();
        var all = await ballots.AllAsync(year, cancellationToken);
        var leaders = (await people.ListAsync(cancellationToken)).Where(person => person.Role == Role.Leader);
        var items = new List<WorkItem>();
        foreach (var leader in leaders)
        {
            var scored = all.GetValueOrDefault(leader.Email) ?? new Dictionary<string, decimal>();
            var missing = unitIds.Count(unitId => !scored.ContainsKey(unitId));
            if (missing > 0)
            {
                items.Add(new WorkItem(OwnerKind.Leader, leader.Email, leader.Name, [$"Còn {missing}/{unitIds.Count} đơn vị chưa được chấm điểm trên phiếu của đồng chí."]));
            }
        }

        return items;
    }
}
