using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using Evaluation.Domain.Survey;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Storage;
using Evaluation.Infrastructure.Survey;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Evaluation.Web.Endpoints;

/// <summary>One refused row of an import: its row number as Excel shows it, the respondent code as typed, every reason.</summary>
public sealed record SurveyImportRowError(int Row, string Respondent, IReadOnlyList<string> Messages);

/// <summary>
/// The outcome of a survey import, the same members on 200 and 422. <c>rows</c>: ballot rows read (blank rows not
/// counted); <c>unanswered</c>: rows with a respondent but no answer at all, skipped (nobody's ballot);
/// <c>validRows</c>: rows that pass every check; <c>imported</c>: ballots stored now; <c>message</c>: what happened,
/// in Vietnamese. A refusal (422) is also an RFC 9457 problem: <c>type</c>, <c>title</c>, <c>status</c>,
/// <c>detail</c> and <c>errors</c> in API.md's map form (<c>"row:12"</c> → that row's messages, for generic clients);
/// they are absent on 200.
/// </summary>
public sealed record SurveyImportDto(
    int Year,
    string IndexSet,
    int Rows,
    int Unanswered,
    int ValidRows,
    int Imported,
    IReadOnlyList<SurveyImportRowError> RowErrors,
    string Message)
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}

/// <summary>
/// The survey spreadsheet (R-4.2, Art. 3.2; working group only): the template of an index set with a row per registered
/// respondent who has no ballot yet, and the import of the filled-in file. Every row is checked with
/// <see cref="BallotRules"/> and against the rest of the file before anything is written; with invalid rows nothing
/// is stored unless the caller confirms importing only the valid ones (<c>confirm=validRows</c>).
/// </summary>
public sealed class SurveyImportEndpoints(
    EndpointRunner runner,
    Access access,
    YearStore years,
    UnitStore units,
    CatalogueStore catalogues,
    SurveyStore survey,
    TimeProvider clock,
    ILogger<SurveyImportEndpoints> logger)
{
    /// <summary>The form value that stores the valid rows of a file that also has invalid ones.</summary>
    public const string ConfirmValidRows = "validRows";

    private const string ImportUsage =
        "Tệp phiếu khảo sát phải được gửi dạng multipart/form-data, trường \"file\" (thêm trường \"confirm\" = \"validRows\" để chỉ nhập các dòng hợp lệ).";

    /// <summary>Ballots written at once: quick for a few thousand rows, gentle on the table.</summary>
    private const int ParallelWrites = 8;

    /// <summary><c>GET …/survey/template/{indexSet}</c>: the .xlsx to fill in from the paper ballots.</summary>
    public Task<IResult> Template(HttpContext http, string year, string indexSet) => runner.RunAsync(http, async () =>
    {
        await access.RequireWorkingGroupAsync(http, "tải tệp mẫu phiếu khảo sát");
        var context = await LoadAsync(year, indexSet, "tải tệp mẫu", http.RequestAborted);
        var respondentsTask = survey.RespondentsAsync(context.Year.Year, http.RequestAborted);
        var ballotsTask = survey.BallotsAsync(context.Year.Year, http.RequestAborted);
        await Task.WhenAll(respondentsTask, ballotsTask);
        var answered = (await ballotsTask).Select(ballot => ballot.RespondentCode).ToHashSet(StringComparer.Ordinal);
        var pending = (await respondentsTask)
            .Where(respondent => context.UnitNames.ContainsKey(respondent.UnitId) && !answered.Contains(respondent.Code))
            .ToList();
        var content = SurveyWorkbook.Template(context.Questionnaire, context.Catalogue, pending, context.UnitNames);
        logger.LogInformation("Survey template {Year}/{IndexSet}: {Respondents} respondents without a ballot", context.Year.Year, context.IndexSet, pending.Count);
        return new XlsxFile(content, SurveyWorkbook.FileName(context.Year.Year, context.IndexSet));
    });

    /// <summary>
    /// <c>POST …/survey/imports/{indexSet}</c> (multipart: <c>file</c>, optional <c>confirm=validRows</c>): all rows
    /// valid → all stored (200); some invalid → nothing stored (422 with every row's errors) unless confirmed, then
    /// the valid ones are stored (200); none valid → 422.
    /// </summary>
    public Task<IResult> Import(HttpContext http, string year, string indexSet) => runner.RunAsync(http, async () =>
    {
        var viewer = await access.RequireWorkingGroupAsync(http, "nhập phiếu khảo sát");
        var context = await LoadAsync(year, indexSet, "nhập phiếu khảo sát", http.RequestAborted);
        YearFreeze.Ensure(context.Year);
        var validRowsOnly = false;
        var (_, content) = await MultipartUpload.ReadFileAsync(
            http,
            SurveyWorkbook.MaxFileBytes,
            ImportUsage,
            TooLarge,
            new Dictionary<string, Action<string?>>(StringComparer.Ordinal) { ["confirm"] = value => validRowsOnly = ValidRowsOnly(value) },
            noFile: $"Không có tệp nào trong nội dung gửi lên. {ImportUsage}");
        SurveySheet sheet;
        using (var file = new MemoryStream(content, writable: false))
        {
            sheet = SurveyWorkbook.Read(file);
        }

        if (!sheet.IsReadable)
        {
            throw FileRefused(sheet.Problems);
        }

        var missing = context.Questionnaire.Questions
            .Where(question => !sheet.QuestionColumns.Contains(question.Code, StringComparer.OrdinalIgnoreCase))
            .Select(question => question.Code)
            .ToList();
        if (missing.Count > 0)
        {
            throw FileRefused([$"Tệp thiếu cột câu hỏi {string.Join(", ", missing)} của bảng câu hỏi bộ chỉ số {context.IndexSet}. " +
                               "Có thể tệp được tải trước khi bảng câu hỏi thay đổi: hãy tải tệp mẫu mới."]);
        }

        var respondentsTask = survey.RespondentsAsync(context.Year.Year, http.RequestAborted);
        var ballotsTask = survey.BallotsAsync(context.Year.Year, http.RequestAborted);
        await Task.WhenAll(respondentsTask, ballotsTask);
        var check = CheckRows(sheet, context, await respondentsTask, await ballotsTask, viewer.Email, clock.GetUtcNow());
        var answeredRows = sheet.Rows.Count - check.Unanswered;
        if (check.Valid.Count == 0 || (check.Errors.Count > 0 && !validRowsOnly))
        {
            LogImport(context, sheet.Rows.Count, check, imported: 0, lost: 0, validRowsOnly);
            var detail = sheet.Rows.Count == 0
                ? "Tệp không có dòng phiếu nào dưới dòng tiêu đề; chưa phiếu nào được lưu."
                : answeredRows == 0
                ? $"Tệp không có phiếu nào có câu trả lời ({check.Unanswered} dòng chưa trả lời câu nào); chưa phiếu nào được lưu."
                : check.Valid.Count == 0
                    ? $"Không có dòng phiếu hợp lệ nào ({check.Errors.Count} dòng lỗi); chưa phiếu nào được lưu. Hãy sửa các dòng lỗi rồi tải lại tệp."
                    : $"{check.Errors.Count} trong {answeredRows} dòng phiếu không hợp lệ; chưa phiếu nào được lưu. Hãy sửa các dòng lỗi rồi tải lại tệp, " +
                      $"hoặc xác nhận chỉ nhập {check.Valid.Count} dòng hợp lệ (các dòng lỗi sẽ không được nhập).";
            return Refused(context, sheet.Rows.Count, check, detail);
        }

        var lost = await StoreAsync(context, check.Valid);
        var errors = check.Errors.Concat(lost.Select(row => new SurveyImportRowError(row.Row, row.Ballot.RespondentCode,
                [$"Người trả lời {row.Ballot.RespondentCode} vừa có phiếu (trả lời trực tuyến hoặc nhập tay) trong lúc nhập tệp; dòng này không được nhập."])))
            .OrderBy(error => error.Row)
            .ToList();
        var imported = check.Valid.Count - lost.Count;
        LogImport(context, sheet.Rows.Count, check, imported, lost.Count, validRowsOnly);
        var message = $"Đã nhập {imported} phiếu khảo sát của bộ chỉ số {context.IndexSet}."
            + (errors.Count > 0 ? $" {errors.Count} dòng không được nhập (xem danh sách lỗi)." : string.Empty)
            + (check.Unanswered > 0 ? $" {check.Unanswered} dòng chưa có câu trả lời nào được bỏ qua." : string.Empty);
        return ApiResults.Json(new SurveyImportDto(context.Year.Year, context.IndexSet, sheet.Rows.Count, check.Unanswered, check.Valid.Count, imported, errors, message));
    });

    /// <summary>
    /// Checks every row against the registrations, the stored ballots and the rows above it. A row with no answer at
    /// all is a respondent who has not answered (the template lists everyone): skipped, not an error.
    /// </summary>
    private static RowCheck CheckRows(
        SurveySheet sheet, ImportContext context, IReadOnlyList<SurveyRespondent> respondents, IReadOnlyList<SurveyBallot> ballots, string by, DateTimeOffset now)
    {
        // A code typed in another case still finds its respondent; an exact match wins.
        var exact = respondents.ToDictionary(respondent => respondent.Code, StringComparer.Ordinal);
        var anyCase = new Dictionary<string, SurveyRespondent>(StringComparer.OrdinalIgnoreCase);
        foreach (var respondent in respondents)
        {
            anyCase.TryAdd(respondent.Code, respondent);
        }

        var answeredAt = ballots.ToDictionary(ballot => ballot.RespondentCode, ballot => ballot.At, StringComparer.Ordinal);
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new RowCheck();
        foreach (var row in sheet.Rows)
        {
            if (row.Answers.Count == 0)
            {
                result.Unanswered++;
                continue;
            }

            if (row.RespondentCode.Length == 0)
            {
                result.Errors.Add(new SurveyImportRowError(row.Row, string.Empty,
                    [$"Dòng có câu trả lời nhưng thiếu mã người trả lời (cột \"{SurveyWorkbook.RespondentHeading}\")."]));
                continue;
            }

            var respondent = exact.GetValueOrDefault(row.RespondentCode) ?? anyCase.GetValueOrDefault(row.RespondentCode);
            var code = respondent?.Code ?? row.RespondentCode;
            var messages = new List<string>();
            if (firstRow.TryGetValue(code, out var first))
            {
                messages.Add($"Người trả lời {code} đã có ở dòng {first} của tệp; mỗi người chỉ trả lời một lần nên dòng này không được nhập.");
            }
            else
            {
                firstRow[code] = row.Row;
            }

            if (respondent is not null && !context.UnitNames.ContainsKey(respondent.UnitId))
            {
                var indexSet = context.AllUnits.GetValueOrDefault(respondent.UnitId)?.Type;
                messages.Add(indexSet is null
                    ? $"Người trả lời {code} được đăng ký khảo sát về đơn vị \"{respondent.UnitId}\", không có trong danh sách đơn vị năm {context.Year.Year}."
                    : $"Người trả lời {code} khảo sát về {context.AllUnits[respondent.UnitId].Name} thuộc bộ chỉ số {indexSet}; hãy nhập phiếu này bằng tệp mẫu của bộ chỉ số {indexSet}, không phải {context.IndexSet}.");
            }

            var unitId = row.UnitId.Length == 0 ? null : row.UnitId.ToLowerInvariant();
            var group = row.Group.Length == 0 ? null : row.Group;
            var ballotCheck = BallotRules.Check(
                context.Questionnaire, row.RespondentCode, respondent, unitId, group, row.Answers.ToDictionary(pair => pair.Key, pair => (string?)pair.Value),
                respondent is null ? null : answeredAt.TryGetValue(respondent.Code, out var at) ? at : null);
            messages.AddRange(ballotCheck.Problems);
            if (messages.Count == 0 && respondent is not null)
            {
                result.Valid.Add(new ValidRow(row.Row, new SurveyBallot(
                    respondent.Code, respondent.UnitId, respondent.Group, ballotCheck.Answers, BallotSource.Import, now, by, [])));
            }
            else
            {
                result.Errors.Add(new SurveyImportRowError(row.Row, row.RespondentCode, messages));
            }
        }

        return result;
    }

    /// <summary>
    /// Writes the valid rows. A respondent who answered online meanwhile keeps that ballot (the store writes a ballot
    /// once) and the row is returned as lost. The writes are not tied to the request: once begun, they finish.
    /// </summary>
    private async Task<List<ValidRow>> StoreAsync(ImportContext context, IReadOnlyList<ValidRow> rows)
    {
        var lost = new ConcurrentBag<ValidRow>();
        var stored = 0;
        try
        {
            await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites }, async (row, cancellationToken) =>
            {
                if (await survey.AddBallotAsync(context.Year.Year, row.Ballot, cancellationToken))
                {
                    Interlocked.Increment(ref stored);
                }
                else
                {
                    lost.Add(row);
                }
            });
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException)
        {
            // Some ballots are stored: say how many, and that importing the same file again is safe.
            logger.LogError(ex, "Survey import {Year}/{IndexSet} stopped by storage after {Stored} of {Valid} ballots", context.Year.Year, context.IndexSet, stored, rows.Count);
            throw new ProblemException(503, "Hệ thống tạm thời gián đoạn",
                $"Kho dữ liệu bị gián đoạn khi đang lưu: đã lưu {stored} trong {rows.Count} phiếu hợp lệ. Hãy tải lại cùng tệp và xác nhận chỉ nhập các dòng hợp lệ: " +
                "các phiếu đã lưu sẽ được báo là đã trả lời và không bị nhập hai lần.");
        }

        return [.. lost];
    }

    private void LogImport(ImportContext context, int rows, RowCheck check, int imported, int lost, bool validRowsOnly) =>
        logger.LogInformation(
            "Survey import {Year}/{IndexSet}: {Rows} rows, {Unanswered} unanswered, {Valid} valid, {Invalid} invalid, {Imported} imported, {Lost} answered meanwhile, valid rows only {ValidRowsOnly}",
            context.Year.Year, context.IndexSet, rows, check.Unanswered, check.Valid.Count, check.Errors.Count, imported, lost, validRowsOnly);

    private static ProblemJson Refused(ImportContext context, int rows, RowCheck check, string detail)
    {
        var errors = check.Errors.ToDictionary(
            error => string.Create(CultureInfo.InvariantCulture, $"row:{error.Row}"),
            error => error.Messages.Select(message => string.Create(CultureInfo.InvariantCulture, $"Dòng {error.Row}: {message}")).ToArray(),
            StringComparer.Ordinal);
        return new ProblemJson(new SurveyImportDto(context.Year.Year, context.IndexSet, rows, check.Unanswered, check.Valid.Count, 0, check.Errors, detail)
        {
            Type = "about:blank",
            Title = "Phiếu khảo sát không hợp lệ",
            Status = StatusCodes.Status422UnprocessableEntity,
            Detail = detail,
            Errors = errors,
        });
    }

    private static ProblemException FileRefused(IReadOnlyList<string> problems) =>
        new(400, "Tệp phiếu khảo sát không đọc được", string.Join(" ", problems), new Dictionary<string, string[]> { ["file"] = [.. problems] });

    /// <summary>The year, the index set's catalogue, its questionnaire and units, each missing one a clear refusal.</summary>
    private async Task<ImportContext> LoadAsync(string yearText, string indexSetText, string action, CancellationToken cancellationToken)
    {
        var year = PathValues.Year(yearText);
        var indexSet = PathValues.IndexSet(indexSetText);
        var yearTask = years.GetAsync(year, cancellationToken);
        var catalogueTask = catalogues.GetAsync(year, indexSet, cancellationToken);
        var questionnaireTask = survey.GetQuestionnaireAsync(year, indexSet, cancellationToken);
        var unitsTask = units.ListAsync(year, cancellationToken);
        await Task.WhenAll(yearTask, catalogueTask, questionnaireTask, unitsTask);
        var evaluationYear = (await yearTask)?.Value ?? throw ProblemException.NotFound($"Chưa có năm đánh giá {year}.");
        var catalogue = await catalogueTask ?? throw ProblemException.NotFound($"Năm {year} chưa có bộ chỉ số {indexSet}; Tổ công tác cần nạp bộ chỉ số trước.");
        var questionnaire = (await questionnaireTask)?.Questionnaire
            ?? throw ProblemException.Conflict($"Bộ chỉ số {indexSet} năm {year} chưa có bảng câu hỏi khảo sát. Tổ công tác cần lưu bảng câu hỏi trước khi {action}.");
        var allUnits = (await unitsTask).Select(record => record.Unit).ToDictionary(unit => unit.UnitId, StringComparer.Ordinal);
        var names = allUnits.Values.Where(unit => unit.Type == indexSet).ToDictionary(unit => unit.UnitId, unit => unit.Name, StringComparer.Ordinal);
        return new ImportContext(evaluationYear, indexSet, catalogue, questionnaire, names, allUnits);
    }

    /// <summary>The "confirm" field: empty, or <see cref="ConfirmValidRows"/> to store the valid rows of a file that also has invalid ones.</summary>
    private static bool ValidRowsOnly(string? confirm) => confirm switch
    {
        "" => false,
        ConfirmValidRows => true,
        _ => throw ProblemException.BadRequest("confirm", $"Trường \"confirm\" chỉ nhận giá trị \"{ConfirmValidRows}\" (chỉ nhập các dòng hợp lệ) hoặc để trống."),
    };

    private static ProblemException TooLarge() =>
        new(413, "Tệp quá lớn", $"Tệp phiếu khảo sát vượt quá dung lượng tối đa {SurveyWorkbook.MaxFileBytes / 1024 / 1024} MB. Hãy chia thành nhiều tệp.");

    private sealed record ImportContext(
        EvaluationYear Year,
        string IndexSet,
        Catalogue Catalogue,
        Questionnaire Questionnaire,
        IReadOnlyDictionary<string, string> UnitNames,
        IReadOnlyDictionary<string, Domain.Units.Unit> AllUnits);

    private sealed record ValidRow(int Row, SurveyBallot Ballot);

    private sealed class RowCheck
    {
        public List<ValidRow> Valid { get; } = [];

        public List<SurveyImportRowError> Errors { get; } = [];

        public int Unanswered { get; set; }
    }

    /// <summary>The template as a download, with the same headers on both hosts.</summary>
    private sealed class XlsxFile(byte[] content, string fileName) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = SurveyWorkbook.ContentType;
            response.ContentLength = content.Length;
            response.Headers.CacheControl = "no-store";
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName, FileNameStar = fileName }.ToString();
            return response.Body.WriteAsync(content, httpContext.RequestAborted).AsTask();
        }
    }

    /// <summary>The refusal with the import's members, written with the system's JSON policy as problem+json.</summary>
    private sealed class ProblemJson(SurveyImportDto body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = body.Status ?? StatusCodes.Status422UnprocessableEntity;
            response.ContentType = "application/problem+json; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            await JsonSerializer.SerializeAsync(response.Body, body, EvaluationJson.Options, httpContext.RequestAborted);
        }
    }
}
