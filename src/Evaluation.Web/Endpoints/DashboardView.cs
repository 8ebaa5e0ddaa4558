using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Common;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Web.Endpoints;

/// <summary>
/// Turns a year's unit files into the working group's dashboard: one pass over each unit's appraised leaves, with the
/// same arithmetic as the form (<see cref="AssessmentView.Progress"/>) and the queue (assignments, questioned
/// criteria). Pure: the clock comes in, so "overdue" is decided by the calendar, not by when the page asked.
/// </summary>
public static class DashboardView
{
    public const string SelfAssessmentStep = "selfAssessment";
    public const string Round1Step = "appraisalRound1";
    public const string Round2Step = "appraisalRound2";

    public static DashboardDto Build(YearSetupContext setup, IReadOnlyList<UnitFile> files, DateTimeOffset now)
    {
        var year = setup.Year;
        var byUnit = files.ToDictionary(file => file.Unit.Unit.UnitId, StringComparer.Ordinal);
        var tallies = setup.Council.Members.ToDictionary(member => member.AgencyId, _ => new AgencyTally(), StringComparer.Ordinal);
        var rows = setup.Units
            .OrderBy(record => record.Unit.Type, StringComparer.Ordinal)
            .ThenBy(record => record.Unit.Name, Codes.VietnameseNameOrder)
            .Select(record => byUnit.TryGetValue(record.Unit.UnitId, out var file) ? Row(setup, file, now, tallies) : WithoutCatalogue(year, record))
            .ToList();

        var calendar = Calendar(year, now);
        var phase = year.Phase;
        return new DashboardDto(
            year.Year,
            EvaluationPhaseNames.ApiName(phase),
            EvaluationPhaseNames.Vietnamese(phase),
            year.StartedAt is { } started ? ProvinceTime.ToProvince(started) : null,
            ProvinceTime.ToProvince(now),
            calendar,
            year.IsStarted ? calendar.FirstOrDefault(deadline => !deadline.Passed) : null,
            year.Setup.UnitTypes.Select(type => new DashboardUnitTypeDto(type.Code, type.Name, rows.Count(row => row.Type == type.Code))).ToList(),
            Totals(rows),
            setup.Council.Members.Select(member => tallies[member.AgencyId].ToDto(member)).ToList(),
            rows);
    }

    /// <summary>The six deadlines in order; leader scoring closed early and publication done count as passed.</summary>
    private static List<DashboardDeadlineDto> Calendar(EvaluationYear year, DateTimeOffset now)
    {
        var calendar = year.Setup.Calendar;
        var dues = calendar.InOrder();
        var rows = new List<DashboardDeadlineDto>(dues.Count);
        for (var i = 0; i < dues.Count; i++)
        {
            var (field, label) = YearCalendar.Fields[i];
            var due = dues[i];
            string? note = null;
            var passed = now >= due;
            if (field == "leaderScoringDue")
            {
                if (year.LeaderScoringOpenedAt is { } opened && opened < calendar.AppraisalRound2Due)
                {
                    note = $"Tổ công tác mở sớm lúc {ProvinceTime.Format(opened)}";
                }

                if (year.LeaderScoringClosedAt is { } closed && closed < due)
                {
                    note = (note is null ? string.Empty : note + "; ") + $"đóng sớm lúc {ProvinceTime.Format(closed)}";
                    passed |= now >= closed;
                }
            }
            else if (field == "publicationDue" && year.PublishedAt is { } published)
            {
                note = $"Đã công bố lúc {ProvinceTime.Format(published)}";
                passed = true;
            }

            var secondsLeft = passed ? 0 : (long)Math.Ceiling((due - now).TotalSeconds);
            rows.Add(new DashboardDeadlineDto(field, label, ProvinceTime.ToProvince(due), ProvinceTime.FormatDeadline(due), passed, secondsLeft, note));
        }

        return rows;
    }

    private static DashboardUnitDto Row(YearSetupContext setup, UnitFile file, DateTimeOffset now, Dictionary<string, AgencyTally> tallies)
    {
        var calendar = setup.Calendar;
        var unit = file.Unit.Unit;
        var started = setup.Year.IsStarted;
        var round1Late = started && now >= calendar.AppraisalRound1Due;
        var round2Late = started && now >= calendar.AppraisalRound2Due;
        var round1 = new RoundTally();
        var round2 = new RoundTally();
        var unassigned = 0;
        foreach (var entry in file.Leaves(setup.Council))
        {
            var assignment = setup.Council.Resolve(entry, unit);
            var tally = assignment.AgencyId is { } agency ? tallies.GetValueOrDefault(agency) : null;
            unassigned += assignment.IsAssigned ? 0 : 1;
            var first = file.Appraisal.Decision(entry.Criterion.Code, AppraisalRounds.First);
            round1.Count(assignment.AgencyId, first is not null, round1Late, tally?.Round1);
            if (first is not null && AppraisalRules.IsQuestioned(first.Kind))
            {
                var second = file.Appraisal.Decision(entry.Criterion.Code, AppraisalRounds.Second);
                round2.Count(assignment.AgencyId, second is not null, round2Late, tally?.Round2);
            }
        }

        var progress = AssessmentView.Progress(file.Catalogue, file.Assessment);
        var overdue = new List<OverdueDto>();
        if (started && now >= calendar.SelfAssessmentDue && progress.SubmittedAt is null)
        {
            overdue.Add(new OverdueDto(SelfAssessmentStep, null, null, 1, ProvinceTime.ToProvince(calendar.SelfAssessmentDue),
                $"Chưa nộp bản tự đánh giá (hạn {ProvinceTime.FormatDeadline(calendar.SelfAssessmentDue)})."));
        }

        overdue.AddRange(round1.Overdue(Round1Step, calendar.AppraisalRound1Due, setup.Council, "chưa thẩm định lần 1"));
        overdue.AddRange(round2.Overdue(Round2Step, calendar.AppraisalRound2Due, setup.Council, "bị đề nghị chưa thẩm định lần 2"));
        return Unit(setup.Year, file.Unit) with
        {
            LeafCount = progress.LeafCount,
            FilledCount = progress.FilledCount,
            FilledPercent = Percent(progress.FilledCount, progress.LeafCount),
            EvidenceCount = progress.EvidenceCount,
            SubmittedAt = progress.SubmittedAt,
            Round1 = round1.ToDto(),
            Round2 = round2.ToDto(),
            UnassignedCount = unassigned,
            OverdueCount = overdue.Sum(item => item.Count),
            Overdue = overdue,
        };
    }

