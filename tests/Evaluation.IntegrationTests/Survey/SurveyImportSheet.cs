using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Evaluation.Domain.Survey;
using Evaluation.Infrastructure.Seed;
using Evaluation.Infrastructure.Storage;
using Evaluation.Infrastructure.Survey;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.Survey;

/// <summary>An inline-string cell (as some tools write), where a plain string becomes a shared string (as Excel writes).</summary>
public sealed record InlineText(string Text);

/// <summary>
/// Survey spreadsheets for the import tests: workbooks built cell by cell, the downloaded template filled in as the
/// working group would in Excel (answers as shared strings), and the upload as the page sends it.
/// </summary>
public static class SurveyImportSheet
{
    public static string TemplatePath(int year, string indexSet) => $"/api/years/{year}/survey/template/{indexSet}";

    public static string ImportPath(int year, string indexSet) => $"/api/years/{year}/survey/imports/{indexSet}";

    /// <summary>Posts <paramref name="content"/> as the multipart field "file", with "confirm" when given.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, int year, string indexSet, byte[] content, string? confirm = null, string fileName = "phieu-khao-sat.xlsx")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(SurveyWorkbook.ContentType);
        form.Add(file, "file", fileName);
        if (confirm is not null)
        {
            form.Add(new StringContent(confirm), "confirm");
        }

