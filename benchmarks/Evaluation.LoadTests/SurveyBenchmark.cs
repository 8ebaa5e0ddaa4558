using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Evaluation.Domain.Common;
using Evaluation.Domain.Survey;
using Evaluation.Infrastructure.Survey;
using Evaluation.Web.Endpoints;

namespace Evaluation.LoadTests;

/// <summary>
/// The survey (R-4) at the province's volumes: a started year of <see cref="LoadTestOptions.Units"/> units of index set
/// 01 (<see cref="Scenario"/>), the draft questionnaire saved, each unit's quota of respondents registered (20 HĐND
/// delegates and 40 businesses and citizens: 60 a unit, 2,000 a request), then what the working group does with them:
/// the .xlsx template downloaded, every row answered (about 3 % of them wrongly), imported once without confirmation
/// (refused with every bad row) and once with <c>confirm=validRows</c>; the survey overview and one unit's section V
/// read; and some of the respondents left over answer online through their personal link. Every storage request of
/// the host passes the counting proxy of <see cref="CycleBenchmark"/>, so each step also shows what it costs in
/// Table/Blob transactions. No target is set; the figures are for the record.
/// </summary>
public sealed class SurveyBenchmark(LoadTestOptions options, Report report)
{
    /// <summary>The index set <see cref="Scenario"/> sets its units up with.</summary>
    private const string IndexSet = "01";
    private const int Reads = 20;
    private const int WarmUps = 2;
    private const int TemplateDownloads = 5;
    private const int OnlineBallots = 50;

    /// <summary>One row in this many is filled wrongly (≈ 3 %): a question left blank or an option that does not exist.</summary>
    private const int InvalidEvery = 33;

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        report.Section($"survey: questionnaire, respondents, spreadsheet import and ballots, {options.Units} units",
            $"A started year with {options.Units} units of index set {IndexSet} and its draft questionnaire saved; each unit's quota of respondents registered " +
            $"({SurveyEndpoints.MaxRespondentsPerRequest:N0} a request). The template downloaded {TemplateDownloads} times after one warm-up, every row answered, " +
            $"one in {InvalidEvery} wrongly, imported without confirmation (422) and with confirm={SurveyImportEndpoints.ConfirmValidRows} (at most " +
            $"{SurveyWorkbook.MaxRows:N0} rows a file). Reads: {Reads} sequential GETs after {WarmUps} warm-ups, whole answer read. Then the respondents whose row " +
            $"was wrong: up to {OnlineBallots} answer online, one after another (a personal link made by the working group, then the ballot through it), " +
            "and the working group types in the rest from paper, one request per unit.");

