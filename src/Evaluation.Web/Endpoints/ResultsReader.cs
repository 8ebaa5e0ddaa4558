using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Appraisal;
using Evaluation.Infrastructure.Exports;
using Evaluation.Infrastructure.Storage;
using Evaluation.Infrastructure.Survey;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;

namespace Evaluation.Web.Endpoints;

/// <summary>A year's stored ranking as one caller may see it.</summary>
public sealed record YearResults(EvaluationYear Year, RankingDocument Ranking, Viewer? Viewer)
{
    /// <summary>Published when the year records it or the stored ranking says so.</summary>
    public bool Published => Ranking.Published == true || Year.IsPublished;

    public DateTimeOffset? PublishedAt => Ranking.PublishedAt ?? Year.PublishedAt;

    public string Publication => ResultLabels.Publication(Published, PublishedAt, Ranking.ComputedAt);

    /// <summary>Unit type code → name, from the year's setup (the regulation's four types when the year has none).</summary>
    public IReadOnlyDictionary<string, string> TypeNames { get; } =
        (Year.Setup.UnitTypes.Count > 0 ? Year.Setup.UnitTypes : UnitType.RegulationDefaults)
        .ToDictionary(type => type.Code, type => type.Name, StringComparer.Ordinal);

    /// <summary>The ranking with its published flag as this year states it (the one shape of API.md).</summary>
    public RankingDocument Document => Ranking with { Year = Year.Year, Published = Published, PublishedAt = PublishedAt };

    /// <summary>
    /// Who sees a unit's own result page: its people, the council and the working group once the results are
    /// published; the working group any time a ranking exists (checked when the year's results were read).
    /// </summary>
    public bool MaySeeUnit(string unitId) =>
        Viewer is { } viewer && (viewer.IsWorkingGroup || viewer.Person?.UnitId == unitId || viewer.Person?.Role == Role.Appraiser);
}