        return await client.PostAsync(ImportPath(year, indexSet), form);
    }

    public static async Task<byte[]> DownloadTemplateAsync(HttpClient client, int year, string indexSet)
    {
        using var response = await client.GetAsync(TemplatePath(year, indexSet));
        var content = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"Template answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(content)}");
        return content;
    }

    /// <summary>A workbook of the given sheets; each cell is a string (shared), <see cref="InlineText"/>, a number, or null (no cell).</summary>
    public static byte[] Build(params (string Name, object?[][] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (var r = 0; r < rows.Length; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (var c = 0; c < rows[r].Length; c++)
                    {
                        if (rows[r][c] is { } value)
                        {
                            row.Append(CellOf(value, Reference(c, r + 1), strings.SharedStringTable));
                        }
                    }

                    data.Append(row);
                }

                part.Worksheet = new Worksheet(data);
                workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }

            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>The template with <paramref name="edit"/> applied to its ballot sheet, saved as a new file.</summary>
    public static byte[] Fill(byte[] template, Action<TemplateEditor> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(template);
        using (var document = SpreadsheetDocument.Open(stream, isEditable: true))
        {
            edit(new TemplateEditor(document));
            document.WorkbookPart!.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>A cell's text whatever its kind (shared, inline, number).</summary>
    public static string CellText(SpreadsheetDocument document, WorksheetPart part, string reference)
    {
        var cell = part.Worksheet.Descendants<Cell>().FirstOrDefault(candidate => candidate.CellReference?.Value == reference);
        if (cell is null)
        {
            return string.Empty;
        }

        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? string.Empty;
        }

        var raw = cell.CellValue?.Text ?? string.Empty;
        return cell.DataType?.Value == CellValues.SharedString
            ? document.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(raw, CultureInfo.InvariantCulture)).InnerText
            : raw;
    }

    public static WorksheetPart SheetPart(SpreadsheetDocument document, string name)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(candidate => candidate.Name?.Value == name);
        return (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
    }

    /// <summary>
    /// A year that is already published: the index set, a unit, the draft questionnaire and respondents, then
    /// publication recorded as the workflow records it.
    /// </summary>
    public static async Task<IReadOnlyList<SurveyRespondent>> PublishedYearAsync(LocalHostFixture host, int year, string unitId)
    {
        using var admin = host.Client();
        await EnsureAsync(admin.PutAsync($"/api/years/{year}", LocalHostFixture.Json("{}")));
        var catalogueJson = JsonNode.Parse(SeedData.ReadBytes("catalogues/2025/01.json"))!;
        catalogueJson["year"] = year;
        await EnsureAsync(admin.PutAsync($"/api/years/{year}/catalogues/01", LocalHostFixture.Json(catalogueJson.ToJsonString())));
        await EnsureAsync(admin.PutAsync($"/api/years/{year}/units/{unitId}", LocalHostFixture.Json(new JsonObject { ["name"] = "Sở Đã Công Bố", ["type"] = "01" }.ToJsonString())));
        var services = host.Services;
        var store = services.GetRequiredService<SurveyStore>();
        var catalogue = await services.GetRequiredService<CatalogueStore>().GetAsync(year, "01") ?? throw new InvalidOperationException("Setup: catalogue 01 did not load.");
        await store.SaveQuestionnaireAsync(SurveyDefaults.Draft(catalogue), LocalHostFixture.Admin, DateTimeOffset.UtcNow, ifMatch: null);
        var respondents = new[] { new SurveyRespondent("CB01", unitId, SurveyDefaults.Citizens, "Người trả lời đã công bố", null, null, null) };
        await store.SaveRespondentsAsync(year, respondents, LocalHostFixture.Admin, DateTimeOffset.UtcNow);
        await services.GetRequiredService<YearStore>().MarkPublishedAsync(year, new DateTimeOffset(year, 12, 30, 9, 0, 0, TimeSpan.FromHours(7)));
        return respondents;
    }

    private static async Task EnsureAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Setup: {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static Cell CellOf(object value, string reference, SharedStringTable strings) => value switch
    {
        string text => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(SharedIndex(strings, text)) },
        InlineText inline => new Cell
        {
            CellReference = reference,
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(inline.Text) { Space = SpaceProcessingModeValues.Preserve }),
        },
        // Numbers as Excel stores them: no type, the value in invariant form.
        _ => new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
    };

    private static int SharedIndex(SharedStringTable strings, string text)
    {
        var items = strings.Elements<SharedStringItem>().ToList();
        var index = items.FindIndex(item => item.InnerText == text);
        if (index >= 0)
        {
            return index;
        }

        strings.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return items.Count;
    }

    internal static string Reference(int column, int row)
    {
        var name = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name + row.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Edits the ballot sheet of a downloaded template, the way a person does in Excel.</summary>
    public sealed class TemplateEditor
    {
        private readonly SpreadsheetDocument _document;
        private readonly WorksheetPart _part;
        private readonly SharedStringTable _strings;
        private readonly List<string> _headings;

        internal TemplateEditor(SpreadsheetDocument document)
        {
            _document = document;
            _part = SheetPart(document, SurveyWorkbook.BallotSheet);
            var workbook = document.WorkbookPart!;
            var stringsPart = workbook.SharedStringTablePart ?? workbook.AddNewPart<SharedStringTablePart>();
            stringsPart.SharedStringTable ??= new SharedStringTable();
            _strings = stringsPart.SharedStringTable;
            _headings = Rows.First().Elements<Cell>().Select(cell => CellText(document, _part, cell.CellReference!.Value!)).ToList();
        }

        private IEnumerable<Row> Rows => _part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>();

        /// <summary>The row number of the respondent's prefilled row.</summary>
        public int RowOf(string respondentCode) =>
            (int)Rows.Single(row => CellText(_document, _part, "A" + row.RowIndex!.Value.ToString(CultureInfo.InvariantCulture)) == respondentCode).RowIndex!.Value;

        /// <summary>Sets the cell under <paramref name="heading"/> (null empties it).</summary>
        public void Set(int rowNumber, string heading, string? value)
        {
            var column = _headings.IndexOf(heading);
            Assert.True(column >= 0, $"The template has no column {heading}.");
            var row = Rows.Single(candidate => candidate.RowIndex!.Value == (uint)rowNumber);
            var reference = Reference(column, rowNumber);
            // The template writes every cell of a row (answers as empty, styled cells), so each one is there to fill.
            var cell = row.Elements<Cell>().Single(candidate => candidate.CellReference?.Value == reference);

            if (value is null)
            {
                cell.DataType = null;
                cell.CellValue = null;
                return;
            }

            cell.DataType = CellValues.SharedString;
            cell.CellValue = new CellValue(SharedIndex(_strings, value));
        }

        /// <summary>Answers the questions as given.</summary>
        public void Answer(int rowNumber, IReadOnlyDictionary<string, string> answers)
        {
            foreach (var (question, option) in answers)
            {
                Set(rowNumber, question, option);
            }
        }

        /// <summary>Adds a row under the last one: respondent, unit, group and answers; returns its number.</summary>
        public int AddRow(string respondentCode, string unitId, string group, IReadOnlyDictionary<string, string> answers)
        {
            var number = (int)Rows.Max(row => row.RowIndex!.Value) + 1;
            var row = new Row { RowIndex = (uint)number };
            for (var column = 0; column < _headings.Count; column++)
            {
                row.Append(new Cell { CellReference = Reference(column, number) });
            }

            _part.Worksheet.GetFirstChild<SheetData>()!.Append(row);
            Set(number, SurveyWorkbook.RespondentHeading, respondentCode);
            Set(number, SurveyWorkbook.UnitHeading, unitId);
            Set(number, SurveyWorkbook.GroupHeading, group);
            Answer(number, answers);
            return number;
        }
    }
}
