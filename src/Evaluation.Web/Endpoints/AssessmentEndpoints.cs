using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Assessments;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Appraisal;
using Evaluation.Infrastructure.Assessments;
using Evaluation.Infrastructure.Evidence;
using Evaluation.Infrastructure.OtherIndices;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Evaluation.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Evaluation.Web.Endpoints;

/// <summary>
/// A unit's self-assessment (API.md "Self-assessment", R-2.1– ): the form, per-criterion saves,
/// evidence upload and download, history and submission, with the council's decisions as far as the caller may see
/// them. Every edit checks the caller's unit, the unit's phase as its orchestration recorded it, the clock against
/// the year's deadlines and the submission, and after round 1 the explanation window (questioned criteria only, the
/// unit head), before anything is written.
/// </summary>
public sealed class AssessmentEndpoints(
    EndpointRunner runner,
    Access access,
    YearStore years,
    UnitStore units,
    CatalogueStore catalogues,
    AssessmentStore assessments,
    AppraisalStore appraisals,
    CouncilStore councils,
    EvidenceStore evidence,
    OtherIndexStore otherIndices,
    YearWorkflow workflow,
    TimeProvider clock,
    ILogger<AssessmentEndpoints> logger)
{
    /// <summary>Files per criterion: a handful is normal; the bound keeps a form loadable.</summary>
    public const int MaxFilesPerCriterion = 20;

    public Task<IResult> GetAssessment(HttpContext http, string year, string unitId) => runner.RunAsync(http, async () =>
    {
        var context = await LoadAsync(http, year, unitId, Need.See);
        var data = await assessments.GetAsync(context.Year, context.UnitId, http.RequestAborted);
        return ApiResults.Json(Form(context, data, await otherIndices.UnitValuesAsync(context.Year, context.UnitId, http.RequestAborted)));
    });

    /// <summary><c>PUT …/assessment/criteria/{code}</c>: one criterion's draft, one transaction, ETag-checked .</summary>
    public Task<IResult> PutCriterion(HttpContext http, string year, string unitId, string code) => runner.RunAsync(http, async () =>
    {
        var (context, known) = await LoadWithCriterionAsync(http, year, unitId, code, Need.Edit);
        var leaf = SelfAssessedLeaf(context, code);
        var criterion = leaf.Criterion;
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.SmallBody);
        var (answer, errors) = CriterionAnswerReader.Read(body.RootElement, criterion);
        if (answer is null)
        {
            throw ProblemException.Invalid(errors.ToDictionary());
        }

        RequireEditable(context, criterion.Code);
        RequireScoreKeptInWindow(context, criterion, answer);
        var record = await assessments.SaveAnswerAsync(context.Year, context.UnitId, criterion.Code, answer, Precondition(http.Request), context.Viewer.Email, clock.GetUtcNow(), known, http.RequestAborted);
        var item = LeafWithAppraisal(context, leaf, record, known.Evidence);
        return ApiResults.Json(item, etag: record.ETag);
    });

    /// <summary><c>POST …/criteria/{code}/evidence</c>: streams one file to a private blob, checks its signatures, records it .</summary>
    public Task<IResult> UploadEvidence(HttpContext http, string year, string unitId, string code) => runner.RunAsync(http, async () =>
    {
        var (context, known) = await LoadWithCriterionAsync(http, year, unitId, code, Need.Edit);
        var leaf = SelfAssessedLeaf(context, code);
        var criterion = leaf.Criterion;
        RequireEditable(context, criterion.Code);
        var existing = known.Evidence;
        if (existing.Count >= MaxFilesPerCriterion)
        {
            throw ProblemException.Conflict($"Tiêu chí {criterion.Code} đã có {existing.Count} tệp, tối đa {MaxFilesPerCriterion} tệp. Hãy gộp tài liệu hoặc gỡ tệp không cần thiết.");
        }

        var reader = OpenMultipart(http);
        var evidenceId = Guid.CreateVersion7().ToString("N");
        var blobName = $"{context.Year:D4}/{context.UnitId}/{evidenceId}";
        var (fileName, stored) = await ReceiveFileAsync(http, reader, blobName, context);
        var now = clock.GetUtcNow();
        var signature = await evidence.VerifyAsync(stored, http.RequestAborted);
        var record = new EvidenceRecord(evidenceId, criterion.Code, fileName, stored.Size, stored.Sha256, stored.ContentType, blobName,
            context.Viewer.Email, now, AssessmentView.Store(signature, stored));

        CriterionRecord saved;
        try
        {
            saved = await assessments.AddEvidenceAsync(context.Year, context.UnitId, record, known, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The file is stored but nothing points to it: remove it, so a retry starts clean, then report the failure.
            logger.LogWarning(ex, "Recording evidence {EvidenceId} of {UnitId} failed; removing its blob", evidenceId, context.UnitId);
            await evidence.DeleteUnrecordedAsync(blobName, CancellationToken.None);
            throw;
        }

        var item = LeafWithAppraisal(context, leaf, saved, [.. existing, record]);
        var file = AssessmentView.Evidence(context.Year, context.UnitId, record);
        var dto = new EvidenceUploadDto(file.EvidenceId, file.FileName, file.Size, file.Sha256, file.ContentType, file.Signature, file.DownloadUrl, item);
        return ApiResults.Json(dto, StatusCodes.Status201Created, location: file.DownloadUrl);
    });

    /// <summary><c>GET …/evidence/{evidenceId}</c>: a redirect to a link that reads this one blob and expires within minutes .</summary>
    public Task<IResult> DownloadEvidence(HttpContext http, string year, string unitId, string evidenceId) => runner.RunAsync(http, async () =>
    {
        var context = await LoadAsync(http, year, unitId, Need.See);
        var record = await FindEvidenceAsync(context, evidenceId, http.RequestAborted);
        var link = await evidence.ReadLinkAsync(record.BlobName, record.FileName, record.ContentType, clock.GetUtcNow(), http.RequestAborted);
        return ApiResults.Redirect(link.AbsoluteUri);
    });

    /// <summary><c>DELETE …/evidence/{evidenceId}</c>: takes a file off its criterion; the file and its history stay.</summary>
    public Task<IResult> RemoveEvidence(HttpContext http, string year, string unitId, string evidenceId) => runner.RunAsync(http, async () =>
    {
        var context = await LoadAsync(http, year, unitId, Need.Edit);
        var record = await FindEvidenceAsync(context, evidenceId, http.RequestAborted);
        var leaf = SelfAssessedLeaf(context, record.CriterionCode);
        RequireEditable(context, leaf.Criterion.Code);
        if (context.LockReason is not null && record.UploadedAt <= (context.Submission?.At ?? context.Calendar.SelfAssessmentDue))
        {
            // The council judged round 1 on these files; in the window the unit adds, it does not take away.
            throw ProblemException.Conflict($"Tệp {record.FileName} đã nộp khi tự đánh giá, Hội đồng đã thẩm định trên tệp này; trong thời gian giải trình chỉ gỡ được tệp bổ sung.");
        }

        var saved = await assessments.RemoveEvidenceAsync(context.Year, context.UnitId, evidenceId, context.Viewer.Email, clock.GetUtcNow(), http.RequestAborted)
            ?? throw ProblemException.NotFound($"Tệp {record.FileName} đã được gỡ trước đó.");
        var files = (await assessments.GetCriterionStateAsync(context.Year, context.UnitId, leaf.Criterion.Code, http.RequestAborted)).Evidence;
        return ApiResults.Json(LeafWithAppraisal(context, leaf, saved, files), etag: saved.ETag);
    });

    /// <summary><c>GET …/criteria/{code}/history</c>: every change of a criterion, oldest first.</summary>
    public Task<IResult> GetCriterionHistory(HttpContext http, string year, string unitId, string code) => runner.RunAsync(http, async () =>
    {
        var context = await LoadAsync(http, year, unitId, Need.See);
        var criterion = SelfAssessedLeaf(context, code).Criterion;
        var historyTask = assessments.HistoryAsync(context.Year, context.UnitId, criterion.Code, http.RequestAborted);
        var trailTask = appraisals.DecisionTrailAsync(context.Year, context.UnitId, criterion.Code, http.RequestAborted);
        var stateTask = assessments.GetCriterionStateAsync(context.Year, context.UnitId, criterion.Code, http.RequestAborted);
        await Task.WhenAll(historyTask, trailTask, stateTask);
        var history = await historyTask;
        var state = await stateTask;
        var basis = AppraisalView.Basis(state.Criterion?.Answer, state.Evidence);
        var visibility = context.Visibility;
        var decisions = (await trailTask)
            .Where(decision => decision.Round == AppraisalRounds.First ? visibility.Round1 : visibility.Final)
            .OrderBy(decision => decision.At)
            .Select(decision => AppraisalView.Decision(decision, context.Council, basis) with { ETag = null })
            .ToList();
        return ApiResults.Json(new CriterionHistoryDto(criterion.Code, history.Select(entry => new HistoryEntryDto(
            entry.Revision,
            ProvinceTime.ToProvince(entry.At),
            entry.By,
            HistoryChangeName(entry.Change),
            entry.Old.SelfScore,
            entry.New.SelfScore,
            entry.Old.Explanation,
            entry.New.Explanation,
            entry.Old.Classified,
            entry.New.Classified,
            entry.EvidenceId,
            entry.FileName)).ToList(), decisions));
    });

    /// <summary><c>POST …/assessment/submit</c>: the unit head submits; from then on the self-assessment is locked .</summary>
    public Task<IResult> Submit(HttpContext http, string year, string unitId, DurableTaskClient durable) => runner.RunAsync(http, async () =>
    {
        var context = await LoadAsync(http, year, unitId, Need.Submit);
        RequireEditable(context, code: null);
        var (submission, created) = await assessments.SubmitAsync(context.Year, context.UnitId, context.Viewer.Email, clock.GetUtcNow(), http.RequestAborted);
        if (!created)
        {
            throw ProblemException.Conflict($"Đơn vị đã nộp bản tự đánh giá lúc {ProvinceTime.Format(submission.At)}.");
        }

        logger.LogInformation("Unit {UnitId} submitted its self-assessment for {Year}", context.UnitId, context.Year);

        // Submission ends the unit's self-assessment step now and starts its round 1 (the orchestration records it).
        await workflow.RaiseAsync(durable, WorkflowIds.Unit(context.Year, context.UnitId), WorkflowEvents.SelfAssessmentSubmitted, true, http.RequestAborted);
        var data = await assessments.GetAsync(context.Year, context.UnitId, http.RequestAborted);
        return ApiResults.Json(Form(context with { Submission = submission }, data, await otherIndices.UnitValuesAsync(context.Year, context.UnitId, http.RequestAborted)));
    });

    private enum Need
    {
        See,
        Edit,
        Submit,
    }

    /// <summary>Everything a request about one unit's self-assessment needs, read in parallel.</summary>
    private sealed record UnitContext(
        Viewer Viewer, EvaluationYear EvaluationYear, UnitRecord Unit, Catalogue Catalogue, Submission? Submission, DateTimeOffset Now,
        Council Council, UnitAppraisal Appraisal, FinalRelease? Release, bool AppraisalLoaded)
    {
        public int Year => EvaluationYear.Year;

        public string UnitId => Unit.Unit.UnitId;

        public YearCalendar Calendar => EvaluationYear.Setup.Calendar;

        public string? LockReason => SelfAssessmentRules.LockReason(Calendar, Unit.Phase, Submission, Now);

        public AppraisalVisibility Visibility =>
            AppraisalVisibility.For(IsOwnUnit(Viewer, UnitId), Calendar, Now, Release, EvaluationYear.Phase);
    }

    private async Task<UnitContext> LoadAsync(HttpContext http, string year, string unitId, Need need)
    {
        var number = PathValues.Year(year);
        var id = PathValues.UnitId(unitId);
        var cancel = http.RequestAborted;
        var viewerTask = access.RequireSignedInAsync(http);
        var yearTask = years.GetAsync(number, cancel);
        var unitTask = units.GetAsync(number, id, cancel);
        var submissionTask = assessments.GetSubmissionAsync(number, id, cancel);
        // The council's work matters to a read, and to an edit only once the self-assessment is closed (the window):
        // the busy path, drafts while it is open, skips those reads.
        var councilWork = need == Need.See ? ReadCouncilWorkAsync(number, id, cancel) : null;
        await Task.WhenAll(viewerTask, yearTask, unitTask, submissionTask);

        var viewer = await viewerTask;
        var unit = (await unitTask)?.Value;
        var evaluationYear = (await yearTask)?.Value;
        if (evaluationYear is null || unit is null)
        {
            throw ProblemException.NotFound(evaluationYear is null
                ? $"Chưa có năm đánh giá {number}."
                : $"Năm {number} không có cơ quan, đơn vị \"{id}\".");
        }

        if (need != Need.See)
        {
            YearFreeze.Ensure(evaluationYear);
        }

        var submission = await submissionTask;
        var now = clock.GetUtcNow();
        var locked = SelfAssessmentRules.LockReason(evaluationYear.Setup.Calendar, unit.Phase, submission, now) is not null;
        Authorize(viewer, unit, need, locked);
        var (council, appraisal, release, loaded) = councilWork is not null ? await councilWork
            : locked ? await ReadCouncilWorkAsync(number, id, cancel)
            : (Council.Default, UnitAppraisal.Empty, null, false);
        var catalogue = await catalogues.GetAsync(number, unit.Unit.Type, cancel)
            ?? throw ProblemException.Conflict($"Năm {number} chưa có bộ chỉ số {unit.Unit.Type} cho {unit.Unit.Name}; Tổ công tác cần nạp bộ chỉ số trước.");
        return new UnitContext(viewer, evaluationYear, unit, catalogue, submission, now, council, appraisal, release, loaded);
    }

    private async Task<(Council Council, UnitAppraisal Appraisal, FinalRelease? Release, bool Loaded)> ReadCouncilWorkAsync(int year, string unitId, CancellationToken cancellationToken)
    {
        var councilTask = councils.GetAsync(year, cancellationToken);
        var appraisalTask = appraisals.GetAsync(year, unitId, cancellationToken);
        var releaseTask = councils.GetFinalReleaseAsync(year, cancellationToken);
        await Task.WhenAll(councilTask, appraisalTask, releaseTask);
        return ((await councilTask).Value, await appraisalTask, await releaseTask, true);
    }

    /// <summary>
    /// a unit's staff and head see and edit only their unit, and only the head submits. The working group sees
    /// every unit; appraisers see a unit's self-assessment once it is closed (submitted or past the deadline) —
    /// never its drafts.
    /// </summary>
    private static void Authorize(Viewer viewer, UnitRecord unit, Need need, bool locked)
    {
        var person = viewer.Person;
        var ownUnit = IsOwnUnit(viewer, unit.Unit.UnitId);
        var allowed = need switch
        {
            Need.Submit => ownUnit && person!.Role == Role.UnitHead,
            Need.Edit => ownUnit,
            _ => ownUnit || viewer.IsWorkingGroup || (person?.Role == Role.Appraiser && locked),
        };
        if (allowed)
        {
            return;
        }

        throw ProblemException.Forbidden(need switch
        {
            Need.Submit when ownUnit => $"Chỉ thủ trưởng {unit.Unit.Name} mới được nộp bản tự đánh giá. Tài khoản {viewer.Email} là: {viewer.RoleName}.",
            Need.See when person?.Role == Role.Appraiser => $"Hội đồng thẩm định chỉ xem bản tự đánh giá của {unit.Unit.Name} sau khi đơn vị nộp hoặc hết hạn tự đánh giá.",
            _ => $"Tài khoản {viewer.Email} ({viewer.RoleName}) không thuộc {unit.Unit.Name}, nên không được xem hoặc sửa bản tự đánh giá của đơn vị này.",
        });
    }

    /// <summary>The caller is staff or head of this unit.</summary>
    private static bool IsOwnUnit(Viewer viewer, string unitId) =>
        viewer.Person is { Role: Role.UnitStaff or Role.UnitHead } person && person.UnitId == unitId;

    /// <summary>
    /// Self-assessment edits while it is open; after round 1, only the questioned criteria while the explanation
    /// window is open, by the unit head. <paramref name="code"/> null: an action on the whole form.
    /// </summary>
    private static void RequireEditable(UnitContext context, string? code)
    {
        if (context.LockReason is not { } reason)
        {
            return;
        }

        if (code is not null && context.Now >= context.Calendar.AppraisalRound1Due)
        {
            var round1 = context.Appraisal.Decision(code, AppraisalRounds.First);
            var refusal = AppraisalRules.ExplanationRefusal(context.Calendar, context.Now, code, round1?.Kind);
            if (refusal is null)
            {
                if (context.Viewer.Person?.Role != Role.UnitHead)
                {
                    throw ProblemException.Forbidden($"Trong thời gian giải trình, thủ trưởng {context.Unit.Unit.Name} (hoặc người được giao quyền thủ trưởng) bổ sung giải trình và tài liệu kiểm chứng.");
                }

                return;
            }

            reason = refusal;
        }

        throw new ProblemException(StatusCodes.Status409Conflict, "Bản tự đánh giá đã khóa", reason);
    }

    /// <summary>In the window the unit defends its self-score (Art. 5.1.b): it may keep or lower it, not raise it.</summary>
    private static void RequireScoreKeptInWindow(UnitContext context, Criterion criterion, CriterionAnswer answer)
    {
        if (context.LockReason is null || context.Appraisal.Decision(criterion.Code, AppraisalRounds.First) is not { } round1)
        {
            return;
        }

        var before = round1.Basis.SelfScore ?? 0m;
        if ((answer.SelfScore ?? 0m) > before)
        {
            throw ProblemException.Invalid(new Dictionary<string, string[]>
            {
                ["selfScore"] = [$"Trong thời gian giải trình chỉ được giữ hoặc hạ điểm tự chấm của {criterion.Code} (đã chấm {Domain.Common.ScoreText.Format(before)} khi Hội đồng thẩm định lần 1)."],
            });
        }
    }

    private static AssessmentItemDto LeafWithAppraisal(UnitContext context, CriterionEntry leaf, CriterionRecord? record, IReadOnlyList<EvidenceRecord> files) =>
        AssessmentView.Leaf(context.Year, context.UnitId, leaf.Criterion, leaf.Depth, record, files) with
        {
            Appraisal = context.AppraisalLoaded ? Appraise(context, leaf, record, files) : null,
        };

    private static CriterionAppraisalDto Appraise(UnitContext context, CriterionEntry leaf, CriterionRecord? record, IReadOnlyList<EvidenceRecord> files)
    {
        var entry = context.Catalogue.Entries(context.Council.AssignmentsOf(context.Catalogue.IndexSet)).First(item => item.Criterion.Code == leaf.Criterion.Code);
        return AppraisalView.Criterion(entry, context.Unit.Unit, context.Council, record?.Answer, files, context.Appraisal, context.Visibility, context.Calendar, context.Now);
    }

    /// <summary>The leaf the unit scores itself, found once with its place (depth) in the tree.</summary>
    private static CriterionEntry SelfAssessedLeaf(UnitContext context, string code)
    {
        var clean = VietnameseText.Clean(code) ?? string.Empty;
        var entry = context.Catalogue.Find(clean)
            ?? throw ProblemException.NotFound($"Bộ chỉ số {context.Catalogue.IndexSet} năm {context.Year} không có tiêu chí \"{clean}\".");
        if (!entry.Criterion.IsLeaf)
        {
            throw ProblemException.Invalid(new Dictionary<string, string[]> { ["code"] = [$"Tiêu chí {clean} gồm các tiêu chí thành phần; hãy chấm điểm từng tiêu chí thành phần."] });
        }

        if (!SelfAssessmentRules.IsSelfAssessed(entry.Section.Kind))
        {
            throw ProblemException.Invalid(new Dictionary<string, string[]> { ["code"] = [$"Tiêu chí {clean} thuộc mục {entry.Section.Code}, do {WhoScores(entry.Section.Kind)} chấm; đơn vị không tự chấm."] });
        }

        if (OtherIndexView.NotScoredHere(entry, "đơn vị không tự chấm") is { } importedOnly)
        {
            throw ProblemException.Conflict(importedOnly);
        }

        return entry;
    }

    private static string WhoScores(SectionKind kind) => kind switch
    {
        SectionKind.Survey => "kết quả điều tra xã hội học",
        SectionKind.Leaders => "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
        _ => "Hội đồng thẩm định",
    };

    private static WritePrecondition Precondition(HttpRequest request)
    {
        if (RequestReader.IfMatch(request) is { } etag)
        {
            return WritePrecondition.Version(etag);
        }

        return request.Headers.IfNoneMatch.ToString().Trim() == "*" ? WritePrecondition.NotYetSaved : WritePrecondition.Any;
    }

    /// <summary>
    /// <see cref="LoadAsync"/> with the criterion's row and files read at the same time: a save is then one more
    /// read (the catalogue's index row) and one transaction. A refusal (401, 403, 404) wins over anything the
    /// criterion read ran into, and nothing of the criterion is answered before the rights are checked.
    /// </summary>
    private async Task<(UnitContext Context, CriterionState State)> LoadWithCriterionAsync(HttpContext http, string year, string unitId, string code, Need need)
    {
        var state = assessments.GetCriterionStateAsync(PathValues.Year(year), PathValues.UnitId(unitId), VietnameseText.Clean(code) ?? string.Empty, http.RequestAborted);
        var context = LoadAsync(http, year, unitId, need);
        try
        {
            await Task.WhenAll(context, state);
        }
        catch when (context.IsFaulted)
        {
            await context;
        }

        return (await context, await state);
    }

    private async Task<EvidenceRecord> FindEvidenceAsync(UnitContext context, string evidenceId, CancellationToken cancellationToken)
    {
        var id = evidenceId.Length is > 0 and <= 64 && evidenceId.All(char.IsAsciiLetterOrDigit) ? evidenceId : null;
        return (id is null ? null : await assessments.GetEvidenceAsync(context.Year, context.UnitId, id, cancellationToken))
            ?? throw ProblemException.NotFound($"Không có tệp kiểm chứng \"{evidenceId}\" của {context.Unit.Unit.Name}.");
    }

    private AssessmentDto Form(UnitContext context, UnitAssessment data, IReadOnlyDictionary<string, OtherIndexValueRecord> indexValues)
    {
        var visibility = context.Visibility;
        var sections = AssessmentView.Sections(context.Year, context.UnitId, context.Catalogue, data,
            (entry, record, files) => AppraisalView.Criterion(entry, context.Unit.Unit, context.Council, record?.Answer, files, context.Appraisal, visibility, context.Calendar, context.Now),
            context.Council.AssignmentsOf(context.Catalogue.IndexSet), indexValues);
        var penalties = AppraisalView.Penalties(context.Catalogue, context.Unit.Unit, context.Council, visibility.Round1 ? context.Appraisal : UnitAppraisal.Empty);
        var summary = AppraisalView.Summary(context.Calendar, context.Now, visibility, sections, penalties);
        var canExplain = IsOwnUnit(context.Viewer, context.UnitId) && context.Viewer.Person!.Role == Role.UnitHead && summary.ExplanationWindowOpen && summary.QuestionedCount > 0;
        var person = context.Viewer.Person;
        var ownUnit = IsOwnUnit(context.Viewer, context.UnitId);
        var lockReason = context.LockReason;
        var submission = context.Submission;
        return new AssessmentDto(
            context.Year,
            context.UnitId,
            context.Unit.Unit.Name,
            context.Unit.Unit.Type,
            context.Catalogue.IndexSet,
            context.Catalogue.Title,
            EvaluationPhaseNames.ApiName(context.Unit.Phase),
            EvaluationPhaseNames.Vietnamese(context.Unit.Phase),
            ProvinceTime.ToProvince(context.EvaluationYear.Setup.Calendar.SelfAssessmentDue),
            ProvinceTime.FormatDeadline(context.EvaluationYear.Setup.Calendar.SelfAssessmentDue),
            lockReason is null,
            lockReason,
            submission is null ? null : new SubmissionDto(submission.By, ProvinceTime.ToProvince(submission.At)),
            new AssessmentViewerDto(
                context.Viewer.Email,
                context.Viewer.DisplayName,
                context.Viewer.IsWorkingGroup ? Roles.ApiName(Role.WorkingGroup) : person is null ? string.Empty : Roles.ApiName(person.Role),
                context.Viewer.RoleName,
                ownUnit && lockReason is null,
                ownUnit && person!.Role == Role.UnitHead && lockReason is null,
                canExplain),
            new EvidenceLimitsDto(evidence.MaxFileBytes, evidence.AcceptedTypes),
            sections,
            AssessmentView.Totals(sections),
            summary);
    }

    private static string HistoryChangeName(HistoryChange change) => change switch
    {
        HistoryChange.EvidenceAdded => "evidenceAdded",
        HistoryChange.EvidenceRemoved => "evidenceRemoved",
        _ => "saved",
    };

    /// <summary>Checks the request is a multipart upload within the size bound, before reading any of it.</summary>
    private MultipartReader OpenMultipart(HttpContext http)
    {
        // A larger read buffer than the default 4 KB: fewer boundary scans and reads per megabyte of file.
        var reader = MultipartUpload.Open(
            http, evidence.MaxFileBytes, "Tệp kiểm chứng phải được gửi dạng multipart/form-data, trường \"file\".", TooLarge, bufferSize: 64 * 1024);

        // Kestrel's default request limit (30 MB) is below the evidence limit; raise it for this request only.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = evidence.MaxFileBytes + MultipartUpload.Overhead;
        }

        return reader;
    }

    /// <summary>
    /// Streams the "file" part to the blob, never holding it in memory. An optional "size" part before it declares
    /// the file's size in bytes (the form sends it), which lets the file go to storage in one request.
    /// </summary>
    private async Task<(string FileName, StoredFile Stored)> ReceiveFileAsync(HttpContext http, MultipartReader reader, string blobName, UnitContext context)
    {
        long? declaredSize = null;
        try
        {
            return await MultipartUpload.ReceiveFileAsync(
                http,
                reader,
                async (fileName, body) =>
                {
                    var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["uploadedby"] = context.Viewer.Email,
                        ["filename"] = Uri.EscapeDataString(fileName),
                        ["unit"] = context.UnitId,
                    };
                    return (fileName, await evidence.UploadAsync(blobName, body, declaredSize, metadata, http.RequestAborted));
                },
                TooLarge,
                new Dictionary<string, Action<string?>>(StringComparer.Ordinal) { ["size"] = text => declaredSize = DeclaredSize(text) });
        }
        catch (EvidenceRejectedException ex)
        {
            throw ex.Reason switch
            {
                EvidenceRejection.TooLarge => new ProblemException(413, "Tệp quá lớn", ex.Message),
                EvidenceRejection.UnsupportedType => new ProblemException(415, "Loại tệp không được chấp nhận", ex.Message),
                EvidenceRejection.LengthMismatch => ProblemException.BadRequest("size", ex.Message),
                _ => ProblemException.BadRequest("file", ex.Message),
            };
        }
    }

    private static long DeclaredSize(string? text) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && size > 0
            ? size
            : throw ProblemException.BadRequest("size", "Trường \"size\" phải là kích thước tệp tính bằng byte (số nguyên dương).");

    private ProblemException TooLarge() =>
        new(413, "Tệp quá lớn", $"Tệp vượt quá dung lượng tối đa {EvidenceStore.FormatBytes(evidence.MaxFileBytes)}. Hãy tách tài liệu hoặc giảm độ phân giải bản quét.");
}