/// <summary>
/// Reads published results for the results endpoints and pages: before publication nothing
/// exists for anyone but the working group (404, as <c>GET …/results</c> answers); after it the ranking, the
/// printable table and the workbook are everyone's, a unit's detailed result its own people's, the council's and the
/// working group's. Reasons come from the council's stored decisions and penalties; figures from the ranking activity's
/// ranking and score sheet, never recomputed here.
/// </summary>
public sealed class ResultsReader(
    Access access, YearStore years, ResultStore results, AppraisalStore appraisals, CouncilStore councils, CatalogueStore catalogues, SurveyResults surveys)
{
    public async Task<YearResults> ReadAsync(HttpContext http, string year)
    {
        var number = PathValues.Year(year);
        var yearTask = years.GetAsync(number, http.RequestAborted);
        var rankingTask = results.GetAsync(number, http.RequestAborted);
        var viewer = await access.IdentifyAsync(http);
        var evaluationYear = (await yearTask)?.Value ?? throw ProblemException.NotFound($"Chưa có năm đánh giá {number}.");
        var ranking = await rankingTask ?? throw ProblemException.NotFound($"Chưa có kết quả xếp loại năm {number}.");
        var found = new YearResults(evaluationYear, ranking, viewer);
        if (!found.Published && viewer is not { IsWorkingGroup: true })
        {
            // Unpublished results do not exist for anyone but the working group.
            throw ProblemException.NotFound($"Kết quả xếp loại năm {number} chưa được công bố.");
        }

        return found;
    }

    /// <summary>One unit's result with the council's reasons and "why this rank", for a caller who may see it.</summary>
    public async Task<UnitResultDto> UnitResultAsync(YearResults found, string unitId, CancellationToken cancellationToken)
    {
        var id = PathValues.UnitId(unitId);
        var group = found.Ranking.Groups.FirstOrDefault(candidate => candidate.Units.Any(unit => unit.UnitId == id))
            ?? throw ProblemException.NotFound($"Kết quả xếp loại năm {found.Year.Year} không có cơ quan, đơn vị mã \"{id}\".");
        var ranked = group.Units.First(unit => unit.UnitId == id);
        if (found.Viewer is null)
        {
            throw ProblemException.Unauthenticated();
        }

        if (!found.MaySeeUnit(id))
        {
            throw ProblemException.Forbidden(
                $"Kết quả chi tiết của {ranked.Name} dành cho chính đơn vị, Hội đồng thẩm định và Tổ công tác. Tài khoản {found.Viewer.Email} là: {found.Viewer.RoleName}. Bảng xếp hạng chung ai cũng xem được.");
        }

        var year = found.Year.Year;
        var sheetTask = results.GetSheetAsync(year, cancellationToken);
        var appraisalTask = appraisals.GetAsync(year, id, cancellationToken);
        var councilTask = councils.GetAsync(year, cancellationToken);
        var surveyTask = SurveyAsync(year, id, group.Type, cancellationToken);
        await Task.WhenAll(sheetTask, appraisalTask, councilTask, surveyTask);
        var sheet = await sheetTask;
        var appraisal = await appraisalTask;
        var council = (await councilTask).Value;

        var rows = group.Units.Select(unit => new RankedSheet(SheetRow(sheet, unit, group.Type), unit.Rank, unit.Total)).ToList();
        var own = rows.First(row => row.Sheet.UnitId == id);
        return new UnitResultDto(
            year,
            found.Published,
            found.PublishedAt,
            found.Ranking.ComputedAt,
            found.Publication,
            id,
            ranked.Name,
            group.Type,
            found.TypeNames.GetValueOrDefault(group.Type) ?? group.Type,
            ranked.Rank,
            group.UnitCount,
            group.ExcellentCap,
            ranked.Total,
            ranked.Class,
            ResultLabels.ClassName(ranked.Class),
            ranked.Tie,
            Sections.All.Select(rule => new ResultSectionDto(rule.Code, rule.Title, ranked.Sections.GetValueOrDefault(rule.Code), rule.MaxScore)).ToList(),
            QuestionedCriteria(own.Sheet, appraisal, council),
            Penalties(own.Sheet, appraisal, council),
            ranked.Sections.GetValueOrDefault(Sections.VII),
            Explanation(RankExplanation.Explain(own, rows)),
            found.Ranking.Flags.Where(flag => flag.UnitIds.Contains(id)).Select(flag => flag.Message).ToList(),
            await surveyTask);
    }

    /// <summary>The unit's section V with its inputs, or null when its index set has no survey questionnaire.</summary>
    private async Task<ResultSurveyDto?> SurveyAsync(int year, string unitId, string indexSet, CancellationToken cancellationToken)
    {
        if (await catalogues.GetAsync(year, indexSet, cancellationToken) is not { } catalogue)
        {
            return null;
        }

        var survey = await surveys.ReadAsync(year, [(unitId, catalogue)], cancellationToken);
        var result = survey.Units[unitId];
        return survey.Questionnaires.ContainsKey(indexSet) ? new ResultSurveyDto(result.Total, result.MaxScore, result.Groups, result.Criteria) : null;
    }

    /// <summary>
    /// A unit's score-sheet row; a ranking kept without its sheet still explains itself by sections (no criteria).
    /// </summary>
    private static UnitScoreSheet SheetRow(ScoreSheet? sheet, RankedUnitDocument unit, string type) =>
        sheet?.Units.FirstOrDefault(row => row.UnitId == unit.UnitId) ?? new UnitScoreSheet
        {
            UnitId = unit.UnitId,
            Name = unit.Name,
            Type = type,
            Sections = unit.Sections,
            Criteria = [],
        };

    /// <summary>The criteria the council scored below the unit's own score or asked evidence for, in the catalogue's order.</summary>
    private static List<ResultCriterionDto> QuestionedCriteria(UnitScoreSheet sheet, UnitAppraisal appraisal, Council council)
    {
        var order = CatalogueOrder(sheet);
        return appraisal.Decisions
            .Where(decision => decision.Round == AppraisalRounds.First && AppraisalRules.IsQuestioned(decision.Kind))
            .Select(round1 =>
            {
                var round2 = appraisal.Decision(round1.Code, AppraisalRounds.Second);
                var criterion = sheet.Criteria.FirstOrDefault(item => item.Code == round1.Code);
                var score = criterion?.Score ?? AppraisalRules.FinalScore(round1.Score, round1.Kind, round2?.Score) ?? 0m;
                return new ResultCriterionDto(
                    round1.Code,
                    criterion?.Section ?? round1.Code.Split('.')[0],
                    criterion?.Title ?? round1.Code,
                    criterion?.MaxScore ?? 0m,
                    (round2 ?? round1).Basis.SelfScore,
                    score,
                    Decision(round1, council),
                    round2 is null ? null : Decision(round2, council));
            })
            .OrderBy(item => order.GetValueOrDefault(item.Code, int.MaxValue))
            .ThenBy(item => item.Code, StringComparer.Ordinal)
            .ToList();
    }

    private static Dictionary<string, int> CatalogueOrder(UnitScoreSheet sheet) =>
        sheet.Criteria.Select((criterion, index) => (criterion.Code, index)).ToDictionary(pair => pair.Code, pair => pair.index, StringComparer.Ordinal);

    private static ResultDecisionDto Decision(DecisionRecord record, Council council) => new(
        record.Round,
        DecisionKinds.ApiName(record.Kind),
        DecisionKinds.Vietnamese(record.Kind),
        record.Score,
        record.Reason,
        record.AgencyId,
        council.AgencyName(record.AgencyId),
        ProvinceTime.ToProvince(record.At));

    private static List<ResultPenaltyDto> Penalties(UnitScoreSheet sheet, UnitAppraisal appraisal, Council council)
    {
        var order = CatalogueOrder(sheet);
        return appraisal.Penalties.Values
            .Where(penalty => penalty.Points > 0)
            .Select(penalty =>
            {
                var item = sheet.Criteria.FirstOrDefault(criterion => criterion.Code == penalty.Code);
                return new ResultPenaltyDto(
                    penalty.Code,
                    item?.Title ?? penalty.Code,
                    item?.MaxScore ?? penalty.Points,
                    penalty.Points,
                    penalty.Reason,
                    penalty.Source is { } source ? PenaltySources.ApiName(source) : null,
                    penalty.Source is { } named ? PenaltySources.Vietnamese(named) : null,
                    penalty.Evidence,
                    penalty.AgencyId is { } agency ? council.AgencyName(agency) : "Tổ công tác",
                    ProvinceTime.ToProvince(penalty.At));
            })
            .OrderBy(penalty => order.GetValueOrDefault(penalty.Code, int.MaxValue))
            .ThenBy(penalty => penalty.Code, StringComparer.Ordinal)
            .ToList();
    }

    private static RankExplanationDto Explanation(RankExplanation why) => new(
        why.Standing switch
        {
            RankStanding.Leads => "leads",
            RankStanding.Behind => "behind",
            _ => "alone",
        },
        why.Summary,
        why.TotalGap,
        why.ComparedWith.Select(unit => new RankNeighbourDto(unit.UnitId, unit.Name, unit.Rank, unit.Total)).ToList(),
        why.Sections.Select(Gap).ToList(),
        why.Criteria.Select(Gap).ToList(),
        why.Lines);

    private static ScoreGapDto Gap(ScoreGap gap) => new(gap.Code, gap.Section, gap.Title, gap.Score, gap.OtherScore, gap.MaxScore, gap.Gap);
}
