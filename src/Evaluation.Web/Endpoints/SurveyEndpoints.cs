using System.Text.Json;
using System.Text.RegularExpressions;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using Evaluation.Domain.Survey;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Notifications;
using Evaluation.Infrastructure.Storage;
using Evaluation.Infrastructure.Survey;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evaluation.Web.Endpoints;

/// <summary>
/// The survey (R-4): the questionnaire of each index set, the respondents, the online one-time ballot, ballots typed
/// in from paper, re-verification and each unit's section V with its inputs. The spreadsheet template and import are
/// in <see cref="SurveyImportEndpoints"/>. Everything is the working group's, except the respondent's own ballot,
/// which the personal link's token opens (header <see cref="TokenHeader"/>) without an account.
/// </summary>
public sealed partial class SurveyEndpoints(
    EndpointRunner runner,
    Access access,
    YearStore years,
    UnitStore units,
    CatalogueStore catalogues,
    SurveyStore survey,
    SurveyResults results,
    SurveyLinks links,
    SiteAddress site,
    NotificationLedger ledger,
    INotifier notifier,
    TimeProvider clock,
    ILogger<SurveyEndpoints> logger)
{
    public const string TokenHeader = "X-Survey-Token";
    public const int MaxRespondentsPerRequest = 2000;
    public const int MaxTypedBallotsPerRequest = 100;
    private const long RespondentsBody = 1024 * 1024;

    // ---- Questionnaire (R-4.4: the conversion rule is stored with the catalogue) ----

    public Task<IResult> GetQuestionnaire(HttpContext http, string year, string indexSet) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "xem bảng câu hỏi khảo sát");
        var (_, catalogue) = await LoadCatalogueAsync(PathValues.Year(year), PathValues.IndexSet(indexSet), http.RequestAborted);
        return await QuestionnaireAsync(catalogue, http.RequestAborted);
    });

    public Task<IResult> PutQuestionnaire(HttpContext http, string year, string indexSet) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "lưu bảng câu hỏi khảo sát");
        var (evaluationYear, catalogue) = await LoadCatalogueAsync(PathValues.Year(year), PathValues.IndexSet(indexSet), http.RequestAborted);
        YearFreeze.Ensure(evaluationYear);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.CatalogueBody);
        var (questionnaire, errors) = QuestionnaireReader.Read(body.RootElement, catalogue);
        if (questionnaire is null)
        {
            throw ProblemException.Invalid(errors.ToDictionary(), $"Bảng câu hỏi có {errors.Count} lỗi cần sửa; chưa lưu gì.");
        }

        var answered = await BallotsOfIndexSetAsync(evaluationYear.Year, catalogue.IndexSet, http.RequestAborted);
        if (answered > 0)
        {
            throw ProblemException.Conflict($"Đã có {answered} phiếu khảo sát của bộ chỉ số {catalogue.IndexSet}; không thể sửa bảng câu hỏi vì các phiếu đã trả lời theo bảng câu hỏi hiện tại.");
        }

        try
        {
            await survey.SaveQuestionnaireAsync(questionnaire, viewer.Email, clock.GetUtcNow(), RequestReader.IfMatch(http.Request), http.RequestAborted);
        }
        catch (StaleWriteException)
        {
            throw ProblemException.Stale();
        }

        logger.LogInformation("Questionnaire {Year}/{IndexSet} saved by {By}: {Questions} questions", evaluationYear.Year, catalogue.IndexSet, viewer.Email, questionnaire.Questions.Count);
        return await QuestionnaireAsync(catalogue, http.RequestAborted);
    });

    // ---- Respondents ----

    public Task<IResult> GetRespondents(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "xem danh sách người được khảo sát");
        var yearNumber = PathValues.Year(year);
        await RequireYearAsync(yearNumber, http.RequestAborted);
        var unitFilter = http.Request.Query["unitId"].ToString();
        var respondentsTask = survey.RespondentsAsync(yearNumber, http.RequestAborted);
        var ballots = (await survey.BallotsAsync(yearNumber, http.RequestAborted)).ToDictionary(ballot => ballot.RespondentCode, StringComparer.Ordinal);
        var list = (await respondentsTask)
            .Where(respondent => unitFilter.Length == 0 || respondent.UnitId == unitFilter)
            .OrderBy(respondent => respondent.UnitId, StringComparer.Ordinal).ThenBy(respondent => respondent.Group, StringComparer.Ordinal)
            .ThenBy(respondent => respondent.Code, StringComparer.Ordinal)
            .Select(respondent => Respondent(respondent, ballots.GetValueOrDefault(respondent.Code)))
            .ToList();
        return ApiResults.Json(new RespondentsDto(yearNumber, list.Count, list));
    });

    /// <summary>
    /// <c>POST …/survey/respondents</c> <c>{ "respondents": [ { "code", "unitId", "group", "name", "phone", "email", "organisation" } ] }</c>:
    /// registers or corrects respondents (all or nothing). A respondent who has answered keeps their unit and group.
    /// </summary>
    public Task<IResult> PostRespondents(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "đăng ký người được khảo sát");
        var yearNumber = PathValues.Year(year);
        var evaluationYear = await RequireYearAsync(yearNumber, http.RequestAborted);
        YearFreeze.Ensure(evaluationYear);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RespondentsBody);
        var unitList = await units.ListAsync(yearNumber, http.RequestAborted);
        var groupsByType = new Dictionary<string, IReadOnlyList<RespondentGroup>>(StringComparer.Ordinal);
        foreach (var type in unitList.Select(unit => unit.Unit.Type).Distinct(StringComparer.Ordinal))
        {
            groupsByType[type] = await GroupsOfAsync(yearNumber, type, http.RequestAborted);
        }

        var existing = (await survey.RespondentsAsync(yearNumber, http.RequestAborted)).ToDictionary(r => r.Code, StringComparer.Ordinal);
        var ballots = (await survey.BallotsAsync(yearNumber, http.RequestAborted)).ToDictionary(b => b.RespondentCode, StringComparer.Ordinal);
        var errors = new ValidationErrors();
        var respondents = ReadRespondents(body.RootElement, unitList.ToDictionary(u => u.Unit.UnitId, u => u.Unit, StringComparer.Ordinal), groupsByType, errors);
        foreach (var (respondent, index) in respondents.Select((r, i) => (r, i)))
        {
            if (ballots.ContainsKey(respondent.Code) && existing.GetValueOrDefault(respondent.Code) is { } before
                && (before.UnitId != respondent.UnitId || before.Group != respondent.Group))
            {
                errors.Add($"respondents[{index}]", $"{respondent.Code} ({before.Name}) đã trả lời phiếu về đơn vị {before.UnitId}, nhóm {before.Group}; không thể đổi đơn vị hay nhóm.");
            }
        }

        if (existing.Count + respondents.Count(r => !existing.ContainsKey(r.Code)) > SurveyStore.MaxRespondentsPerYear)
        {
            errors.Add("respondents", $"Một năm đánh giá có tối đa {SurveyStore.MaxRespondentsPerYear} người được khảo sát.");
        }

        if (!errors.IsEmpty)
        {
            throw ProblemException.Invalid(errors.ToDictionary(), $"Danh sách có {errors.Count} lỗi cần sửa; chưa lưu người nào.");
        }

        await survey.SaveRespondentsAsync(yearNumber, respondents, viewer.Email, clock.GetUtcNow(), http.RequestAborted);
        logger.LogInformation("Survey {Year}: {Count} respondents registered by {By}", yearNumber, respondents.Count, viewer.Email);
        var saved = respondents.Select(respondent => Respondent(respondent, ballots.GetValueOrDefault(respondent.Code))).ToList();
        return ApiResults.Json(new RespondentsDto(yearNumber, saved.Count, saved));
    });

    // ---- Personal links (R-4.2) ----

    public Task<IResult> CreateLink(HttpContext http, string year, string code) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "tạo đường liên kết phiếu khảo sát");
        var yearNumber = PathValues.Year(year);
        var evaluationYear = await RequireYearAsync(yearNumber, http.RequestAborted);
        YearFreeze.Ensure(evaluationYear);
        var respondent = await survey.RespondentAsync(yearNumber, RespondentCode(code), http.RequestAborted)
            ?? throw ProblemException.NotFound($"Không có người được khảo sát mã \"{code}\" trong năm {yearNumber}.");
        if (await survey.BallotAsync(yearNumber, respondent.Code, http.RequestAborted) is { } answered)
        {
            throw ProblemException.Conflict($"{respondent.Name} ({respondent.Code}) đã trả lời phiếu lúc {ProvinceTime.Format(answered.At)}; không cần đường liên kết nữa.");
        }

        return ApiResults.Json(await LinkAsync(evaluationYear, respondent, http.RequestAborted));
    });

    /// <summary><c>POST …/survey/invitations</c> <c>{ "unitId" }</c>: e-mails each unanswered respondent of the unit their link, once.</summary>
    public Task<IResult> SendInvitations(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "gửi phiếu khảo sát");
        var yearNumber = PathValues.Year(year);
        var evaluationYear = await RequireYearAsync(yearNumber, http.RequestAborted);
        YearFreeze.Ensure(evaluationYear);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.SmallBody);
        var errors = new ValidationErrors();
        var unitId = new BodyFields(body.RootElement, errors, ["unitId"]).RequiredText("unitId", "Mã đơn vị (unitId)", UnitIds.MaxLength);
        if (unitId is null || !errors.IsEmpty)
        {
            throw ProblemException.Invalid(errors.ToDictionary());
        }

        var unit = await UnitAsync(yearNumber, unitId, http.RequestAborted);
        var ballots = (await survey.BallotsAsync(yearNumber, http.RequestAborted)).Select(b => b.RespondentCode).ToHashSet(StringComparer.Ordinal);
        var respondents = (await survey.RespondentsAsync(yearNumber, http.RequestAborted)).Where(r => r.UnitId == unitId).ToList();
        var noEmail = respondents.Where(r => r.Email is null && !ballots.Contains(r.Code)).Select(r => r.Code).ToList();
        var toInvite = respondents.Where(r => r.Email is not null && !ballots.Contains(r.Code)).ToList();
        var sent = 0;
        foreach (var respondent in toInvite)
        {
            var link = await LinkAsync(evaluationYear, respondent, http.RequestAborted);
            var subject = $"Phiếu khảo sát về {unit.Name} năm {yearNumber}";
            var html = InvitationHtml(respondent, unit, link);
            if (await ledger.SendOnceAsync(
                yearNumber, $"survey-invitation|{respondent.Code}", "mail", respondent.Email!, subject,
                messageId => notifier.SendMailAsync(new MailMessage(respondent.Email!, subject, html, messageId), http.RequestAborted),
                http.RequestAborted))
            {
                sent++;
            }
        }

        logger.LogInformation("Survey {Year}: invitations for {UnitId}: {Sent} sent, {AlreadySent} sent before, {NoEmail} without e-mail",
            yearNumber, unitId, sent, toInvite.Count - sent, noEmail.Count);
        return ApiResults.Json(new InvitationsDto(unitId, sent, toInvite.Count - sent, respondents.Count - toInvite.Count - noEmail.Count, noEmail));
    });

    // ---- The respondent's ballot, through the link ----

    public Task<IResult> GetBallot(HttpContext http, string year, string code) => runner.RunAsync(http, async () =>
    {
        var (evaluationYear, respondent, expires) = await AuthorizeBallotAsync(http, PathValues.Year(year), RespondentCode(code));
        var unit = await UnitAsync(evaluationYear.Year, respondent.UnitId, http.RequestAborted);
        var questionnaire = await QuestionnaireOfAsync(evaluationYear.Year, unit, http.RequestAborted);
        var ballot = await survey.BallotAsync(evaluationYear.Year, respondent.Code, http.RequestAborted);
        return ApiResults.Json(Ballot(evaluationYear, respondent, unit, questionnaire, ballot, expires));
    });

    /// <summary><c>PUT …/survey/ballots/{code}</c> <c>{ "answers": { "C1": "A", … } }</c> through the link: recorded once (R-4.2).</summary>
    public Task<IResult> PutBallot(HttpContext http, string year, string code) => runner.RunAsync(http, async () =>
    {
        var token = http.Request.Headers[TokenHeader].ToString();
        if (string.IsNullOrWhiteSpace(token))
        {
            throw ProblemException.Forbidden("Chỉ người được khảo sát, qua đường liên kết riêng, mới trả lời được phiếu này. Tổ công tác nhập phiếu giấy tại trang khảo sát của đơn vị.");
        }

        var (evaluationYear, respondent, expires) = await AuthorizeBallotAsync(http, PathValues.Year(year), RespondentCode(code));
        YearFreeze.Ensure(evaluationYear);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.SmallBody);
        var answers = ReadAnswers(body.RootElement, "answers");
        var unit = await UnitAsync(evaluationYear.Year, respondent.UnitId, http.RequestAborted);
        var questionnaire = await QuestionnaireOfAsync(evaluationYear.Year, unit, http.RequestAborted);
        var ballot = await RecordAsync(evaluationYear.Year, questionnaire, respondent.Code, respondent, answers, BallotSource.Online, $"link:{respondent.Code}", http.RequestAborted);
        logger.LogInformation("Survey {Year}: ballot of {Respondent} about {UnitId} answered online", evaluationYear.Year, respondent.Code, respondent.UnitId);
        return ApiResults.Json(Ballot(evaluationYear, respondent, unit, questionnaire, ballot, expires), status: StatusCodes.Status201Created);
    });

    // ---- Re-verification (R-4.3) ----

    /// <summary><c>PUT …/survey/ballots/{code}/verification</c> <c>{ "method": "phone"|"direct", "confirmed": bool, "note" }</c>.</summary>
    public Task<IResult> PutVerification(HttpContext http, string year, string code) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "ghi kết quả phúc tra phiếu khảo sát");
        var yearNumber = PathValues.Year(year);
        var evaluationYear = await RequireYearAsync(yearNumber, http.RequestAborted);
        YearFreeze.Ensure(evaluationYear);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.SmallBody);
        var errors = new ValidationErrors();
        var fields = new BodyFields(body.RootElement, errors, ["method", "confirmed", "note"]);
        var methodText = fields.RequiredText("method", "Hình thức phúc tra (method)", 16);
        ReverificationMethod? method = methodText switch
        {
            "phone" => ReverificationMethod.Phone,
            "direct" => ReverificationMethod.Direct,
            null => null,
            _ => null,
        };
        if (methodText is not null && method is null)
        {
            errors.Add("method", "Hình thức phúc tra phải là \"direct\" (gặp trực tiếp) hoặc \"phone\" (qua điện thoại).");
        }

        bool? confirmed = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("confirmed", out var c)
            && c.ValueKind is JsonValueKind.True or JsonValueKind.False ? c.GetBoolean() : null;
        if (confirmed is null)
        {
            errors.Add("confirmed", "Cần ghi kết quả phúc tra: \"confirmed\": true (người trả lời xác nhận đã trực tiếp trả lời phiếu) hoặc false (không xác nhận).");
        }

        var note = fields.OptionalText("note", "Ghi chú", 1000);
        if (confirmed == false && note is null)
        {
            errors.Add("note", "Phúc tra không đạt: cần ghi rõ lý do (ví dụ \"người được khảo sát không trực tiếp trả lời phiếu\").");
        }

        if (!errors.IsEmpty)
        {
            throw ProblemException.Invalid(errors.ToDictionary());
        }

        var check = new Reverification(method!.Value, confirmed!.Value, note, clock.GetUtcNow(), viewer.Email);
        var updated = await survey.AddCheckAsync(yearNumber, RespondentCode(code), check, http.RequestAborted)
            ?? throw ProblemException.NotFound($"Người được khảo sát \"{code}\" chưa có phiếu; chỉ phúc tra được phiếu đã trả lời.");
        logger.LogInformation("Survey {Year}: ballot of {Respondent} re-verified by {By}: confirmed {Confirmed}", yearNumber, updated.RespondentCode, viewer.Email, check.Confirmed);
        var respondent = await survey.RespondentAsync(yearNumber, updated.RespondentCode, http.RequestAborted);
        return ApiResults.Json(BallotRow(updated, respondent));
    });

    // ---- Each unit's section V (R-4.4) ----

    public Task<IResult> GetUnitSurvey(HttpContext http, string year, string unitId) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireSignedInAsync(http);
        var id = PathValues.UnitId(unitId);
        if (!viewer.IsWorkingGroup && viewer.Person?.UnitId != id)
        {
            throw ProblemException.Forbidden($"Chỉ Tổ công tác và chính đơn vị mới xem được kết quả khảo sát của đơn vị. Tài khoản {viewer.Email} là: {viewer.RoleName}.");
        }

        return ApiResults.Json(await UnitSurveyAsync(PathValues.Year(year), id, withBallots: viewer.IsWorkingGroup, http.RequestAborted));
    });

    /// <summary>
    /// <c>PUT …/units/{unitId}/survey</c> <c>{ "ballots": [ { "respondent", "answers": { … } } ] }</c>: paper ballots typed in by the
    /// working group (API.md: "per-ballot data"); all are checked like any ballot and recorded only if all are valid.
    /// </summary>
    public Task<IResult> PutUnitSurvey(HttpContext http, string year, string unitId) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "nhập phiếu khảo sát");
        var yearNumber = PathValues.Year(year);
        var id = PathValues.UnitId(unitId);
        var evaluationYear = await RequireYearAsync(yearNumber, http.RequestAborted);
        YearFreeze.Ensure(evaluationYear);
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.CatalogueBody);
        var questionnaire = await QuestionnaireOfAsync(yearNumber, await UnitAsync(yearNumber, id, http.RequestAborted), http.RequestAborted);
        var entries = ReadTypedBallots(body.RootElement);
        var respondents = (await survey.RespondentsAsync(yearNumber, http.RequestAborted)).ToDictionary(r => r.Code, StringComparer.Ordinal);
        var answered = (await survey.BallotsAsync(yearNumber, http.RequestAborted)).ToDictionary(b => b.RespondentCode, b => b.At, StringComparer.Ordinal);
        var errors = new ValidationErrors();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var checkedEntries = new List<(SurveyRespondent Respondent, BallotCheck Check)>();
        foreach (var (entry, index) in entries.Select((e, i) => (e, i)))
        {
            var respondent = respondents.GetValueOrDefault(entry.Respondent);
            var check = BallotRules.Check(questionnaire, entry.Respondent, respondent, id, null, entry.Answers, answered.TryGetValue(entry.Respondent, out var at) ? at : null);
            foreach (var problem in check.Problems)
            {
                errors.Add($"ballots[{index}]", problem);
            }

            if (!seen.Add(entry.Respondent))
            {
                errors.Add($"ballots[{index}]", $"Phiếu của {entry.Respondent} được nhập hai lần trong cùng một lần lưu.");
            }

            if (respondent is not null && check.IsValid)
            {
                checkedEntries.Add((respondent, check));
            }
        }

        if (!errors.IsEmpty)
        {
            throw ProblemException.Invalid(errors.ToDictionary(), $"Có {errors.Count} lỗi; chưa lưu phiếu nào.");
        }

        var now = clock.GetUtcNow();
        var lost = new List<string>();
        foreach (var (respondent, check) in checkedEntries)
        {
            if (!await survey.AddBallotAsync(yearNumber, new SurveyBallot(respondent.Code, id, respondent.Group, check.Answers, BallotSource.Entered, now, viewer.Email, []), http.RequestAborted))
            {
                lost.Add(respondent.Code);
            }
        }

        logger.LogInformation("Survey {Year}: {Count} paper ballots about {UnitId} typed in by {By}", yearNumber, checkedEntries.Count - lost.Count, id, viewer.Email);
        if (lost.Count > 0)
        {
            throw ProblemException.Conflict($"Phiếu của {string.Join(", ", lost)} vừa được trả lời qua đường liên kết nên không nhập lại; các phiếu còn lại đã được lưu.");
        }

        return ApiResults.Json(await UnitSurveyAsync(yearNumber, id, withBallots: true, http.RequestAborted));
    });

    public Task<IResult> GetOverview(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "xem kết quả khảo sát");
        var yearNumber = PathValues.Year(year);
        var evaluationYear = await RequireYearAsync(yearNumber, http.RequestAborted);
        var (unitList, withCatalogue) = await UnitsWithCataloguesAsync(yearNumber, http.RequestAborted);
        var yearSurvey = await results.ReadAsync(yearNumber, withCatalogue, http.RequestAborted);
        var registered = (await survey.RespondentsAsync(yearNumber, http.RequestAborted)).ToLookup(r => r.UnitId, StringComparer.Ordinal);
        var lines = unitList.OrderBy(record => record.Unit.Type, StringComparer.Ordinal).ThenBy(record => record.Unit.Name, Codes.VietnameseNameOrder)
            .Select(record =>
            {
                var result = yearSurvey.Units.GetValueOrDefault(record.Unit.UnitId);
                return new SurveyUnitLineDto(
                    record.Unit.UnitId, record.Unit.Name, record.Unit.Type, yearSurvey.Questionnaires.ContainsKey(record.Unit.Type),
                    result?.Total ?? 0m, result?.QuotasMet ?? false, result?.Groups ?? [], registered[record.Unit.UnitId].Count());
            }).ToList();
        var missing = withCatalogue.Select(u => u.Catalogue.IndexSet).Distinct(StringComparer.Ordinal).Where(set => !yearSurvey.Questionnaires.ContainsKey(set)).Order(StringComparer.Ordinal).ToList();
        return ApiResults.Json(new SurveyOverviewDto(yearNumber, evaluationYear.IsPublished, missing, lines));
    });

    // ---- Shared steps ----

    private async Task<UnitSurveyDto> UnitSurveyAsync(int year, string unitId, bool withBallots, CancellationToken cancellationToken)
    {
        await RequireYearAsync(year, cancellationToken);
        var unit = await UnitAsync(year, unitId, cancellationToken);
        var catalogue = await catalogues.GetAsync(year, unit.Type, cancellationToken)
            ?? throw ProblemException.Conflict($"Năm {year} chưa có bộ chỉ số {unit.Type} cho {unit.Name}; Tổ công tác cần nạp bộ chỉ số trước.");
        var yearSurvey = await results.ReadAsync(year, [(unitId, catalogue)], cancellationToken);
        var result = yearSurvey.Units[unitId];
        IReadOnlyList<BallotRowDto>? ballots = null;
        if (withBallots)
        {
            var respondents = (await survey.RespondentsAsync(year, cancellationToken)).ToDictionary(r => r.Code, StringComparer.Ordinal);
            ballots = yearSurvey.Ballots.Where(b => b.UnitId == unitId).OrderBy(b => b.Group, StringComparer.Ordinal).ThenBy(b => b.RespondentCode, StringComparer.Ordinal)
                .Select(b => BallotRow(b, respondents.GetValueOrDefault(b.RespondentCode))).ToList();
        }

        return new UnitSurveyDto(
            year, unitId, unit.Name, unit.Type, yearSurvey.Questionnaires.ContainsKey(unit.Type), result.Total, result.MaxScore, result.QuotasMet,
            result.Groups, result.Criteria, ballots);
    }

    /// <summary>Checks and records one ballot; a refusal says why in Vietnamese (409 when already answered, else 422).</summary>
    private async Task<SurveyBallot> RecordAsync(
        int year, Questionnaire? questionnaire, string code, SurveyRespondent respondent, IReadOnlyDictionary<string, string?> answers,
        BallotSource source, string by, CancellationToken cancellationToken)
    {
        var existing = await survey.BallotAsync(year, code, cancellationToken);
        if (existing is not null)
        {
            throw AlreadyAnswered(existing);
        }

        var check = BallotRules.Check(questionnaire, code, respondent, null, null, answers, null);
        if (!check.IsValid)
        {
            throw ProblemException.Invalid(new Dictionary<string, string[]> { ["answers"] = [.. check.Problems] }, string.Join(" ", check.Problems));
        }

        var ballot = new SurveyBallot(code, respondent.UnitId, respondent.Group, check.Answers, source, clock.GetUtcNow(), by, []);
        if (!await survey.AddBallotAsync(year, ballot, cancellationToken))
        {
            // Answered at the same moment elsewhere (another tab, an import): the first one counts.
            throw AlreadyAnswered(await survey.BallotAsync(year, code, cancellationToken) ?? ballot);
        }

        return ballot;
    }

    private static ProblemException AlreadyAnswered(SurveyBallot existing) =>
        ProblemException.Conflict($"Phiếu khảo sát này đã được trả lời lúc {ProvinceTime.Format(existing.At)}; mỗi người chỉ trả lời một lần, câu trả lời đã ghi nhận không thay đổi.");

    private async Task<(EvaluationYear Year, SurveyRespondent Respondent, DateTimeOffset? Expires)> AuthorizeBallotAsync(HttpContext http, int year, string code)
    {
        var token = http.Request.Headers[TokenHeader].ToString();
        DateTimeOffset? expires = null;
        if (!string.IsNullOrWhiteSpace(token))
        {
            var check = await links.CheckAsync(token, year, http.RequestAborted);
            if (!check.IsValid)
            {
                throw ProblemException.Forbidden(check.Message!);
            }

            if (check.RespondentCode != code)
            {
                throw ProblemException.Forbidden("Đường liên kết này là phiếu của một người khác; mỗi người chỉ dùng được đường liên kết gửi riêng cho mình.");
            }

            expires = check.Expires;
        }
        else
        {
            await access.RequireWorkingGroupAsync(http, "xem phiếu khảo sát của người khác");
        }

        var evaluationYear = await RequireYearAsync(year, http.RequestAborted);
        var respondent = await survey.RespondentAsync(year, code, http.RequestAborted)
            ?? throw ProblemException.Forbidden("Người được khảo sát này không còn trong danh sách khảo sát; vui lòng liên hệ Sở Nội vụ.");
        return (evaluationYear, respondent, expires);
    }

    private static SurveyBallotDto Ballot(
        EvaluationYear year, SurveyRespondent respondent, Unit unit, Questionnaire? questionnaire, SurveyBallot? ballot, DateTimeOffset? expires)
    {
        var questions = (questionnaire?.QuestionsFor(respondent.Group) ?? [])
            .Select(q => new BallotQuestionDto(q.Code, q.Text, q.Options.Select(o => new BallotOptionDto(o.Code, o.Text)).ToList())).ToList();
        return new SurveyBallotDto(
            year.Year, respondent.Code, respondent.Name, respondent.Group, questionnaire?.Group(respondent.Group)?.Title ?? respondent.Group,
            respondent.UnitId, unit.Name, ballot is not null, ballot?.At, ballot is null ? null : ProvinceTime.Format(ballot.At),
            expires, expires is { } e ? ProvinceTime.Format(e) : null, questions, ballot?.Answers);
    }

    private async Task<SurveyLinkDto> LinkAsync(EvaluationYear year, SurveyRespondent respondent, CancellationToken cancellationToken)
    {
        // The survey feeds the ranking, which runs when leader scoring closes: links stop working then.
        var expires = year.Setup.Calendar.LeaderScoringDue;
        if (clock.GetUtcNow() >= expires)
        {
            throw ProblemException.Conflict($"Đã quá thời hạn khảo sát ({ProvinceTime.FormatDeadline(expires)}, khi kết thúc chấm điểm của lãnh đạo); không tạo được đường liên kết mới.");
        }

        var token = await links.CreateTokenAsync(year.Year, respondent.Code, expires, cancellationToken);
        return new SurveyLinkDto(respondent.Code, site.Link(SurveyLinks.PagePath(year.Year, token)), expires, ProvinceTime.FormatDeadline(expires));
    }

    private static string InvitationHtml(SurveyRespondent respondent, Unit unit, SurveyLinkDto link)
    {
        static string E(string text) => System.Net.WebUtility.HtmlEncode(text);
        return $"<p>Kính gửi Ông/Bà {E(respondent.Name)},</p>"
            + $"<p>Sở Nội vụ tỉnh Phú Thọ trân trọng đề nghị Ông/Bà cho ý kiến đánh giá về <b>{E(unit.Name)}</b> qua phiếu khảo sát trực tuyến "
            + "(khoảng 3 phút, dùng được trên điện thoại). Đường liên kết dành riêng cho Ông/Bà và chỉ trả lời được một lần:</p>"
            + $"<p><a href=\"{E(link.Url)}\">Mở phiếu khảo sát</a></p>"
            + $"<p>Hạn trả lời: {E(link.ExpiresText)}. Trân trọng cảm ơn.</p>";
    }

    private async Task<(EvaluationYear Year, Catalogue Catalogue)> LoadCatalogueAsync(int year, string indexSet, CancellationToken cancellationToken)
    {
        var evaluationYear = await RequireYearAsync(year, cancellationToken);
        var catalogue = await catalogues.GetAsync(year, indexSet, cancellationToken)
            ?? throw ProblemException.NotFound($"Năm {year} chưa có bộ chỉ số {indexSet}; cần nạp bộ chỉ số trước khi lập bảng câu hỏi.");
        return (evaluationYear, catalogue);
    }

    private async Task<IResult> QuestionnaireAsync(Catalogue catalogue, CancellationToken cancellationToken)
    {
        var stored = await survey.GetQuestionnaireAsync(catalogue.Year, catalogue.IndexSet, cancellationToken);
        var questionnaire = stored?.Questionnaire ?? SurveyDefaults.Draft(catalogue);
        var ballots = await BallotsOfIndexSetAsync(catalogue.Year, catalogue.IndexSet, cancellationToken);
        var locked = ballots > 0 ? $"Đã có {ballots} phiếu khảo sát trả lời theo bảng câu hỏi này; không thể sửa." : null;
        return ApiResults.Json(
            new QuestionnaireDto(catalogue.Year, catalogue.IndexSet, stored is null, questionnaire.Groups, questionnaire.Questions, stored?.SavedBy, stored?.SavedAt, ballots, locked),
            etag: stored?.ETag);
    }

    private async Task<int> BallotsOfIndexSetAsync(int year, string indexSet, CancellationToken cancellationToken)
    {
        var ofSet = (await units.ListAsync(year, cancellationToken)).Where(r => r.Unit.Type == indexSet).Select(r => r.Unit.UnitId).ToHashSet(StringComparer.Ordinal);
        return (await survey.BallotsAsync(year, cancellationToken)).Count(ballot => ofSet.Contains(ballot.UnitId));
    }

    /// <summary>The unit, by a point read; 404 naming it when the year has no such unit.</summary>
    private async Task<Unit> UnitAsync(int year, string unitId, CancellationToken cancellationToken) =>
        (await units.GetAsync(year, unitId, cancellationToken))?.Value.Unit
            ?? throw ProblemException.NotFound($"Không có đơn vị \"{unitId}\" trong năm {year}.");

    /// <summary>The questionnaire of the unit's index set, or null when none is saved.</summary>
    private async Task<Questionnaire?> QuestionnaireOfAsync(int year, Unit unit, CancellationToken cancellationToken) =>
        (await survey.GetQuestionnaireAsync(year, unit.Type, cancellationToken))?.Questionnaire;

    /// <summary>The groups a unit of <paramref name="indexSet"/> is surveyed in: the saved questionnaire's, else the regulation's two.</summary>
    private async Task<IReadOnlyList<RespondentGroup>> GroupsOfAsync(int year, string indexSet, CancellationToken cancellationToken) =>
        (await survey.GetQuestionnaireAsync(year, indexSet, cancellationToken))?.Questionnaire.Groups ?? [SurveyDefaults.DelegatesGroup, SurveyDefaults.CitizensGroup];

    private async Task<(IReadOnlyList<UnitRecord> Units, IReadOnlyList<(string UnitId, Catalogue Catalogue)> WithCatalogue)> UnitsWithCataloguesAsync(int year, CancellationToken cancellationToken)
    {
        var unitList = await units.ListAsync(year, cancellationToken);
        var byType = await catalogues.ForUnitsAsync(year, unitList, cancellationToken);

        return (unitList, unitList.Where(r => byType[r.Unit.Type] is not null).Select(r => (r.Unit.UnitId, byType[r.Unit.Type]!)).ToList());
    }

    private async Task<EvaluationYear> RequireYearAsync(int year, CancellationToken cancellationToken) =>
        (await years.GetAsync(year, cancellationToken))?.Value ?? throw ProblemException.NotFound($"Chưa có năm đánh giá {year}.");

    private static RespondentDto Respondent(SurveyRespondent respondent, SurveyBallot? ballot) => new(
        respondent.Code, respondent.UnitId, respondent.Group, respondent.Name, respondent.Phone, respondent.Email, respondent.Organisation,
        ballot is not null, ballot?.At, ballot is null ? null : Source(ballot.Source), ballot?.ExcludedByCheck ?? false, ballot?.LatestCheck);

    private static BallotRowDto BallotRow(SurveyBallot ballot, SurveyRespondent? respondent) =>
        new(ballot.RespondentCode, respondent?.Name ?? ballot.RespondentCode, ballot.Group, Source(ballot.Source), ballot.At, ballot.By, ballot.ExcludedByCheck, ballot.Checks);

    private static string Source(BallotSource source) => source switch
    {
        BallotSource.Import => "import",
        BallotSource.Online => "online",
        _ => "entered",
    };

    private static string RespondentCode(string? value) =>
        value is not null && RespondentCodePattern().IsMatch(value)
            ? value
            : throw ProblemException.NotFound($"Mã người được khảo sát \"{value}\" không hợp lệ.");

    /// <summary>Reads <c>{ name: { "C1": "A", … } }</c>: question code → option code; every value must be text.</summary>
    private static Dictionary<string, string?> ReadAnswers(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var answers) || answers.ValueKind != JsonValueKind.Object)
        {
            throw ProblemException.BadRequest(name, "Thiếu câu trả lời: \"answers\": { \"mã câu hỏi\": \"mã phương án\", … }.");
        }

        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var answer in answers.EnumerateObject().Take(BallotRules.MaxAnswers + 1))
        {
            if (result.Count >= BallotRules.MaxAnswers)
            {
                throw ProblemException.BadRequest(name, $"Phiếu có quá {BallotRules.MaxAnswers} câu trả lời.");
            }

            result[answer.Name] = answer.Value.ValueKind switch
            {
                JsonValueKind.String => VietnameseText.Clean(answer.Value.GetString()),
                JsonValueKind.Null => null,
                _ => throw ProblemException.BadRequest($"{name}.{answer.Name}", $"Câu trả lời của câu {answer.Name} phải là mã phương án, ví dụ \"A\"."),
            };
        }

        return result;
    }

    private static List<(string Respondent, Dictionary<string, string?> Answers)> ReadTypedBallots(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ballots", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            throw ProblemException.BadRequest("ballots", "Thiếu danh sách phiếu: { \"ballots\": [ { \"respondent\": \"mã người trả lời\", \"answers\": { \"C1\": \"A\", … } } ] }.");
        }

        if (array.GetArrayLength() > MaxTypedBallotsPerRequest)
        {
            throw ProblemException.BadRequest("ballots", $"Mỗi lần lưu tối đa {MaxTypedBallotsPerRequest} phiếu; với nhiều phiếu hơn hãy dùng tệp Excel mẫu.");
        }

        return array.EnumerateArray().Select((item, index) =>
        {
            var code = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("respondent", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : string.Empty;
            if (!RespondentCodePattern().IsMatch(code))
            {
                throw ProblemException.BadRequest($"ballots[{index}].respondent", "Mỗi phiếu cần mã người trả lời (\"respondent\") đã đăng ký.");
            }

            return (code, ReadAnswers(item, "answers"));
        }).ToList();
    }

    private static List<SurveyRespondent> ReadRespondents(
        JsonElement root, Dictionary<string, Unit> unitsById, Dictionary<string, IReadOnlyList<RespondentGroup>> groupsByType, ValidationErrors errors)
    {
        _ = new BodyFields(root, errors, ["respondents"]);
        if (!errors.IsEmpty || !root.TryGetProperty("respondents", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            errors.Add("respondents", "Thiếu danh sách người được khảo sát: { \"respondents\": [ { \"code\", \"unitId\", \"group\", \"name\", \"phone\", \"email\", \"organisation\" } ] }.");
            return [];
        }

        if (array.GetArrayLength() > MaxRespondentsPerRequest)
        {
            errors.Add("respondents", $"Mỗi lần lưu tối đa {MaxRespondentsPerRequest} người.");
            return [];
        }

        var result = new List<SurveyRespondent>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"respondents[{index++}]";
            var itemErrors = new ValidationErrors();
            var fields = new BodyFields(item, itemErrors, ["code", "unitId", "group", "name", "phone", "email", "organisation"]);
            var code = fields.RequiredText("code", "Mã người được khảo sát (code)", 32);
            var unitId = fields.RequiredText("unitId", "Mã đơn vị (unitId)", UnitIds.MaxLength);
            var group = fields.RequiredText("group", "Nhóm (group)", 16);
            var name = fields.RequiredText("name", "Họ tên (name)", 200);
            var phone = fields.OptionalText("phone", "Số điện thoại (phone)", 20);
            var emailText = fields.OptionalText("email", "Thư điện tử (email)", 254);
            var organisation = fields.OptionalText("organisation", "Cơ quan, doanh nghiệp, địa chỉ (organisation)", 300);
            if (code is not null && !RespondentCodePattern().IsMatch(code))
            {
                itemErrors.Add("code", $"Mã \"{code}\" chỉ được gồm chữ không dấu, số, \".\", \"-\" và \"_\" (tối đa 32 ký tự).");
            }
            else if (code is not null && !codes.Add(code))
            {
                itemErrors.Add("code", $"Mã {code} xuất hiện hai lần trong danh sách.");
            }

            var unit = unitId is null ? null : unitsById.GetValueOrDefault(unitId);
            if (unitId is not null && unit is null)
            {
                itemErrors.Add("unitId", $"Không có đơn vị \"{unitId}\" trong năm đánh giá.");
            }

            if (unit is not null && group is not null && groupsByType[unit.Type].All(g => g.Code != group))
            {
                itemErrors.Add("group", $"Nhóm \"{group}\" không có trong bảng câu hỏi của bộ chỉ số {unit.Type}; các nhóm là: {string.Join(", ", groupsByType[unit.Type].Select(g => $"{g.Code} ({g.Title})"))}.");
            }

            if (phone is not null && !PhonePattern().IsMatch(phone))
            {
                itemErrors.Add("phone", $"Số điện thoại \"{phone}\" chỉ được gồm chữ số, dấu cách, \"+\", \".\" và \"-\".");
            }

            var email = emailText is null ? null : EmailAddresses.Normalize(emailText);
            if (emailText is not null && email is null)
            {
                itemErrors.Add("email", $"\"{emailText}\" không phải địa chỉ thư điện tử.");
            }

            foreach (var (field, messages) in itemErrors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add($"{path}.{field}", code is null ? message : $"{code}: {message}");
                }
            }

            if (itemErrors.IsEmpty)
            {
                result.Add(new SurveyRespondent(code!, unitId!, group!, name!, phone, email, organisation));
            }
        }

        return result;
    }

    [GeneratedRegex("^[0-9A-Za-z._-]{1,32}$")]
    private static partial Regex RespondentCodePattern();

    [GeneratedRegex("^[0-9+ .-]{6,20}$")]
    private static partial Regex PhonePattern();
}