    /// <summary>A unit without figures (its index set is not loaded yet), which <see cref="Row"/> fills in.</summary>
    private static DashboardUnitDto WithoutCatalogue(EvaluationYear year, UnitRecord record) =>
        Unit(year, record) with { Problem = $"Chưa nạp bộ chỉ số {record.Unit.Type} năm {year.Year}." };

    /// <summary>Who the unit is and where its cycle stands (as the units list says it), with no figures yet.</summary>
    private static DashboardUnitDto Unit(EvaluationYear year, UnitRecord record)
    {
        var unit = UnitDto.From(record, year);
        var none = new RoundProgressDto(0, 0);
        var page = Routes.Path(Routes.AssessmentPage, ("year", year.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("unitId", unit.UnitId));
        return new DashboardUnitDto(unit.UnitId, unit.Name, unit.Type, unit.TypeName, unit.Phase, unit.PhaseName, unit.PhaseSince,
            0, 0, 0m, 0, null, none, none, 0, 0, [], page);
    }

    private static DashboardTotalsDto Totals(List<DashboardUnitDto> rows)
    {
        var leaves = rows.Sum(row => row.LeafCount);
        var filled = rows.Sum(row => row.FilledCount);
        return new DashboardTotalsDto(
            rows.Count,
            rows.Count(row => row.SubmittedAt is not null),
            leaves,
            filled,
            Percent(filled, leaves),
            rows.Sum(row => row.EvidenceCount),
            new RoundProgressDto(rows.Sum(row => row.Round1.Decided), rows.Sum(row => row.Round1.Items)),
            new RoundProgressDto(rows.Sum(row => row.Round2.Decided), rows.Sum(row => row.Round2.Items)),
            rows.Count(row => row.OverdueCount > 0),
            rows.Sum(row => row.OverdueCount));
    }

    /// <summary>A share in per cent with one decimal (12,5); 0 of nothing is 0.</summary>
    public static decimal Percent(int part, int whole) =>
        whole == 0 ? 0m : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

    /// <summary>One round of one unit (or one agency across units): items, decisions, and what is left after the deadline by agency.</summary>
    private sealed class RoundTally
    {
        private readonly Dictionary<string, int> _lateByAgency = new(StringComparer.Ordinal);

        public int Items { get; private set; }

        public int Decided { get; private set; }

        public int Late { get; private set; }

        /// <param name="agencyId">Who decides the item; null when nobody is assigned.</param>
        /// <param name="agencyTotal">The agency's tally across units, counted along.</param>
        public void Count(string? agencyId, bool decided, bool pastDue, RoundTally? agencyTotal)
        {
            Items++;
            Decided += decided ? 1 : 0;
            if (!decided && pastDue)
            {
                Late++;
                _lateByAgency[agencyId ?? string.Empty] = _lateByAgency.GetValueOrDefault(agencyId ?? string.Empty) + 1;
            }

            agencyTotal?.Count(agencyId, decided, pastDue, null);
        }

        public RoundProgressDto ToDto() => new(Decided, Items);

        public IEnumerable<OverdueDto> Overdue(string step, DateTimeOffset due, Council council, string what) =>
            _lateByAgency.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair =>
            {
                var deadline = ProvinceTime.FormatDeadline(due);
                return pair.Key.Length == 0
                    ? new OverdueDto(step, null, null, pair.Value, ProvinceTime.ToProvince(due), $"{pair.Value} tiêu chí chưa có cơ quan thẩm định, {what} (hạn {deadline}).")
                    : new OverdueDto(step, pair.Key, council.AgencyName(pair.Key), pair.Value, ProvinceTime.ToProvince(due), $"{council.AgencyName(pair.Key)}: {pair.Value} tiêu chí {what} (hạn {deadline}).");
            });
    }

    private sealed class AgencyTally
    {
        public RoundTally Round1 { get; } = new();

        public RoundTally Round2 { get; } = new();

        public AgencyProgressDto ToDto(CouncilAgency member) =>
            new(member.AgencyId, member.Name, Round1.ToDto(), Round2.ToDto(), Round1.Late, Round2.Late);
    }
}
