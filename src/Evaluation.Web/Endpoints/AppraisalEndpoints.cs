using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Assessments;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Appraisal;
using Evaluation.Infrastructure.Assessments;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Evaluation.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Evaluation.Web.Endpoints;

/// <summary>
/// The appraisal council (API.md "appraisal", "penalties"; ): the council of a year, the
/// appraiser's queue, decisions in two rounds, penalties, and the release of the final result. Every decision is
/// checked against the assignment (conflict of interest included), the round's dates and before anything is
/// written; every write leaves a trail row.
/// </summary>
public sealed class AppraisalEndpoints(
    EndpointRunner runner,
    Access access,
    YearStore years,
    UnitStore units,
    PersonStore people,
    CatalogueStore catalogues,
    AssessmentStore assessments,
    AppraisalStore appraisals,
    CouncilStore councils,
    YearWorkflow workflow,
    YearFiles yearFiles,
    TimeProvider clock,
    ILogger<AppraisalEndpoints> logger)
{
    private static readonly string[] QueueStatuses = ["pending", "agreed", "questioned", "final", "needsReview", "todo"];

    /// <summary><c>GET /api/years/{year}/council</c>: members and their appraisers, assignments, conflicts of interest.</summary>
    public Task<IResult> GetCouncil(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireSignedInAsync(http);
        if (!viewer.IsWorkingGroup && viewer.Person?.Role != Role.Appraiser)
        {
            throw ProblemException.Forbidden($"Chỉ Tổ công tác và Hội đồng thẩm định xem được thành phần Hội đồng. Tài khoản {viewer.Email} là: {viewer.RoleName}.");
        }

        var setup = await LoadYearAsync(PathValues.Year(year), http.RequestAborted);
        return ApiResults.Json(await CouncilAsync(setup, http.RequestAborted), etag: setup.CouncilETag);
    });

    /// <summary><c>PUT /api/years/{year}/council</c> (working group): members, assignment changes, substitutes.</summary>
    public Task<IResult> PutCouncil(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "sửa thành phần Hội đồng thẩm định");
        var viewer = await access.RequireSignedInAsync(http);
        var setup = await LoadYearAsync(PathValues.Year(year), http.RequestAborted);
        YearFreeze.Ensure(setup.Year);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.CatalogueBody);
        var (council, errors) = CouncilReader.Read(body.RootElement, setup.Catalogues.GetValueOrDefault, setup.Units.ToDictionary(unit => unit.Unit.UnitId, unit => unit.Unit));
        if (council is null)
        {
            throw ProblemException.Invalid(errors.ToDictionary());
        }

        // A year still on the default council answers GET with ETag "" (nothing stored); sent back, it means "nobody
        // has saved it since", which the store checks.
        var saved = await councils.SaveAsync(setup.Year.Year, council, RequestReader.IfMatch(http.Request), viewer.Email, clock.GetUtcNow(), http.RequestAborted);
        logger.LogInformation("Council of {Year} saved by {Email}", setup.Year.Year, viewer.Email);
        var updated = setup with { Council = saved.Value, CouncilETag = saved.ETag };
        return ApiResults.Json(await CouncilAsync(updated, http.RequestAborted), etag: saved.ETag);
    });

    /// <summary>
    /// <c>GET /api/years/{year}/appraisal/queue?unitId=&amp;status=&amp;agency=</c>: an appraiser's criteria across the units
    /// whose self-assessment is closed, with progress; the working group may look at any agency's queue or all.
    /// </summary>
    public Task<IResult> GetQueue(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireSignedInAsync(http);
        var query = http.Request.Query;
        var agency = viewer.IsWorkingGroup ? NullIfEmpty(query["agency"].ToString()) : viewer.Person is { Role: Role.Appraiser } person ? person.AgencyId : null;
        if (!viewer.IsWorkingGroup && agency is null)
        {
            throw ProblemException.Forbidden($"Hàng đợi thẩm định dành cho thành viên Hội đồng thẩm định. Tài khoản {viewer.Email} là: {viewer.RoleName}.");
        }

        var unitFilter = NullIfEmpty(query["unitId"].ToString());
        var status = NullIfEmpty(query["status"].ToString());
        if (status is not null && !QueueStatuses.Contains(status, StringComparer.Ordinal))
        {
            throw ProblemException.BadRequest("status", $"Trạng thái lọc \"{status}\" không hợp lệ; dùng một trong: {string.Join(", ", QueueStatuses)}.");
        }

        var setup = await LoadYearAsync(PathValues.Year(year), http.RequestAborted);
        if (agency is not null && !setup.Council.IsMember(agency))
        {
            throw ProblemException.NotFound($"{agency} không phải cơ quan thành viên Hội đồng thẩm định năm {setup.Year.Year}.");
        }

        if (unitFilter is not null && setup.Units.All(unit => unit.Unit.UnitId != unitFilter))
        {
            throw ProblemException.NotFound($"Năm {setup.Year.Year} không có cơ quan, đơn vị \"{unitFilter}\".");
        }

        var now = clock.GetUtcNow();
        var peopleTask = people.ListAsync(http.RequestAborted);
        var files = await LoadUnitsAsync(setup, unitFilter, http.RequestAborted);
        var names = (await peopleTask).ToDictionary(person => person.Email, person => person.Name, StringComparer.OrdinalIgnoreCase);
        var items = new List<QueueItemDto>();
        var waiting = new List<WaitingUnitDto>();
        var unassigned = new List<UnassignedDto>();
        foreach (var file in files)
        {
            if (!file.SelfAssessmentClosed(setup.Calendar, now))
            {
                waiting.Add(new WaitingUnitDto(file.Unit.Unit.UnitId, file.Unit.Unit.Name,
                    $"Đơn vị chưa nộp bản tự đánh giá (hạn {ProvinceTime.FormatDeadline(setup.Calendar.SelfAssessmentDue)})."));
                continue;
            }

            foreach (var entry in file.Leaves(setup.Council))
            {
                var assignment = setup.Council.Resolve(entry, file.Unit.Unit);
                if (!assignment.IsAssigned)
                {
                    unassigned.Add(new UnassignedDto(file.Unit.Unit.UnitId, file.Unit.Unit.Name, entry.Criterion.Code, assignment.Problem!));
                }

                if (agency is not null && assignment.AgencyId != agency)
                {
                    continue;
                }

                if (assignment.IsAssigned)
                {
                    items.Add(QueueItem(setup, file, entry, now));
                }
            }
        }

        var progress = Progress(items, files, agency, names);
        var filtered = items.Where(item => Matches(item, status)).ToList();
        var phase = setup.Calendar.PhaseAt(now);
        return ApiResults.Json(new AppraisalQueueDto(
            setup.Year.Year,
            agency,
            agency is null ? null : setup.Council.AgencyName(agency),
            EvaluationPhaseNames.ApiName(phase),
            EvaluationPhaseNames.Vietnamese(phase),
            OpenRound(setup.Calendar, now),
            ProvinceTime.FormatDeadline(setup.Calendar.AppraisalRound1Due),
            ProvinceTime.FormatDeadline(setup.Calendar.ExplanationDue),
            ProvinceTime.FormatDeadline(setup.Calendar.AppraisalRound2Due),
            filtered,
            progress,
            waiting,
            unassigned,
            setup.Units.Select(unit => new UnitChoiceDto(unit.Unit.UnitId, unit.Unit.Name)).ToList()));
    });

    /// <summary><c>PUT …/appraisal/{round}/criteria/{code}</c>: one decision (R-3.2 round 1, R-3.3 round 2), kept with its trail.</summary>
    public Task<IResult> PutDecision(HttpContext http, string year, string unitId, string round, string code, DurableTaskClient durable) => runner.RunAsync(http, async () =>
    {
        var roundNumber = round switch
        {
            "1" => AppraisalRounds.First,
            "2" => AppraisalRounds.Second,
            _ => throw ProblemException.NotFound($"Vòng thẩm định \"{round}\" không tồn tại; chỉ có lần 1 và lần 2."),
        };
        var viewer = await access.RequireSignedInAsync(http);
        var (setup, file) = await LoadForDecisionAsync(PathValues.Year(year), PathValues.UnitId(unitId), VietnameseText.Clean(code) ?? string.Empty, http.RequestAborted);
        YearFreeze.Ensure(setup.Year);
        var unit = file.Unit;
        var entry = AppraisedLeaf(file, setup.Council, code);
        var assignment = setup.Council.Resolve(entry, unit.Unit);
        var agencyId = AuthorizeDecision(viewer, unit.Unit, entry, assignment, setup.Council);

        var now = clock.GetUtcNow();
        if (AppraisalRules.DecisionRefusal(roundNumber, setup.Calendar, file.SelfAssessmentClosed(setup.Calendar, now), now) is { } late)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Ngoài thời hạn thẩm định", late);
        }

        var criterion = entry.Criterion;
        var round1 = file.Appraisal.Decision(criterion.Code, AppraisalRounds.First);
        if (roundNumber == AppraisalRounds.Second && (round1 is null || !AppraisalRules.IsQuestioned(round1.Kind)))
        {
            throw ProblemException.Conflict(round1 is null
                ? $"Tiêu chí {criterion.Code} của {unit.Unit.Name} chưa có ý kiến thẩm định lần 1."
                : $"Tiêu chí {criterion.Code} của {unit.Unit.Name} đã được đồng ý ở lần 1, giữ điểm thẩm định lần 1 ({ScoreText.Format(round1.Score)}); thẩm định lần 2 chỉ dành cho tiêu chí bị đề nghị.");
        }

        var answer = file.Assessment.Criteria.GetValueOrDefault(criterion.Code)?.Answer ?? CriterionAnswer.Empty;
        var evidence = file.Assessment.EvidenceOf(criterion.Code).ToList();
        var facts = new SelfScoreFacts(answer.SelfScore, SelfAssessmentRules.CountedScore(answer, evidence.Count), answer.Classified, evidence.Count);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.SmallBody);
        var (decision, errors) = DecisionReader.Read(body.RootElement, roundNumber, criterion, facts);
        if (decision is null)
        {
            throw ProblemException.Invalid(errors.ToDictionary());
        }

        var record = await appraisals.DecideAsync(setup.Year.Year, unit.Unit.UnitId, criterion.Code, roundNumber, decision,
            AppraisalView.Basis(answer, evidence), viewer.Email, agencyId, now, RequestReader.IfMatch(http.Request), http.RequestAborted);
        logger.LogInformation("Decision {Round} on {Code} of {UnitId} by {Email}: {Decision}", roundNumber, criterion.Code, unit.Unit.UnitId, viewer.Email, decision.Kind);

        // Only a first decision, or one that changes agree/disagree, can complete a round.
        var previous = file.Appraisal.Decision(criterion.Code, roundNumber);
        if (previous is null || previous.Kind != record.Kind)
        {
            await ReportCompletionAsync(durable, setup, file, roundNumber, http.RequestAborted);
        }

        var decisions = file.Appraisal.Decisions.Where(item => item.Code != criterion.Code || item.Round != roundNumber).Append(record).ToList();
        var updated = file with { Appraisal = file.Appraisal with { Decisions = decisions } };
        return ApiResults.Json(QueueItem(setup, updated, entry, now), etag: record.ETag);
    });

    /// <summary><c>GET …/penalties</c>: the unit's section VII (the unit sees it from the round-1 release).</summary>
    public Task<IResult> GetPenalties(HttpContext http, string year, string unitId) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireSignedInAsync(http);
        var (setup, unit, catalogue, appraisal) = await LoadForPenaltiesAsync(PathValues.Year(year), PathValues.UnitId(unitId), http.RequestAborted);
        var now = clock.GetUtcNow();
        var ownUnit = viewer.Person is { Role: Role.UnitStaff or Role.UnitHead } person && person.UnitId == unit.Unit.UnitId;
        var council = viewer.IsWorkingGroup || viewer.Person?.Role == Role.Appraiser;
        if (!ownUnit && !council)
        {
            throw ProblemException.Forbidden($"Tài khoản {viewer.Email} ({viewer.RoleName}) không xem được điểm trừ của {unit.Unit.Name}.");
        }

        var visible = !ownUnit || AppraisalRules.Round1Released(setup.Calendar, now);
        var trail = visible ? await appraisals.PenaltyTrailAsync(setup.Year.Year, unit.Unit.UnitId, http.RequestAborted) : [];
        var lockReason = council ? AppraisalRules.PenaltyRefusal(setup.Calendar, now) : "Chỉ Hội đồng thẩm định và Tổ công tác ghi điểm trừ.";
        return ApiResults.Json(Penalties(setup, unit, catalogue, visible ? appraisal : UnitAppraisal.Empty, lockReason, trail));
    });

    /// <summary><c>PUT …/penalties</c>: deductions by the agency assigned to each item, or the working group (Art. 3.3).</summary>
    public Task<IResult> PutPenalties(HttpContext http, string year, string unitId) => runner.RunAsync(http, async () =>
    {
        YearFreeze.Ensure((await years.GetAsync(PathValues.Year(year), http.RequestAborted))?.Value ?? throw ProblemException.NotFound($"Chưa có năm đánh giá {year}."));
        var viewer = await access.RequireSignedInAsync(http);
        if (!viewer.IsWorkingGroup && viewer.Person?.Role != Role.Appraiser)
        {
            throw ProblemException.Forbidden($"Chỉ cơ quan được giao nội dung điểm trừ hoặc Tổ công tác ghi điểm trừ. Tài khoản {viewer.Email} là: {viewer.RoleName}.");
        }

        var (setup, unit, catalogue, _) = await LoadForPenaltiesAsync(PathValues.Year(year), PathValues.UnitId(unitId), http.RequestAborted);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.SmallBody);
        var (items, errors) = PenaltyReader.Read(body.RootElement, catalogue);
        if (items is null)
        {
            throw ProblemException.Invalid(errors.ToDictionary());
        }

        if (!viewer.IsWorkingGroup)
        {
            var agency = viewer.Person!.AgencyId;
            var entries = catalogue.Entries(setup.Council.AssignmentsOf(catalogue.IndexSet)).ToDictionary(entry => entry.Criterion.Code, StringComparer.Ordinal);
            var foreign = items.Keys
                .Select(code => (Code: code, Assignment: setup.Council.Resolve(entries[code], unit.Unit)))
                .Where(pair => pair.Assignment.AgencyId != agency)
                .ToList();
            if (foreign.Count > 0)
            {
                throw ProblemException.Forbidden(string.Join(" ", foreign.Select(pair => pair.Assignment.AgencyId is { } owner
                    ? $"{pair.Code} do {setup.Council.AgencyName(owner)} ghi."
                    : $"{pair.Code}: {pair.Assignment.Problem}")));
            }
        }

        var now = clock.GetUtcNow();
        if (AppraisalRules.PenaltyRefusal(setup.Calendar, now) is { } late)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Ngoài thời hạn thẩm định", late);
        }

        var recorded = await appraisals.RecordPenaltiesAsync(setup.Year.Year, unit.Unit.UnitId, items, viewer.Email,
            viewer.IsWorkingGroup ? null : viewer.Person!.AgencyId, now, http.RequestAborted);
        var trail = await appraisals.PenaltyTrailAsync(setup.Year.Year, unit.Unit.UnitId, http.RequestAborted);
        return ApiResults.Json(Penalties(setup, unit, catalogue, UnitAppraisal.Empty with { Penalties = recorded }, lockReason: null, trail));
    });

    /// <summary><c>POST /api/years/{year}/appraisal/release</c> (working group): the units see the council's final result.</summary>
    public Task<IResult> ReleaseFinal(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "công bố kết quả thẩm định cho các đơn vị");
        var viewer = await access.RequireSignedInAsync(http);
        var number = PathValues.Year(year);
        var evaluationYear = (await years.GetAsync(number, http.RequestAborted))?.Value ?? throw ProblemException.NotFound($"Chưa có năm đánh giá {number}.");
        var calendar = evaluationYear.Setup.Calendar;
        var now = clock.GetUtcNow();
        if (now < calendar.AppraisalRound2Due)
        {
            throw ProblemException.Conflict($"Thẩm định lần 2 chưa kết thúc ({ProvinceTime.FormatDeadline(calendar.AppraisalRound2Due)}); chỉ công bố kết quả thẩm định sau thời hạn này.");
        }

        var (release, created) = await councils.ReleaseFinalAsync(number, viewer.Email, now, http.RequestAborted);
        return ApiResults.Json(new { released = created, by = release.By, at = ProvinceTime.ToProvince(release.At) }, created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    });

    /// <summary>
    /// After a decision, tells the unit's orchestration when the council finished a round for the unit, so the step
    /// ends early (issue 5): round 1 when every leaf has a decision, round 2 when every questioned leaf has one
    /// (at once when round 1 questioned nothing). One more read of the unit's decisions.
    /// </summary>
    private async Task ReportCompletionAsync(DurableTaskClient durable, YearSetupContext setup, UnitFile file, int round, CancellationToken cancellationToken)
    {
        var appraisal = await appraisals.GetAsync(setup.Year.Year, file.Unit.Unit.UnitId, cancellationToken);
        var (round1Done, round2Done) = appraisal.Completion(file.Leaves(setup.Council).Select(entry => entry.Criterion.Code).ToList());
        var instance = WorkflowIds.Unit(setup.Year.Year, file.Unit.Unit.UnitId);
        if (round == AppraisalRounds.First && round1Done)
        {
            await workflow.RaiseAsync(durable, instance, WorkflowEvents.Round1Completed, true, cancellationToken);
        }

        if (round2Done)
        {
            await workflow.RaiseAsync(durable, instance, WorkflowEvents.Round2Completed, true, cancellationToken);
        }
    }

    private Task<YearSetupContext> LoadYearAsync(int year, CancellationToken cancellationToken) => yearFiles.LoadYearAsync(year, cancellationToken);

    /// <summary>The year narrowed to one unit: the year, the council and the unit read in parallel, then its catalogue.</summary>
    private async Task<(YearSetupContext Setup, UnitRecord Unit, Catalogue Catalogue)> LoadOneUnitAsync(int year, string unitId, CancellationToken cancellationToken)
    {
        var yearTask = years.GetAsync(year, cancellationToken);
        var councilTask = councils.GetAsync(year, cancellationToken);
        var unitTask = units.GetAsync(year, unitId, cancellationToken);
        await Task.WhenAll(yearTask, councilTask, unitTask);
        var evaluationYear = (await yearTask)?.Value ?? throw ProblemException.NotFound($"Chưa có năm đánh giá {year}.");
        var unit = (await unitTask)?.Value ?? throw ProblemException.NotFound($"Năm {year} không có cơ quan, đơn vị \"{unitId}\".");
        var catalogue = await catalogues.GetAsync(year, unit.Unit.Type, cancellationToken)
            ?? throw ProblemException.Conflict($"Năm {year} chưa có bộ chỉ số {unit.Unit.Type} cho {unit.Unit.Name}; Tổ công tác cần nạp bộ chỉ số trước.");
        var council = await councilTask;
        var setup = new YearSetupContext(evaluationYear, council.Value, council.ETag, [unit], new Dictionary<string, Catalogue>(StringComparer.Ordinal) { [catalogue.IndexSet] = catalogue });
        return (setup, unit, catalogue);
    }

    /// <summary>
    /// What one decision needs, read in parallel and narrowed to its unit and criterion: the unit with its year,
    /// council and catalogue, its submission, the criterion with its files and its current decisions.
    /// </summary>
    private async Task<(YearSetupContext Setup, UnitFile File)> LoadForDecisionAsync(int year, string unitId, string code, CancellationToken cancellationToken)
    {
        var unitTask = LoadOneUnitAsync(year, unitId, cancellationToken);
        var submissionTask = assessments.GetSubmissionAsync(year, unitId, cancellationToken);
        var stateTask = assessments.GetCriterionStateAsync(year, unitId, code, cancellationToken);
        var decisionsTask = appraisals.DecisionsAsync(year, unitId, code, cancellationToken);
        await Task.WhenAll(unitTask, submissionTask, stateTask, decisionsTask);
        var (setup, unit, catalogue) = await unitTask;
        var state = await stateTask;
        var criteria = new Dictionary<string, CriterionRecord>(StringComparer.Ordinal);
        if (state.Criterion is { } record)
        {
            criteria[record.Code] = record;
        }

        var file = new UnitFile(unit, catalogue, new UnitAssessment(criteria, state.Evidence, await submissionTask), UnitAppraisal.Empty with { Decisions = await decisionsTask });
        return (setup, file);
    }

    /// <summary>What the penalties of one unit need: the unit with its year, council and catalogue, and the council's rows (not the self-assessment).</summary>
    private async Task<(YearSetupContext Setup, UnitRecord Unit, Catalogue Catalogue, UnitAppraisal Appraisal)> LoadForPenaltiesAsync(int year, string unitId, CancellationToken cancellationToken)
    {
        var unitTask = LoadOneUnitAsync(year, unitId, cancellationToken);
        var appraisalTask = appraisals.GetAsync(year, unitId, cancellationToken);
        await Task.WhenAll(unitTask, appraisalTask);
        var (setup, unit, catalogue) = await unitTask;
        return (setup, unit, catalogue, await appraisalTask);
    }

    private Task<IReadOnlyList<UnitFile>> LoadUnitsAsync(YearSetupContext setup, string? unitId, CancellationToken cancellationToken) =>
        yearFiles.LoadUnitsAsync(setup, unitId, cancellationToken);

    private static CriterionEntry AppraisedLeaf(UnitFile file, Council council, string code)
    {
        var clean = VietnameseText.Clean(code) ?? string.Empty;
        var entry = file.Catalogue.Entries(council.AssignmentsOf(file.Catalogue.IndexSet)).FirstOrDefault(item => item.Criterion.Code == clean)
            ?? throw ProblemException.NotFound($"Bộ chỉ số {file.Catalogue.IndexSet} năm {file.Catalogue.Year} không có tiêu chí \"{clean}\".");
        if (!entry.Criterion.IsLeaf)
        {
            throw ProblemException.Invalid(new Dictionary<string, string[]> { ["code"] = [$"Tiêu chí {clean} gồm các tiêu chí thành phần; hãy thẩm định từng tiêu chí thành phần."] });
        }

        if (!SelfAssessmentRules.IsSelfAssessed(entry.Section.Kind))
        {
            throw ProblemException.Invalid(new Dictionary<string, string[]>
            {
                ["code"] = [entry.Section.Kind == SectionKind.Penalty
                    ? $"{clean} là nội dung điểm trừ; ghi qua mục điểm trừ (penalties), không qua thẩm định."
                    : $"Tiêu chí {clean} thuộc mục {entry.Section.Code}, không do Hội đồng thẩm định chấm."],
            });
        }

        if (OtherIndexView.NotScoredHere(entry, "Hội đồng thẩm định không thẩm định") is { } importedOnly)
        {
            throw ProblemException.Conflict(importedOnly);
        }

        return entry;
    }

    /// <summary>R-3.1, R-9: only an appraiser of the assigned agency decides; an agency never appraises its own unit.</summary>
    private static string AuthorizeDecision(Viewer viewer, Unit unit, CriterionEntry entry, Assignment assignment, Council council)
    {
        if (viewer.Person is not { Role: Role.Appraiser, AgencyId: { } agency })
        {
            throw ProblemException.Forbidden($"Chỉ thành viên Hội đồng thẩm định được giao tiêu chí mới thẩm định. Tài khoản {viewer.Email} là: {viewer.RoleName}.");
        }

        if (unit.AgencyId == agency)
        {
            throw ProblemException.Forbidden($"Xung đột lợi ích: {council.AgencyName(agency)} không được thẩm định chính {unit.Name}.");
        }

        if (assignment.AgencyId != agency)
        {
            throw ProblemException.Forbidden(assignment.AgencyId is { } owner
                ? $"Tiêu chí {entry.Criterion.Code} của {unit.Name} do {council.AgencyName(owner)} thẩm định, không phải {council.AgencyName(agency)}."
                : $"Tiêu chí {entry.Criterion.Code} của {unit.Name} chưa có cơ quan thẩm định: {assignment.Problem}");
        }

        return agency;
    }

    private static QueueItemDto QueueItem(YearSetupContext setup, UnitFile file, CriterionEntry entry, DateTimeOffset now)
    {
        var code = entry.Criterion.Code;
        var answer = file.Assessment.Criteria.GetValueOrDefault(code)?.Answer;
        var evidence = file.Assessment.EvidenceOf(code).ToList();
        var effective = answer ?? CriterionAnswer.Empty;
        var appraisal = AppraisalView.Criterion(entry, file.Unit.Unit, setup.Council, answer, evidence, file.Appraisal, AppraisalVisibility.All, setup.Calendar, now);
        var openRound = OpenRound(setup.Calendar, now);
        var closed = file.SelfAssessmentClosed(setup.Calendar, now);
        string? refusal = null;
        if (openRound is { } round)
        {
            refusal = AppraisalRules.DecisionRefusal(round, setup.Calendar, closed, now);
            if (round == AppraisalRounds.Second && refusal is null && !appraisal.Questioned)
            {
                refusal = appraisal.Round1 is null
                    ? "Tiêu chí chưa có ý kiến thẩm định lần 1."
                    : "Đã đồng ý ở lần 1; giữ điểm thẩm định lần 1.";
            }
        }
        else
        {
            // Between the rounds (the window) or after round 2: say when round 2 opens or that it has closed.
            refusal = AppraisalRules.DecisionRefusal(AppraisalRounds.Second, setup.Calendar, closed, now);
        }

        return new QueueItemDto(
            file.Unit.Unit.UnitId,
            file.Unit.Unit.Name,
            file.Unit.Unit.Type,
            entry.Section.Code,
            code,
            entry.Criterion.Title,
            entry.Criterion.MaxScore,
            entry.Criterion.AllowedScores,
            effective.SelfScore,
            SelfAssessmentRules.CountedScore(effective, evidence.Count),
            effective.Explanation,
            effective.Classified,
            SelfAssessmentRules.ZeroReasons(effective, evidence.Count),
            evidence.Select(item => AssessmentView.Evidence(setup.Year.Year, file.Unit.Unit.UnitId, item)).ToList(),
            appraisal,
            refusal is null ? openRound : null,
            refusal);
    }

    /// <summary>The round decisions are taken in now: 1 until round 1 closes, none in the window, 2 until round 2 closes.</summary>
    private static int? OpenRound(YearCalendar calendar, DateTimeOffset now) =>
        now < calendar.AppraisalRound1Due ? AppraisalRounds.First
        : now >= calendar.ExplanationDue && now < calendar.AppraisalRound2Due ? AppraisalRounds.Second
        : null;

    private static bool Matches(QueueItemDto item, string? status) => status switch
    {
        null => true,
        "needsReview" => item.Appraisal.NeedsReview,
        "todo" => item.OpenRound is not null && (item.OpenRound == AppraisalRounds.First ? item.Appraisal.Round1 is null : item.Appraisal.Round2 is null || item.Appraisal.NeedsReview),
        _ => item.Appraisal.Status == status,
    };

    private static QueueProgressDto Progress(List<QueueItemDto> items, IReadOnlyList<UnitFile> files, string? agency, Dictionary<string, string> names)
    {
        var byUnit = items.GroupBy(item => (item.UnitId, item.UnitName))
            .Select(group => new UnitProgressRowDto(
                group.Key.UnitId,
                group.Key.UnitName,
                group.Count(),
                group.Count(item => item.Appraisal.Round1 is not null),
                group.Count(item => item.Appraisal.Questioned),
                group.Count(item => item.Appraisal.Round2 is not null),
                group.Count(item => item.Appraisal.NeedsReview)))
            .ToList();
        var decisions = files.SelectMany(file => file.Appraisal.Decisions)
            .Where(decision => agency is null || decision.AgencyId == agency)
            .GroupBy(decision => (decision.By, decision.AgencyId))
            .Select(group => new AppraiserProgressDto(group.Key.By, names.GetValueOrDefault(group.Key.By) ?? group.Key.By, group.Key.AgencyId, group.Count()))
            .OrderByDescending(row => row.CriteriaDecided)
            .ToList();
        return new QueueProgressDto(
            items.Count,
            items.Count(item => item.Appraisal.Round1 is not null),
            items.Count(item => item.Appraisal.Questioned),
            items.Count(item => item.Appraisal.Round2 is not null),
            items.Count(item => item.Appraisal.NeedsReview),
            byUnit,
            decisions);
    }

    /// <param name="appraisal">The council's rows the caller may see (empty before the unit may see them).</param>
    private static UnitPenaltiesDto Penalties(
        YearSetupContext setup, UnitRecord unit, Catalogue catalogue, UnitAppraisal appraisal, string? lockReason, IReadOnlyList<PenaltyRecord> trail)
    {
        var items = AppraisalView.Penalties(catalogue, unit.Unit, setup.Council, appraisal);
        var history = trail
            .Where(change => catalogue.Find(change.Code) is not null)
            .Select(change => AppraisalView.Penalty(catalogue.Find(change.Code)!.Criterion, new Assignment(change.AgencyId, null), setup.Council, change))
            .ToList();
        return new UnitPenaltiesDto(setup.Year.Year, unit.Unit.UnitId, unit.Unit.Name, lockReason is null, lockReason, items, items.Sum(item => item.Points), history);
    }

    private async Task<CouncilDto> CouncilAsync(YearSetupContext setup, CancellationToken cancellationToken)
    {
        var everyone = await people.ListAsync(cancellationToken);
        var council = setup.Council;
        var indexSets = new List<IndexSetAssignmentsDto>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (indexSet, catalogue) in setup.Catalogues.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var changes = council.AssignmentsOf(indexSet);
            var fileAgencies = catalogue.Entries().ToDictionary(entry => entry.Criterion.Code, entry => entry.EffectiveAgency, StringComparer.Ordinal);
            var rows = new List<AssignmentRowDto>();
            foreach (var entry in catalogue.Entries(changes).Where(entry => entry.Section.Kind is not (SectionKind.Survey or SectionKind.Leaders)))
            {
                var agency = entry.EffectiveAgency;
                var problem = agency is null ? "Chưa giao cơ quan thẩm định." : council.IsMember(agency) ? null : $"{agency} không phải thành viên Hội đồng.";
                if (entry.Criterion.IsLeaf && agency is not null)
                {
                    counts[agency] = counts.GetValueOrDefault(agency) + 1;
                }

                rows.Add(new AssignmentRowDto(entry.Criterion.Code, entry.Criterion.Title, entry.Section.Code, entry.Depth, entry.Criterion.IsLeaf,
                    fileAgencies.GetValueOrDefault(entry.Criterion.Code), agency, changes.ContainsKey(entry.Criterion.Code), problem));
            }

            indexSets.Add(new IndexSetAssignmentsDto(indexSet, catalogue.Title, rows));
        }

        var conflicts = setup.Units
            .Where(unit => council.IsMember(unit.Unit.AgencyId))
            .Select(unit =>
            {
                var substitute = council.Substitutes.GetValueOrDefault(unit.Unit.UnitId);
                var affected = setup.Catalogues.TryGetValue(unit.Unit.Type, out var catalogue)
                    ? catalogue.Entries(council.AssignmentsOf(unit.Unit.Type)).Count(entry => entry.Criterion.IsLeaf && entry.EffectiveAgency == unit.Unit.AgencyId && entry.Section.Kind is not (SectionKind.Survey or SectionKind.Leaders))
                    : 0;
                return new ConflictDto(unit.Unit.UnitId, unit.Unit.Name, unit.Unit.AgencyId!, substitute, substitute is null ? null : council.AgencyName(substitute), affected);
            })
            .ToList();
        var members = council.Members.Select(member => new CouncilMemberDto(
                member.AgencyId,
                member.Name,
                everyone.Where(person => person.Role == Role.Appraiser && person.AgencyId == member.AgencyId).Select(person => new CouncilPersonDto(person.Email, person.Name)).ToList(),
                counts.GetValueOrDefault(member.AgencyId)))
            .ToList();
        var release = await councils.GetFinalReleaseAsync(setup.Year.Year, cancellationToken);
        return new CouncilDto(setup.Year.Year, members, indexSets, conflicts, release is null ? null : ProvinceTime.Format(release.At));
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
