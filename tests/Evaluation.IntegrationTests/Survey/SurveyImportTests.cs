using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Spreadsheet;
using Evaluation.Domain.Survey;
using Evaluation.Infrastructure.Storage;
using Evaluation.Infrastructure.Survey;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.IntegrationTests.Leaders;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.Survey;

/// <summary>
/// The survey spreadsheet over real HTTP on the local host (R-4.2, Art. 3.2): the template lists the respondents
/// still to answer with a dropdown per question and a guide; an import with invalid rows names each one and stores
/// nothing until the working group confirms the valid rows; the ballots counted are exactly the valid rows; a file
/// imported twice is refused row by row. Also the reader itself on hand-built workbooks. Each test uses units and
/// respondent codes of its own on the class's year; the tests of one class run one after another.
/// </summary>
public sealed class SurveyImportTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string IndexSet = "01";
    private const string Delegates = SurveyDefaults.Delegates;
    private const string Citizens = SurveyDefaults.Citizens;

    private static int Year => SurveyYear.Year;

    private SurveyStore Store => host.Services.GetRequiredService<SurveyStore>();

    [Fact]
    [Trait("Requirement", "R-4.2")]
    [Trait("Requirement", "R-4.1")]
    public async Task Sixty_ballots_with_invalid_rows_are_refused_by_row_then_only_the_valid_rows_are_stored_and_counted()
    {
        const string unit = "so-nhap-phieu";
        const string otherUnit = "so-doi-chieu";
        var questionnaire = await SurveyYear.SetUpAsync(host, IndexSet, (unit, "Sở Nhập Phiếu"), (otherUnit, "Sở Đối Chiếu"));
        var delegates = await SurveyYear.RegisterAsync(host, unit, Delegates, 20, "NPH");
        var citizens = await SurveyYear.RegisterAsync(host, unit, Citizens, 40, "NPD");
        using var admin = host.Client();
        var template = await SurveyImportSheet.DownloadTemplateAsync(admin, Year, IndexSet);

        var invalid = new Dictionary<int, (string Respondent, string Words)>();
        var file = SurveyImportSheet.Fill(template, sheet =>
        {
            foreach (var respondent in delegates.Concat(citizens))
            {
                // Lower case and options varied: the stored answer is the questionnaire's code.
                var option = respondent.Code.EndsWith('7') ? "b" : respondent.Code.EndsWith('3') ? "C" : "A";
                sheet.Answer(sheet.RowOf(respondent.Code), SurveyYear.AllAnswered(questionnaire, respondent.Group, option));
            }

            var missing = sheet.RowOf("NPH03");
            var firstDelegateQuestion = questionnaire.QuestionsFor(Delegates)[1].Code;
            sheet.Set(missing, firstDelegateQuestion, null);
            invalid[missing] = ("NPH03", $"thiếu câu {firstDelegateQuestion}");

            var noSuchOption = sheet.RowOf("NPD05");
            var citizenQuestion = questionnaire.QuestionsFor(Citizens)[1].Code;
            sheet.Set(noSuchOption, citizenQuestion, "E");
            invalid[noSuchOption] = ("NPD05", $"Câu {citizenQuestion}: đáp án \"E\" không có");

            var wrongUnit = sheet.RowOf("NPD10");
            sheet.Set(wrongUnit, SurveyWorkbook.UnitHeading, otherUnit);
            invalid[wrongUnit] = ("NPD10", $"không phải \"{otherUnit}\"");

            var wrongGroup = sheet.RowOf("NPH12");
            sheet.Set(wrongGroup, SurveyWorkbook.GroupHeading, Citizens);
            invalid[wrongGroup] = ("NPH12", $"thuộc nhóm {Delegates}, không phải nhóm \"{Citizens}\"");

            var stranger = sheet.AddRow("NPX99", unit, Citizens, SurveyYear.AllAnswered(questionnaire, Citizens));
            invalid[stranger] = ("NPX99", "không có trong danh sách người được khảo sát");

            var first = sheet.RowOf("NPD20");
            var twice = sheet.AddRow("NPD20", unit, Citizens, SurveyYear.AllAnswered(questionnaire, Citizens, "D"));
            invalid[twice] = ("NPD20", $"đã có ở dòng {first} của tệp");
        });

        // Invalid rows and no confirmation: every one named with its reasons, nothing stored.
        using (var refused = await SurveyImportSheet.PostAsync(admin, Year, IndexSet, file))
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.UnprocessableEntity, [.. invalid.Keys.Select(row => $"row:{row}")]);
            Assert.Equal(IndexSet, problem.GetProperty("indexSet").GetString());
            Assert.Equal(56, problem.GetProperty("validRows").GetInt32());
            Assert.Equal(0, problem.GetProperty("imported").GetInt32());
            Assert.Contains("xác nhận chỉ nhập 56 dòng hợp lệ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("message").GetString());
            AssertRowErrors(invalid, problem);
        }

        Assert.Empty(await BallotsOfAsync(unit));

        // Confirmed: the valid rows only; the invalid ones reported again.
        using (var confirmed = await SurveyImportSheet.PostAsync(admin, Year, IndexSet, file, confirm: "validRows"))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            var result = await confirmed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(56, result.GetProperty("validRows").GetInt32());
            Assert.Equal(56, result.GetProperty("imported").GetInt32());
            Assert.Contains("Đã nhập 56 phiếu", result.GetProperty("message").GetString(), StringComparison.Ordinal);
            AssertRowErrors(invalid, result);
        }

        var stored = await BallotsOfAsync(unit);
        var refusedCodes = new[] { "NPH03", "NPH12", "NPD05", "NPD10" };
        Assert.Equal(
            delegates.Concat(citizens).Select(respondent => respondent.Code).Except(refusedCodes).Order(StringComparer.Ordinal),
            stored.Select(ballot => ballot.RespondentCode).Order(StringComparer.Ordinal));
        Assert.All(stored, ballot =>
        {
            Assert.Equal(BallotSource.Import, ballot.Source);
            Assert.Equal(LocalHostFixture.Admin, ballot.By);
            Assert.Equal(questionnaire.QuestionsFor(ballot.Group).Select(question => question.Code), ballot.Answers.Keys);
        });
        Assert.All(stored.Single(ballot => ballot.RespondentCode == "NPD17").Answers.Values, answer => Assert.Equal("B", answer));
        Assert.All(stored.Single(ballot => ballot.RespondentCode == "NPD20").Answers.Values, answer => Assert.Equal("A", answer));

        // What section V counts: exactly the valid rows of each group, none of the refused ones.
        var catalogue = (await host.Services.GetRequiredService<CatalogueStore>().GetAsync(Year, IndexSet))!;
        var tally = SurveyConversion.Convert(unit, catalogue, questionnaire, await Store.BallotsAsync(Year)).Groups.ToDictionary(group => group.Code);
        Assert.Equal((20, 18, 18), (tally[Delegates].Quota, tally[Delegates].Received, tally[Delegates].Valid));
        Assert.Equal((40, 38, 38), (tally[Citizens].Quota, tally[Citizens].Received, tally[Citizens].Valid));

        // The same file again: every answered row is refused, the stored ones as already answered; nothing changes.
        using (var again = await SurveyImportSheet.PostAsync(admin, Year, IndexSet, file, confirm: "validRows"))
        {
            var problem = await ProblemAssert.IsProblemAsync(again, HttpStatusCode.UnprocessableEntity);
            Assert.Equal(0, problem.GetProperty("validRows").GetInt32());
            var errors = problem.GetProperty("rowErrors").EnumerateArray().ToList();
            Assert.Equal(62, errors.Count);
            var storedCodes = stored.Select(ballot => ballot.RespondentCode).ToHashSet(StringComparer.Ordinal);
            Assert.All(
                errors.Where(error => storedCodes.Contains(error.GetProperty("respondent").GetString()!) && !invalid.ContainsKey(error.GetProperty("row").GetInt32())),
                error => Assert.Contains(error.GetProperty("messages").EnumerateArray(), message => message.GetString()!.Contains("đã trả lời phiếu lúc", StringComparison.Ordinal)));
        }

        Assert.Equal(56, (await BallotsOfAsync(unit)).Count);
    }

    [Fact]
    [Trait("Requirement", "R-4.2")]
    public async Task All_valid_rows_are_stored_without_confirmation_and_rows_nobody_answered_are_skipped()
    {
        const string unit = "so-nhap-du";
        var questionnaire = await SurveyYear.SetUpAsync(host, IndexSet, (unit, "Sở Nhập Đủ"));
        var citizens = await SurveyYear.RegisterAsync(host, unit, Citizens, 3, "NDD");
        using var admin = host.Client();
        var file = SurveyImportSheet.Fill(await SurveyImportSheet.DownloadTemplateAsync(admin, Year, IndexSet), sheet =>
        {
            sheet.Answer(sheet.RowOf("NDD01"), SurveyYear.AllAnswered(questionnaire, Citizens, "A"));
            sheet.Answer(sheet.RowOf("NDD02"), SurveyYear.AllAnswered(questionnaire, Citizens, "d"));
        });

        using var response = await SurveyImportSheet.PostAsync(admin, Year, IndexSet, file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 2), (result.GetProperty("validRows").GetInt32(), result.GetProperty("imported").GetInt32()));
        Assert.True(result.GetProperty("unanswered").GetInt32() >= 1);
        Assert.Empty(result.GetProperty("rowErrors").EnumerateArray());
        Assert.Equal(["NDD01", "NDD02"], (await BallotsOfAsync(unit)).Select(ballot => ballot.RespondentCode).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(citizens[2].Code, (await BallotsOfAsync(unit)).Select(ballot => ballot.RespondentCode));
    }

    [Fact]
    [Trait("Requirement", "R-4.2")]
    public async Task The_template_lists_the_respondents_still_to_answer_with_a_dropdown_per_question_and_a_guide()
    {
        const string unit = "so-tep-mau";
        var questionnaire = await SurveyYear.SetUpAsync(host, IndexSet, (unit, "Sở Tệp Mẫu"));
        var delegates = await SurveyYear.RegisterAsync(host, unit, Delegates, 2, "TMH");
        var citizens = await SurveyYear.RegisterAsync(host, unit, Citizens, 3, "TMD");
        var answered = citizens[1];
        Assert.True(await Store.AddBallotAsync(Year, new SurveyBallot(answered.Code, unit, Citizens, SurveyYear.AllAnswered(questionnaire, Citizens),
            BallotSource.Online, DateTimeOffset.UtcNow, answered.Code, [])));
        using var admin = host.Client();

        using var response = await admin.GetAsync(SurveyImportSheet.TemplatePath(Year, IndexSet));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SurveyWorkbook.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"phieu-khao-sat-{Year}-{IndexSet}.xlsx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var content = await response.Content.ReadAsByteArrayAsync();
        using var document = SpreadsheetDocument.Open(new MemoryStream(content), isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document).Select(error => $"{error.Path?.XPath}: {error.Description}"));
        Assert.Equal([SurveyWorkbook.BallotSheet, SurveyWorkbook.GuideSheet], WorkbookCells.Sheets(document).Select(sheet => sheet.Name));
        var ballots = SurveyImportSheet.SheetPart(document, SurveyWorkbook.BallotSheet);
        var questions = questionnaire.Questions.Select(question => question.Code).ToList();
        Assert.Equal(
            ["Mã người trả lời", "Mã đơn vị", "Tên đơn vị", "Nhóm", .. questions],
            Enumerable.Range(0, 4 + questions.Count).Select(column => SurveyImportSheet.CellText(document, ballots, SurveyImportSheet.Reference(column, 1))));

        // One prefilled row per registered respondent without a ballot, answers empty; none for the one who answered.
        var sheet = SurveyWorkbook.Read(new MemoryStream(content));
        Assert.True(sheet.IsReadable, string.Join(" ", sheet.Problems));
        Assert.Equal(questions, sheet.QuestionColumns);
        var ours = sheet.Rows.Where(row => row.UnitId == unit).ToList();
        Assert.Equal(
            delegates.Concat(citizens).Where(respondent => respondent != answered).Select(respondent => (respondent.Code, respondent.Group)),
            ours.Select(row => (row.RespondentCode, row.Group)));
        Assert.All(ours, row => Assert.Empty(row.Answers));
        Assert.All(ours, row => Assert.Equal("Sở Tệp Mẫu", SurveyImportSheet.CellText(document, ballots, $"C{row.Row}")));
        var registered = (await Store.RespondentsAsync(Year)).ToDictionary(respondent => respondent.Code);
        var withBallot = (await Store.BallotsAsync(Year)).Select(ballot => ballot.RespondentCode).ToHashSet();
        Assert.All(sheet.Rows, row => Assert.True(registered.ContainsKey(row.RespondentCode) && !withBallot.Contains(row.RespondentCode), row.RespondentCode));

        // A dropdown of the options on each answer column; the heading row frozen.
        var validations = ballots.Worksheet.Descendants<DataValidation>().ToList();
        Assert.Equal(questions.Count, validations.Count);
        for (var index = 0; index < questions.Count; index++)
        {
            var column = SurveyImportSheet.Reference(4 + index, 2);
            Assert.Equal(DataValidationValues.List, validations[index].Type?.Value);
            Assert.Equal("\"A,B,C,D\"", validations[index].Formula1?.Text);
            Assert.StartsWith(column + ":", validations[index].SequenceOfReferences?.InnerText, StringComparison.Ordinal);
        }

        var pane = ballots.Worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State?.Value);
        Assert.Equal(1d, pane.VerticalSplit?.Value);

        // The guide names every question with its group, criterion, text and options.
        var guide = string.Join("\n", SurveyImportSheet.SheetPart(document, SurveyWorkbook.GuideSheet).Worksheet.Descendants<Cell>()
            .Select(cell => cell.InnerText));
        Assert.Contains("Hướng dẫn điền phiếu khảo sát", guide, StringComparison.Ordinal);
        var catalogue = (await host.Services.GetRequiredService<CatalogueStore>().GetAsync(Year, IndexSet))!;
        foreach (var question in questionnaire.Questions)
        {
            Assert.Contains(question.Text, guide, StringComparison.Ordinal);
            Assert.Contains($"{question.Criterion} – {catalogue.Find(question.Criterion)!.Criterion.Title}", guide, StringComparison.Ordinal);
        }

        Assert.Contains("A – Rất tốt / Rất hài lòng (100 %)", guide, StringComparison.Ordinal);
        Assert.Contains("B – Tốt / Hài lòng (75 %)", guide, StringComparison.Ordinal);
        Assert.Contains("Đại biểu HĐND tỉnh", guide, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "R-4.2")]
    [Trait("Requirement", "R-9")]
    public async Task Unreadable_files_other_callers_a_missing_questionnaire_and_a_published_year_are_refused_and_change_nothing()
    {
        const string unit = "so-tu-choi";
        var questionnaire = await SurveyYear.SetUpAsync(host, IndexSet, (unit, "Sở Từ Chối"));
        await SurveyYear.RegisterAsync(host, unit, Citizens, 2, "TCD");
        using var admin = host.Client();
        var answers = SurveyYear.AllAnswered(questionnaire, Citizens);
        var valid = SurveyImportSheet.Fill(await SurveyImportSheet.DownloadTemplateAsync(admin, Year, IndexSet), sheet => sheet.Answer(sheet.RowOf("TCD01"), answers));

        // Not a workbook: a CSV saved under the template's name.
        using (var csv = await SurveyImportSheet.PostAsync(admin, Year, IndexSet, Encoding.UTF8.GetBytes("Mã người trả lời;Mã đơn vị;Nhóm;C5\nTCD01;so-tu-choi;DN;A\n")))
        {
            var problem = await ProblemAssert.IsProblemAsync(csv, HttpStatusCode.BadRequest, "file");
            Assert.Contains("không phải bảng tính Excel .xlsx", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // A zip that is not a workbook.
        using (var damaged = await SurveyImportSheet.PostAsync(admin, Year, IndexSet, [(byte)'P', (byte)'K', 3, 4, .. new byte[200]]))
        {
            var problem = await ProblemAssert.IsProblemAsync(damaged, HttpStatusCode.BadRequest, "file");
            Assert.Contains("bị hỏng", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // A workbook without the respondent column.
        var noRespondent = SurveyImportSheet.Build((SurveyWorkbook.BallotSheet, [["Mã đơn vị", "Nhóm", .. answers.Keys], [unit, Citizens, .. answers.Values]]));
        using (var missing = await SurveyImportSheet.PostAsync(admin, Year, IndexSet, noRespondent))
        {
            var problem = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.BadRequest, "file");
            Assert.Contains("thiếu cột \"Mã người trả lời\"", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // An unknown confirmation, a JSON body.
        using (var confirm = await SurveyImportSheet.PostAsync(admin, Year, IndexSet, valid, confirm: "all"))
        {
            await ProblemAssert.IsProblemAsync(confirm, HttpStatusCode.BadRequest, "confirm");
        }

        using (var json = await admin.PostAsync(SurveyImportSheet.ImportPath(Year, IndexSet), LocalHostFixture.Json("{}")))
        {
            await ProblemAssert.IsProblemAsync(json, HttpStatusCode.UnsupportedMediaType);
        }

        // Only the working group: a unit's staff member is refused both the template and the import.
        using (var staff = host.Client("canbo@so-tu-choi.phutho.vn"))
        {
            using var template = await staff.GetAsync(SurveyImportSheet.TemplatePath(Year, IndexSet));
            await ProblemAssert.IsProblemAsync(template, HttpStatusCode.Forbidden);
            using var import = await SurveyImportSheet.PostAsync(staff, Year, IndexSet, valid);
            await ProblemAssert.IsProblemAsync(import, HttpStatusCode.Forbidden);
        }

        // An index set without a questionnaire yet.
        await LeaderBallotYear.LoadCatalogueAsync(host, "02");
        using (var noQuestionnaire = await admin.GetAsync(SurveyImportSheet.TemplatePath(Year, "02")))
        {
            var problem = await ProblemAssert.IsProblemAsync(noQuestionnaire, HttpStatusCode.Conflict);
            Assert.Contains("chưa có bảng câu hỏi khảo sát", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(await BallotsOfAsync(unit));

        // A published year: frozen.
        const int published = 2044;
        await SurveyImportSheet.PublishedYearAsync(host, published, "so-da-cong-bo");
        var frozen = SurveyImportSheet.Fill(await SurveyImportSheet.DownloadTemplateAsync(admin, published, IndexSet), sheet => sheet.Answer(sheet.RowOf("CB01"), answers));
        using (var response = await SurveyImportSheet.PostAsync(admin, published, IndexSet, frozen))
        {
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
            Assert.Contains("đã được công bố", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(await Store.BallotsAsync(published));

        // The well-formed file still imports: none of the refusals above left anything behind.
        using var accepted = await SurveyImportSheet.PostAsync(admin, Year, IndexSet, valid);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(["TCD01"], (await BallotsOfAsync(unit)).Select(ballot => ballot.RespondentCode));
    }

    [Fact]
    [Trait("Requirement", "R-4.2")]
    public void The_reader_matches_headings_without_accents_or_case_reads_numbers_and_skips_blank_rows()
    {
        var content = SurveyImportSheet.Build(
            ("Ghi chú", [["Không phải trang phiếu"]]),
            ("PHIEU KHAO SAT",
            [
                [new InlineText("  ma NGUOI tra loi "), "MÃ ĐƠN VỊ", "nhom", "Tên  đơn vị", "c1", new InlineText("C2")],
                ["R01", "so-a", "HDND", "Sở A", "A", new InlineText(" b ")],
                [null, new InlineText("  "), null, null, null, null],
                [],
                [1234m, "so-a", "DN", null, 1m, 12.50m],
                [new InlineText("R03"), "so-b", new InlineText("DN"), null, null, null],
            ]));

        var sheet = SurveyWorkbook.Read(new MemoryStream(content));

        Assert.True(sheet.IsReadable, string.Join(" ", sheet.Problems));
        Assert.Equal(["c1", "C2"], sheet.QuestionColumns);
        Assert.Equal([2, 5, 6], sheet.Rows.Select(row => row.Row));
        Assert.Equal(("R01", "so-a", "HDND"), (sheet.Rows[0].RespondentCode, sheet.Rows[0].UnitId, sheet.Rows[0].Group));
        Assert.Equal(new Dictionary<string, string> { ["c1"] = "A", ["C2"] = "b" }, sheet.Rows[0].Answers);
        Assert.Equal("1234", sheet.Rows[1].RespondentCode);
        Assert.Equal(new Dictionary<string, string> { ["c1"] = "1", ["C2"] = "12.5" }, sheet.Rows[1].Answers);
        Assert.Empty(sheet.Rows[2].Answers);
    }

    [Fact]
    [Trait("Requirement", "R-4.2")]
    public void The_reader_refuses_files_it_cannot_trust_with_the_reason()
    {
        static string Problem(byte[] content)
        {
            var sheet = SurveyWorkbook.Read(new MemoryStream(content));
            Assert.False(sheet.IsReadable);
            Assert.Empty(sheet.Rows);
            return string.Join(" ", sheet.Problems);
        }

        Assert.Contains("rỗng", Problem([]), StringComparison.Ordinal);
        Assert.Contains("Excel 97–2003 (.xls)", Problem([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), StringComparison.Ordinal);
        Assert.Contains("không phải bảng tính Excel .xlsx", Problem("%PDF-1.7"u8.ToArray()), StringComparison.Ordinal);

        // No sheet of that name: the first sheet is read, and the message says which.
        var fallback = Problem(SurveyImportSheet.Build(("Sheet1", [["Mã đơn vị", "Nhóm", "C1"], ["so-a", "DN", "A"]])));
        Assert.Contains("trang đầu tiên \"Sheet1\"", fallback, StringComparison.Ordinal);
        Assert.Contains("thiếu cột \"Mã người trả lời\"", fallback, StringComparison.Ordinal);

        Assert.Contains("xuất hiện nhiều lần", Problem(SurveyImportSheet.Build(("Phiếu khảo sát", [["Mã người trả lời", "Mã đơn vị", "Nhóm", "C1", "c1"]]))), StringComparison.Ordinal);
        Assert.Contains("Cột F có dữ liệu nhưng không có tiêu đề", Problem(SurveyImportSheet.Build(
            ("Phiếu khảo sát", [["Mã người trả lời", "Mã đơn vị", "Nhóm", "C1"], ["R01", "so-a", "DN", "A", null, "B"]]))), StringComparison.Ordinal);

        object?[][] many = [["Mã người trả lời", "Mã đơn vị", "Nhóm", "C1"], .. Enumerable.Range(1, SurveyWorkbook.MaxRows + 1).Select(i => new object?[] { new InlineText($"R{i}"), "so-a", "DN", "A" })];
        Assert.Contains("hơn 5.000 dòng", Problem(SurveyImportSheet.Build(("Phiếu khảo sát", many))), StringComparison.Ordinal);
    }

    private static void AssertRowErrors(Dictionary<int, (string Respondent, string Words)> expected, JsonElement body)
    {
        var errors = body.GetProperty("rowErrors").EnumerateArray().ToList();
        Assert.Equal(expected.Keys.Order(), errors.Select(error => error.GetProperty("row").GetInt32()));
        foreach (var error in errors)
        {
            var (respondent, words) = expected[error.GetProperty("row").GetInt32()];
            Assert.Equal(respondent, error.GetProperty("respondent").GetString());
            var messages = string.Join(" | ", error.GetProperty("messages").EnumerateArray().Select(message => message.GetString()));
            Assert.Contains(words, messages, StringComparison.Ordinal);
        }
    }

    private async Task<List<SurveyBallot>> BallotsOfAsync(string unitId) =>
        (await Store.BallotsAsync(Year)).Where(ballot => ballot.UnitId == unitId).ToList();
}