        await using var azurite = options.OwnAzurite ? await PrivateAzurite.StartAsync(cancellationToken) : null;
        report.Line(azurite is null
            ? $"Storage: {options.StorageDescription}, through the counting proxy (one loopback hop more per storage request)."
            : "Storage: a private in-memory Azurite started for this run (--own-azurite), through the counting proxy.");
        await using var proxy = await CountingStorageProxy.StartAsync(azurite?.ConnectionString ?? options.Storage, cancellationToken);
        var host = await HostProcess.StartAsync(options with { Storage = proxy.ConnectionString }, "survey", cancellationToken);
        try
        {
            using var api = new ApiClient(host.BaseAddress, 8, TimeSpan.FromMinutes(5));
            var meter = new Meter(proxy, new StorageOwners(host.Prefix));
            var setupClock = Stopwatch.StartNew();
            var scenario = await Scenario.CreateAsync(api, options.Units, staffPerUnit: 0, cancellationToken);
            var yearPath = $"/api/years/{scenario.Year.ToString(CultureInfo.InvariantCulture)}";
            var questionnaire = await SaveDraftQuestionnaireAsync(api, yearPath, cancellationToken);
            Report.Progress($"setup: year {scenario.Year}, {scenario.Units.Count} units started, questionnaire of {questionnaire.Questions.Count} questions saved in {setupClock.Elapsed.TotalSeconds:0} s");

            var respondents = Respondents(scenario, questionnaire);
            var registrations = await RegisterAsync(api, yearPath, respondents, meter, cancellationToken);

            var template = await meter.RepeatAsync(1, TemplateDownloads, _ => GetAsync(api, $"{yearPath}/survey/template/{IndexSet}", cancellationToken));
            var filled = Fill(template.Last, questionnaire);
            Report.Progress($"template: {filled.Sum(file => file.Rows)} rows in {filled.Count} file(s), {filled.Sum(file => file.Invalid.Count)} filled wrongly");
            var steps = new List<IReadOnlyList<string>>(registrations);
            foreach (var (file, index) in filled.Select((file, index) => (file, index)))
            {
                var part = filled.Count == 1 ? string.Empty : $", file {index + 1} of {filled.Count}";
                steps.Add(await ImportAsync(api, yearPath, file, confirm: false, $"Import without confirmation → 422{part}", meter, cancellationToken));
                steps.Add(await ImportAsync(api, yearPath, file, confirm: true, $"Import confirm={SurveyImportEndpoints.ConfirmValidRows} → 200{part}", meter, cancellationToken));
            }

            var overview = await meter.RepeatAsync(WarmUps, Reads, _ => GetAsync(api, $"{yearPath}/survey", cancellationToken));
            var unitId = scenario.Units[0].UnitId;
            var unitSurvey = await meter.RepeatAsync(WarmUps, Reads, _ => GetAsync(api, $"{yearPath}/units/{unitId}/survey", cancellationToken));
            var unitRespondents = await meter.RepeatAsync(WarmUps, Reads, _ => GetAsync(api, $"{yearPath}/survey/respondents?unitId={unitId}", cancellationToken));
            var oneRespondent = JsonSerializer.Serialize(new { respondents = new[] { respondents[0] } }, EvaluationJson.Options);
            var register = await meter.RepeatAsync(WarmUps, Reads, _ => PostAsync(api, $"{yearPath}/survey/respondents", oneRespondent, cancellationToken));

            // The respondents whose row was wrong are still unanswered: some answer online, the working group types in the rest.
            var byCode = respondents.ToDictionary(respondent => respondent.Code, StringComparer.Ordinal);
            var wrongRows = filled.SelectMany(file => file.Invalid).ToList();
            var online = wrongRows.Take(OnlineBallots).ToList();
            var tokens = new string[online.Count];
            var links = await meter.RepeatAsync(0, online.Count, async i =>
            {
                var link = await PostAsync(api, $"{yearPath}/survey/respondents/{online[i]}/link", null, cancellationToken);
                tokens[i] = Token(link);
                return link;
            });
            var ballots = await meter.RepeatAsync(0, online.Count, i => AnswerOnlineAsync(api, yearPath, online[i], tokens[i], questionnaire.QuestionsFor(byCode[online[i]].Group), cancellationToken));
            var typedIn = wrongRows.Skip(OnlineBallots).Select(code => byCode[code]).GroupBy(respondent => respondent.UnitId).ToList();
            var typed = await meter.RepeatAsync(0, typedIn.Count, i => TypeInAsync(api, yearPath, typedIn[i].Key, typedIn[i], questionnaire, cancellationToken));

            report.Table("Writes, one request each", ["Step", "Rows", "Wall time", "Rows/s", "Storage transactions"], steps);
            report.Table(null, ["Request", "Items", "Answer size", "p50", "p95", "max", "Storage transactions per call"],
            [
                Row($"GET template {IndexSet} (before the import)", $"{filled.Sum(file => file.Rows):N0} rows", template),
                Row("GET …/survey (overview, every unit)", $"{Count(overview.Last, "units"):N0} units", overview),
                Row("GET …/units/{id}/survey (working group)", $"{Count(unitSurvey.Last, "ballots"):N0} ballots", unitSurvey),
                Row("GET …/survey/respondents?unitId= (the page's unit view)", $"{Count(unitRespondents.Last, "respondents"):N0} respondents", unitRespondents),
                Row("POST …/survey/respondents, one (the page's form)", "1 respondent", register),
                Row("POST …/respondents/{code}/link", $"{online.Count} links", links),
                Row("PUT …/survey/ballots/{code} (token)", $"{online.Count} ballots", ballots),
                Row("PUT …/units/{id}/survey (paper ballots typed in)", $"{typedIn.Sum(unit => unit.Count())} ballots, {typedIn.Count} units", typed),
            ]);
            report.HostLog(host);
        }
        finally
        {
            await host.DisposeAsync();
            if (azurite is null)
            {
                await StorageCleanup.DeleteAsync(options, host.Prefix);
            }
        }
    }

    /// <summary>A file to import: the filled template (or a part of it, when it has more rows than one import takes) and the respondents whose row is wrong.</summary>
    private sealed record FilledFile(byte[] Content, int Rows, IReadOnlyList<string> Invalid);

    /// <summary>Wall times of the measured calls (sorted), the storage transactions they made, the last answer.</summary>
    private sealed record Measured<T>(List<double> Sorted, long Transactions, T Last);

    /// <summary>Times calls and counts the app's storage transactions between them (the Durable backend's polling left out).</summary>
    private sealed class Meter(CountingStorageProxy proxy, StorageOwners owners)
    {
        public async Task<Measured<T>> RepeatAsync<T>(int warmUps, int calls, Func<int, Task<T>> call)
        {
            var last = default(T)!;
            for (var i = 0; i < warmUps; i++)
            {
                last = await call(i);
            }

            var times = new List<double>(calls);
            var before = proxy.Snapshot();
            for (var i = 0; i < calls; i++)
            {
                var started = Stopwatch.GetTimestamp();
                last = await call(i);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var transactions = StorageTally.Between(before, proxy.Snapshot(), owners).Count(StorageOwner.App);
            times.Sort();
            return new Measured<T>(times, transactions, last);
        }
    }

    /// <summary>A line of the read table; the answer size is the last answer's. A small year may leave nothing to measure.</summary>
    private static IReadOnlyList<string> Row(string name, string items, Measured<byte[]> measured) => measured.Sorted.Count == 0 ? [name, items, "-", "-", "-", "-", "-"] :
    [
        name, items, measured.Last.Length < 1024 * 1024 ? Stats.Number(measured.Last.Length / 1024.0) + " KB" : Stats.Mb(measured.Last.LongLength),
        Stats.Ms(Stats.Percentile(measured.Sorted, 50)), Stats.Ms(Stats.Percentile(measured.Sorted, 95)), Stats.Ms(measured.Sorted[^1]),
        Stats.Number((double)measured.Transactions / measured.Sorted.Count),
    ];

    private static IReadOnlyList<string> Step(string name, int rows, Measured<byte[]> measured) =>
    [
        name, rows.ToString("N0", CultureInfo.InvariantCulture), Stats.Ms(measured.Sorted[0]),
        Stats.Number(rows / (measured.Sorted[0] / 1000), "0"), measured.Transactions.ToString("N0", CultureInfo.InvariantCulture),
    ];

    private static int Count(byte[] body, string property)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty(property).GetArrayLength();
    }

    /// <summary>Reads the draft questionnaire (<c>"draft": true</c>) and saves it as it is, as the working group would.</summary>
    private static async Task<Questionnaire> SaveDraftQuestionnaireAsync(ApiClient api, string yearPath, CancellationToken cancellationToken)
    {
        var path = $"{yearPath}/catalogues/{IndexSet}/questionnaire";
        var draft = JsonSerializer.Deserialize<QuestionnaireDto>(await GetAsync(api, path, cancellationToken), EvaluationJson.Options)!;
        var body = JsonSerializer.Serialize(new { groups = draft.Groups, questions = draft.Questions }, EvaluationJson.Options);
        await ExpectAsync(api.SendAsync(HttpMethod.Put, path, ApiClient.Admin, ApiClient.Json(body), cancellationToken: cancellationToken), HttpStatusCode.OK, cancellationToken);
        return new Questionnaire(draft.Year, draft.IndexSet, draft.Groups, draft.Questions);
    }

    /// <summary>Each unit's quota of each group: codes like <c>don-vi-tai-01.HDND.07</c>.</summary>
    private static List<SurveyRespondent> Respondents(Scenario scenario, Questionnaire questionnaire) =>
        scenario.Units.SelectMany(unit => questionnaire.Groups.SelectMany(group => Enumerable.Range(1, group.Quota).Select(n => new SurveyRespondent(
            $"{unit.UnitId}.{group.Code}.{n:D2}",
            unit.UnitId,
            group.Code,
            $"Người được khảo sát {group.Code} số {n:D2}",
            "0912" + n.ToString("D6", CultureInfo.InvariantCulture),
            Email: null,
            group.Code == SurveyDefaults.Delegates ? "Đoàn đại biểu HĐND tỉnh" : "Công ty TNHH Minh Phát"))))
        .ToList();

    private static async Task<List<IReadOnlyList<string>>> RegisterAsync(ApiClient api, string yearPath, List<SurveyRespondent> respondents, Meter meter, CancellationToken cancellationToken)
    {
        var steps = new List<IReadOnlyList<string>>();
        var batches = respondents.Chunk(SurveyEndpoints.MaxRespondentsPerRequest).ToList();
        foreach (var (batch, index) in batches.Select((batch, index) => (batch, index)))
        {
            var body = JsonSerializer.Serialize(new { respondents = batch }, EvaluationJson.Options);
            var measured = await meter.RepeatAsync(0, 1, _ => PostAsync(api, $"{yearPath}/survey/respondents", body, cancellationToken));
            steps.Add(Step($"POST …/survey/respondents, request {index + 1} of {batches.Count}", batch.Length, measured));
        }

        return steps;
    }

    /// <summary>A POST of the working group answered 200; its answer.</summary>
    private static async Task<byte[]> PostAsync(ApiClient api, string path, string? json, CancellationToken cancellationToken)
    {
        using var response = await ExpectAsync(api.SendAsync(HttpMethod.Post, path, ApiClient.Admin, json is null ? null : ApiClient.Json(json), cancellationToken: cancellationToken), HttpStatusCode.OK, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Posts a filled file as the page does (multipart "file", and "confirm" when confirming); one row of the write table.</summary>
    private static async Task<IReadOnlyList<string>> ImportAsync(ApiClient api, string yearPath, FilledFile file, bool confirm, string name, Meter meter, CancellationToken cancellationToken)
    {
        var expected = confirm ? HttpStatusCode.OK : HttpStatusCode.UnprocessableEntity;
        var measured = await meter.RepeatAsync(0, 1, async _ =>
        {
            using var form = new MultipartFormDataContent();
            var content = new ByteArrayContent(file.Content);
            content.Headers.ContentType = new MediaTypeHeaderValue(SurveyWorkbook.ContentType);
            form.Add(content, "file", "phieu-khao-sat.xlsx");
            if (confirm)
            {
                form.Add(new StringContent(SurveyImportEndpoints.ConfirmValidRows), "confirm");
            }

            using var response = await ExpectAsync(api.SendAsync(HttpMethod.Post, $"{yearPath}/survey/imports/{IndexSet}", ApiClient.Admin, form, cancellationToken: cancellationToken), expected, cancellationToken);
            return await response.Content.ReadAsByteArrayAsync(cancellationToken);
        });

        using var outcome = JsonDocument.Parse(measured.Last);
        var rows = outcome.RootElement.GetProperty("rows").GetInt32();
        var valid = outcome.RootElement.GetProperty("validRows").GetInt32();
        var imported = outcome.RootElement.GetProperty("imported").GetInt32();
        if (rows != file.Rows || valid != file.Rows - file.Invalid.Count || imported != (confirm ? valid : 0))
        {
            throw new InvalidOperationException($"{name}: the host read {rows} rows, {valid} valid, imported {imported}; the file has {file.Rows} rows, {file.Invalid.Count} wrong.");
        }

        Report.Progress($"{name}: {rows} rows, {valid} valid, {imported} imported in {measured.Sorted[0] / 1000:0.0} s");
        return Step(name, rows, measured);
    }

    /// <summary>The token of a personal link (<c>{ "url": "…/survey-ballot?token=…" }</c>), what the respondent's phone sends back.</summary>
    private static string Token(byte[] link)
    {
        using var json = JsonDocument.Parse(link);
        var url = json.RootElement.GetProperty("url").GetString()!;
        return System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)["token"] ?? throw new InvalidDataException($"The link has no token: {url}");
    }

    /// <summary>The respondent's own answer through the link: no account, the token in its header.</summary>
    private static async Task<byte[]> AnswerOnlineAsync(ApiClient api, string yearPath, string code, string token, IReadOnlyList<SurveyQuestion> questions, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{yearPath}/survey/ballots/{code}") { Content = ApiClient.Json(new JsonObject { ["answers"] = Answers(questions) }.ToJsonString()) };
        request.Headers.Add(SurveyEndpoints.TokenHeader, token);
        using var response = await ExpectAsync(api.Http.SendAsync(request, cancellationToken), HttpStatusCode.Created, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Paper ballots of one unit typed in by the working group, all in one request.</summary>
    private static async Task<byte[]> TypeInAsync(ApiClient api, string yearPath, string unitId, IEnumerable<SurveyRespondent> respondents, Questionnaire questionnaire, CancellationToken cancellationToken)
    {
        var ballots = new JsonArray([.. respondents.Select(respondent => new JsonObject { ["respondent"] = respondent.Code, ["answers"] = Answers(questionnaire.QuestionsFor(respondent.Group)) })]);
        using var response = await ExpectAsync(api.SendAsync(HttpMethod.Put, $"{yearPath}/units/{unitId}/survey", ApiClient.Admin, ApiClient.Json(new JsonObject { ["ballots"] = ballots }.ToJsonString()), cancellationToken: cancellationToken), HttpStatusCode.OK, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Every question answered with its first option.</summary>
    private static JsonObject Answers(IReadOnlyList<SurveyQuestion> questions) =>
        new(questions.Select(question => KeyValuePair.Create(question.Code, (JsonNode?)question.Options[0].Code)));

    private static async Task<byte[]> GetAsync(ApiClient api, string path, CancellationToken cancellationToken)
    {
        using var response = await ExpectAsync(api.SendAsync(HttpMethod.Get, path, ApiClient.Admin, cancellationToken: cancellationToken), HttpStatusCode.OK, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static async Task<HttpResponseMessage> ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        var response = await call;
        if (response.StatusCode != expected)
        {
            var body = ApiClient.Shorten(await response.Content.ReadAsStringAsync(cancellationToken));
            var request = response.RequestMessage;
            response.Dispose();
            throw new InvalidOperationException($"{request?.Method} {request?.RequestUri?.PathAndQuery}: {(int)response.StatusCode}, expected {(int)expected}: {body}");
        }

        return response;
    }

    // ---- Filling the template as the working group does in Excel ----

    /// <summary>
    /// Answers every row of the downloaded template: each question of the row's group gets an option (they vary by
    /// row and column); one row in <see cref="InvalidEvery"/> is wrong, alternately a question left blank and an
    /// option the question does not have. A template with more rows than one import takes is cut into files.
    /// </summary>
    private static List<FilledFile> Fill(byte[] template, Questionnaire questionnaire)
    {
        using var stream = new MemoryStream();
        stream.Write(template);
        var invalid = new List<(uint Row, string Code)>();
        uint lastRow;
        using (var document = SpreadsheetDocument.Open(stream, isEditable: true))
        {
            var rows = BallotRows(document).ToList();
            var headings = rows[0].Elements<Cell>().Select(CellText).ToList();
            var questions = headings.Select(heading => questionnaire.Question(heading)).ToList();
            foreach (var (row, index) in rows.Skip(1).Select((row, index) => (row, index)))
            {
                var cells = row.Elements<Cell>().ToList();
                var code = CellText(cells[headings.IndexOf(SurveyWorkbook.RespondentHeading)]);
                var group = CellText(cells[headings.IndexOf(SurveyWorkbook.GroupHeading)]);
                var asked = Enumerable.Range(0, cells.Count).Where(column => questions[column]?.Group == group).ToList();
                var wrong = index % InvalidEvery == InvalidEvery - 1;
                foreach (var column in asked)
                {
                    var options = questions[column]!.Options;
                    var answer = options[(index + column) % options.Count].Code;
                    if (wrong && column == asked[^1])
                    {
                        answer = index / InvalidEvery % 2 == 0 ? string.Empty : "Z";
                    }

                    SetText(cells[column], answer);
                }

                if (wrong)
                {
                    invalid.Add((row.RowIndex!.Value, code));
                }
            }

            lastRow = rows[^1].RowIndex!.Value;
            document.WorkbookPart!.Workbook.Save();
        }

        var filled = stream.ToArray();
        var dataRows = (int)lastRow - 1;
        if (dataRows <= SurveyWorkbook.MaxRows)
        {
            return [new FilledFile(filled, dataRows, invalid.Select(row => row.Code).ToList())];
        }

        // Rows 2 … MaxRows + 1 in the first file, the next MaxRows in the second, …
        return Enumerable.Range(0, (dataRows + SurveyWorkbook.MaxRows - 1) / SurveyWorkbook.MaxRows).Select(part =>
        {
            var first = (uint)((part * SurveyWorkbook.MaxRows) + 2);
            var last = Math.Min(lastRow, first + SurveyWorkbook.MaxRows - 1);
            return new FilledFile(KeepRows(filled, first, last), (int)(last - first + 1),
                invalid.Where(row => row.Row >= first && row.Row <= last).Select(row => row.Code).ToList());
        }).ToList();
    }

    /// <summary>A copy of the workbook whose ballot sheet keeps its heading and rows <paramref name="first"/> to <paramref name="last"/>.</summary>
    private static byte[] KeepRows(byte[] workbook, uint first, uint last)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, isEditable: true))
        {
            foreach (var row in BallotRows(document).Where(row => row.RowIndex!.Value > 1 && (row.RowIndex.Value < first || row.RowIndex.Value > last)).ToList())
            {
                row.Remove();
            }

            document.WorkbookPart!.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static IEnumerable<Row> BallotRows(SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(candidate => candidate.Name?.Value == SurveyWorkbook.BallotSheet);
        return ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet.GetFirstChild<SheetData>()!.Elements<Row>();
    }

    /// <summary>The template writes inline strings only (see <see cref="SurveyWorkbook"/>).</summary>
    private static string CellText(Cell cell) => cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? string.Empty;

    private static void SetText(Cell cell, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        cell.DataType = CellValues.InlineString;
        cell.InlineString = new InlineString(new Text(text));
    }
}
