using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Assessments;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Appraisal;
using Evaluation.Infrastructure.Assessments;

namespace Evaluation.Web.Endpoints;

/// <summary>Which of the council's results the caller may see (issue 4 §6): drafts never reach the unit.</summary>
public sealed record AppraisalVisibility(bool Round1, bool Final)
{
    public static AppraisalVisibility All { get; } = new(true, true);

    /// <summary>
    /// The council and the working group see all; the unit sees round 1 once round 1 closes, and the final result once
    /// the working group releases it (or the year is published).
    /// </summary>
    public static AppraisalVisibility For(bool isUnitPerson, YearCalendar calendar, DateTimeOffset now, FinalRelease? release, EvaluationPhase yearPhase) =>
        isUnitPerson
            ? new(AppraisalRules.Round1Released(calendar, now), release is not null || yearPhase == EvaluationPhase.Published)
            : All;
}

/// <summary>Turns stored decisions and penalties into what the pages show (one place for arithmetic).</summary>
public static class AppraisalView
{
    public static DecisionBasis Basis(CriterionAnswer? answer, IEnumerable<EvidenceRecord> evidence) =>
        DecisionBasis.Of(answer?.SelfScore, evidence.Where(item => !item.IsRemoved).Select(item => item.Sha256));

    public static DecisionDto Decision(DecisionRecord record, Council council, DecisionBasis current) => new(
        record.Round,
        DecisionKinds.ApiName(record.Kind),
        DecisionKinds.Vietnamese(record.Kind),
        record.Score,
        record.Reason,
        record.ExplainedDirectly,
        record.By,
        record.AgencyId,
        council.AgencyName(record.AgencyId),
        ProvinceTime.ToProvince(record.At),
        record.Revision,
        !record.Basis.SameAs(current),
        record.ETag,
        record.Basis.SelfScore,
        record.Basis.EvidenceHashes);

    public static CriterionAppraisalDto Criterion(
        CriterionEntry entry, Unit unit, Council council, CriterionAnswer? answer, IReadOnlyList<EvidenceRecord> evidence, UnitAppraisal appraisal,
        AppraisalVisibility visibility, YearCalendar calendar, DateTimeOffset now)
    {
        var assignment = council.Resolve(entry, unit);
        var code = entry.Criterion.Code;
        var basis = Basis(answer, evidence);
        var round1 = visibility.Round1 ? appraisal.Decision(code, AppraisalRounds.First) : null;
        var round2 = visibility.Final ? appraisal.Decision(code, AppraisalRounds.Second) : null;
        var questioned = round1 is not null && AppraisalRules.IsQuestioned(round1.Kind);
        var round1Dto = round1 is null ? null : Decision(round1, council, basis);
        var round2Dto = round2 is null ? null : Decision(round2, council, basis);
        var latest = round2Dto ?? round1Dto;
        var status = round1 is null ? "pending" : round2 is not null ? "final" : questioned ? "questioned" : "agreed";
        return new CriterionAppraisalDto(
            assignment.AgencyId,
            assignment.AgencyId is { } agency ? council.AgencyName(agency) : null,
            assignment.Problem,
            round1Dto,
            round2Dto,
            AppraisalRules.FinalScore(round1?.Score, round1?.Kind, round2?.Score),
            questioned,
            latest?.NeedsReview ?? false,
            status,
            questioned && AppraisalRules.ExplanationWindowOpen(calendar, now));
    }

    /// <param name="appraisal">The council's rows as far as the caller may see them (<see cref="UnitAppraisal.Empty"/> before).</param>
    public static IReadOnlyList<PenaltyDto> Penalties(Catalogue catalogue, Unit unit, Council council, UnitAppraisal appraisal)
    {
        var changes = council.AssignmentsOf(catalogue.IndexSet);
        return catalogue.Entries(changes)
            .Where(entry => entry.Section.Kind == SectionKind.Penalty && entry.Criterion.IsLeaf)
            .Select(entry =>
            {
                var assignment = council.Resolve(entry, unit);
                var record = appraisal.Penalties.GetValueOrDefault(entry.Criterion.Code);
                return Penalty(entry.Criterion, assignment, council, record);
            })
            .ToList();
    }

    public static PenaltyDto Penalty(Criterion criterion, Assignment assignment, Council council, PenaltyRecord? record) => new(
        criterion.Code,
        criterion.Title,
        criterion.MaxScore,
        assignment.AgencyId,
        assignment.AgencyId is { } agency ? council.AgencyName(agency) : null,
        record?.Points ?? 0m,
        record?.Reason,
        record?.Source is { } source ? PenaltySources.ApiName(source) : null,
        record?.Source is { } named ? PenaltySources.Vietnamese(named) : null,
        record?.Evidence,
        record?.By,
        record?.At is { } at ? ProvinceTime.ToProvince(at) : null,
        record?.Revision ?? 0);

    public static AppraisalSummaryDto Summary(
        YearCalendar calendar, DateTimeOffset now, AppraisalVisibility visibility, IReadOnlyList<AssessmentSectionDto> sections, IReadOnlyList<PenaltyDto> penalties)
    {
        var phase = calendar.PhaseAt(now);
        var rows = new List<SectionAppraisalDto>();
        foreach (var section in sections.Where(section => section.SelfAssessed))
        {
            // Leaves scored from another index are not appraised; their imported points count in the total.
            var leaves = section.Criteria.Where(item => item.IsLeaf && item.OtherIndex is null).ToList();
            rows.Add(new SectionAppraisalDto(
                section.Code,
                leaves.Sum(item => item.Appraisal?.AppraisedScore ?? 0m) + section.Criteria.Sum(item => item.OtherIndex?.Points ?? 0m),
                leaves.Count(item => item.Appraisal?.AppraisedScore is not null),
                leaves.Count));
        }

        var penaltyTotal = penalties.Sum(item => item.Points);
        var anyVisible = visibility.Round1 || visibility.Final;
        return new AppraisalSummaryDto(
            EvaluationPhaseNames.ApiName(phase),
            EvaluationPhaseNames.Vietnamese(phase),
            visibility.Round1,
            visibility.Final,
            ProvinceTime.ToProvince(calendar.AppraisalRound1Due),
            ProvinceTime.FormatDeadline(calendar.AppraisalRound1Due),
            ProvinceTime.ToProvince(calendar.ExplanationDue),
            ProvinceTime.FormatDeadline(calendar.ExplanationDue),
            ProvinceTime.ToProvince(calendar.AppraisalRound2Due),
            ProvinceTime.FormatDeadline(calendar.AppraisalRound2Due),
            AppraisalRules.ExplanationWindowOpen(calendar, now),
            sections.SelectMany(section => section.Criteria).Count(item => item.Appraisal?.Questioned == true),
            rows,
            penalties,
            penaltyTotal,
            anyVisible ? rows.Sum(row => row.AppraisedTotal) : null);
    }
}
