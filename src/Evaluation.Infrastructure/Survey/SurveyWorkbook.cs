using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using Evaluation.Domain.Survey;
using Evaluation.Infrastructure.Exports;
using Evaluation.Infrastructure.Spreadsheets;

namespace Evaluation.Infrastructure.Survey;

/// <summary>One ballot row of the survey spreadsheet as typed: its row number as Excel shows it and the raw cell texts.</summary>
/// <param name="Answers">Question column heading → the cell's text; blank cells are left out.</param>
public sealed record SurveySheetRow(int Row, string RespondentCode, string UnitId, string Group, IReadOnlyDictionary<string, string> Answers);

/// <summary>What <see cref="SurveyWorkbook.Read"/> found: the question columns and the rows, or why the file cannot be read.</summary>
/// <param name="QuestionColumns">The headings of the columns that are not the respondent's columns, as written.</param>
/// <param name="Problems">File-level problems in Vietnamese; when any, there are no rows.</param>
public sealed record SurveySheet(IReadOnlyList<string> QuestionColumns, IReadOnlyList<SurveySheetRow> Rows, IReadOnlyList<string> Problems)
{
    public bool IsReadable => Problems.Count == 0;

    public static SurveySheet Refused(params string[] problems) => new([], [], problems);
}

/// <summary>
/// The survey spreadsheet (R-4.2, Art. 3.2): the template the working group fills in from the paper ballots (one
/// prefilled row per registered respondent, one column per question with a dropdown of its options, a guide sheet
/// with every question and option), and the reader of the filled-in file. The reader knows nothing of the
/// questionnaire: it returns the rows as typed, and the import checks each one with <see cref="BallotRules"/>.
/// <para>
/// Written with the Open XML SDK as <c>Exports/ResultsWorkbook</c> is. Texts go in as inline strings (Excel turns
/// them into shared strings when it saves); <see cref="WorksheetReader"/> reads them back, with shared strings and numbers.
/// Reading is bounded: the upload's size at the endpoint, <see cref="MaxRows"/> rows and the unpacked size of a part.
/// </para>
/// </summary>
public static class SurveyWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string BallotSheet = "Phiếu khảo sát";
    public const string GuideSheet = "Hướng dẫn";
    public const string RespondentHeading = "Mã người trả lời";
    public const string UnitHeading = "Mã đơn vị";
    public const string UnitNameHeading = "Tên đơn vị";
    public const string GroupHeading = "Nhóm";

    /// <summary>Ballot rows a file may hold: a province's units × 60 ballots, with room to spare.</summary>
    public const int MaxRows = 5000;

    /// <summary>The largest upload the import takes.</summary>
    public const long MaxFileBytes = 5 * 1024 * 1024;

    /// <summary>Columns read at most: the four respondent columns and up to <see cref="QuestionnaireReader.MaxQuestions"/> questions.</summary>
    private const int MaxColumns = 4 + QuestionnaireReader.MaxQuestions + 50;

    private const int FixedColumns = 4;

    private static readonly string[] RequiredHeadings = [RespondentHeading, UnitHeading, GroupHeading];

    public static string FileName(int year, string indexSet) => string.Create(CultureInfo.InvariantCulture, $"phieu-khao-sat-{year}-{indexSet}.xlsx");

    /// <summary>The template of one index set: a row per given respondent (answers empty) and the guide.</summary>
    /// <param name="unitNames">Unit id → name, shown beside each respondent.</param>
    public static byte[] Template(Questionnaire questionnaire, Catalogue catalogue, IReadOnlyList<SurveyRespondent> respondents, IReadOnlyDictionary<string, string> unitNames)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(respondents);
        ArgumentNullException.ThrowIfNull(unitNames);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles.Create();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            var ballots = workbookPart.AddNewPart<WorksheetPart>();
            ballots.Worksheet = BallotWorksheet(questionnaire, respondents, unitNames);
            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(ballots), SheetId = 1, Name = BallotSheet });
            var guide = workbookPart.AddNewPart<WorksheetPart>();
            guide.Worksheet = GuideWorksheet(questionnaire, catalogue, respondents.Count);
            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(guide), SheetId = 2, Name = GuideSheet });
            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The ballot rows of a filled-in template: sheet "Phiếu khảo sát" (else the first sheet), the first non-empty row
    /// as the heading, matched trimmed and ignoring case and accents; blank rows are skipped.
    /// </summary>
    public static SurveySheet Read(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            throw new ArgumentException("The workbook must be read from a seekable stream (the endpoint buffers the bounded upload).", nameof(content));
        }

        const string resave = "Hãy mở tệp bằng Excel, lưu lại dạng \"Sổ làm việc Excel (.xlsx)\" rồi tải lên lại.";
        var head = new byte[4];
        var headLength = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (headLength == 0)
        {
            return SurveySheet.Refused("Tệp tải lên rỗng.");
        }

        if (headLength == 4 && head is [0xD0, 0xCF, 0x11, 0xE0])
        {
            return SurveySheet.Refused($"Tệp là bảng tính Excel 97–2003 (.xls), hệ thống chỉ đọc tệp .xlsx. {resave}");
        }

        if (headLength < 4 || head is not [(byte)'P', (byte)'K', 3, 4])
        {
            return SurveySheet.Refused($"Tệp không phải bảng tính Excel .xlsx (có thể là tệp CSV, PDF hoặc ảnh). Hãy dùng tệp mẫu tải từ hệ thống. {resave}");
        }

        content.Position = 0;
        try
        {
            return ReadBallots(content);
        }
        catch (Exception ex) when (WorksheetReader.IsUnreadable(ex))
        {
            return SurveySheet.Refused($"Không đọc được tệp như một bảng tính Excel .xlsx: tệp bị hỏng hoặc không đúng định dạng. {resave}");
        }
    }

    private static SurveySheet ReadBallots(Stream content)
    {
        using var sheet = WorksheetReader.Open(content, MaxColumns, preferredSheet: BallotSheet, numbersAsDecimals: true);
        if (sheet is null)
        {
            return SurveySheet.Refused($"Tệp không có trang tính \"{BallotSheet}\" nào để đọc.");
        }

        var where = sheet.IsPreferredSheet
            ? $"Trang \"{BallotSheet}\""
            : $"Tệp không có trang \"{BallotSheet}\"; trang đầu tiên \"{sheet.SheetName}\"";

        // Streamed row by row, so a sheet with formatting down to row 1,048,576 stops at the limit instead of loading.
        Heading? heading = null;
        var rows = new List<SurveySheetRow>();
        var unnamedColumns = new SortedSet<int>();
        foreach (var (number, cells) in sheet.Rows())
        {
            if (heading is null)
            {
                heading = Heading.Of(cells, number);
                if (heading.Problems(where) is { Count: > 0 } problems)
                {
                    return new SurveySheet([], [], problems);
                }

                continue;
            }

            if (rows.Count == MaxRows)
            {
                return SurveySheet.Refused($"{where} có hơn {MaxRows.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))} dòng phiếu, vượt quá giới hạn một lần nhập. Hãy chia thành nhiều tệp.");
            }

            rows.Add(heading.RowOf(number, cells, unnamedColumns));
        }

        if (heading is null)
        {
            return SurveySheet.Refused($"{where} trống: thiếu dòng tiêu đề với các cột {string.Join(", ", RequiredHeadings.Select(h => $"\"{h}\""))}.");
        }

        if (unnamedColumns.Count > 0)
        {
            return SurveySheet.Refused(unnamedColumns.Select(column =>
                $"Cột {ColumnLetters.Of(column + 1)} có dữ liệu nhưng không có tiêu đề ở dòng {heading.Row}; mỗi cột câu trả lời phải có mã câu hỏi (C1, C2, …) ở dòng tiêu đề.").ToArray());
        }

        return new SurveySheet(heading.QuestionColumns, rows, []);
    }

    /// <summary>The heading row: where the respondent's columns and the question columns are.</summary>
    private sealed class Heading
    {
        private readonly Dictionary<string, int> _fixed = new(StringComparer.Ordinal);
        private readonly List<(int Column, string Code)> _questions = [];
        private readonly List<string> _duplicates = [];
        private HashSet<int>? _named;

        private Heading(int row) => Row = row;

        public int Row { get; }

        public IReadOnlyList<string> QuestionColumns => _questions.Select(question => question.Code).ToList();

        public static Heading Of(IReadOnlyList<string> cells, int row)
        {
            var heading = new Heading(row);
            var fixedNames = new[] { RespondentHeading, UnitHeading, UnitNameHeading, GroupHeading }.ToDictionary(HeaderText.Fold, name => name, StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var column = 0; column < cells.Count; column++)
            {
                var text = VietnameseText.Clean(cells[column]) ?? string.Empty;
                var folded = HeaderText.Fold(text);
                if (folded.Length == 0)
                {
                    continue;
                }

                if (!seen.Add(folded))
                {
                    heading._duplicates.Add(text);
                }
                else if (fixedNames.TryGetValue(folded, out var name))
                {
                    heading._fixed[name] = column;
                }
                else
                {
                    heading._questions.Add((column, text));
                }
            }

            return heading;
        }

        public List<string> Problems(string where)
        {
            var problems = _duplicates.Distinct(StringComparer.Ordinal)
                .Select(text => $"Cột \"{text}\" xuất hiện nhiều lần ở dòng tiêu đề (dòng {Row}); mỗi cột chỉ được có một lần.")
                .ToList();
            var missing = RequiredHeadings.Where(name => !_fixed.ContainsKey(name)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{where}: dòng tiêu đề (dòng {Row}) thiếu cột {string.Join(", ", missing.Select(name => $"\"{name}\""))}. " +
                             "Hãy dùng tệp mẫu tải từ hệ thống và không đổi tên, không xóa các cột.");
            }

            return problems;
        }

        public SurveySheetRow RowOf(int number, IReadOnlyList<string> cells, SortedSet<int> unnamedColumns)
        {
            string Cell(int column) => column >= 0 && column < cells.Count ? VietnameseText.Clean(cells[column]) ?? string.Empty : string.Empty;
            var answers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (column, code) in _questions)
            {
                if (Cell(column) is { Length: > 0 } answer)
                {
                    answers[code] = answer;
                }
            }

            _named ??= _fixed.Values.Concat(_questions.Select(question => question.Column)).ToHashSet();
            for (var column = 0; column < cells.Count; column++)
            {
                if (!_named.Contains(column) && Cell(column).Length > 0)
                {
                    unnamedColumns.Add(column);
                }
            }

            return new SurveySheetRow(number, Cell(_fixed[RespondentHeading]), Cell(_fixed[UnitHeading]), Cell(_fixed[GroupHeading]), answers);
        }
    }

    private static Worksheet BallotWorksheet(Questionnaire questionnaire, IReadOnlyList<SurveyRespondent> respondents, IReadOnlyDictionary<string, string> unitNames)
    {
        var questions = questionnaire.Questions;
        var data = new SheetData();
        var header = new RowWriter(1);
        foreach (var heading in new[] { RespondentHeading, UnitHeading, UnitNameHeading, GroupHeading }.Concat(questions.Select(question => question.Code)))
        {
            header.Text(heading, Styles.Header);
        }

        data.Append(header.Row);
        var groupOrder = questionnaire.Groups.Select(group => group.Code).ToList();
        var ordered = respondents
            .OrderBy(respondent => unitNames.GetValueOrDefault(respondent.UnitId) ?? respondent.UnitId, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true))
            .ThenBy(respondent => groupOrder.IndexOf(respondent.Group) is var at and >= 0 ? at : int.MaxValue)
            .ThenBy(respondent => respondent.Code, StringComparer.Ordinal);
        uint rowIndex = 1;
        foreach (var respondent in ordered)
        {
            var row = new RowWriter(++rowIndex)
                .Text(respondent.Code, Styles.Cell)
                .Text(respondent.UnitId, Styles.Cell)
                .Text(unitNames.GetValueOrDefault(respondent.UnitId) ?? respondent.UnitId, Styles.Cell)
                .Text(respondent.Group, Styles.Cell);
            foreach (var question in questions)
            {
                // The other group's questions are greyed: that respondent leaves them empty.
                row.Empty(question.Group == respondent.Group ? Styles.Answer : Styles.NotAsked);
            }

            data.Append(row.Row);
        }

        var lastRow = (MaxRows + 1).ToString(CultureInfo.InvariantCulture);
        var validations = questions.Select((question, index) =>
        {
            var column = ColumnLetters.Of(FixedColumns + index + 1);
            var codes = string.Join(",", question.Options.Select(option => option.Code));
            return new DataValidation(new Formula1($"\"{codes}\""))
            {
                Type = DataValidationValues.List,
                AllowBlank = true,
                ShowInputMessage = true,
                ShowErrorMessage = true,
                PromptTitle = Shorten($"Câu {question.Code} (nhóm {question.Group})", 32),
                Prompt = Shorten(string.Join("; ", question.Options.Select(option => $"{option.Code}: {option.Text}")), 255),
                ErrorTitle = "Phương án không có",
                Error = Shorten($"Câu {question.Code} chỉ nhận một trong các phương án {string.Join(", ", question.Options.Select(option => option.Code))}.", 225),
                SequenceOfReferences = new ListValue<StringValue>([new StringValue($"{column}2:{column}{lastRow}")]),
            };
        }).ToList();

        var worksheet = new Worksheet(
            new SheetViews(new SheetView(new Pane
            {
                // The heading row and the respondent's four columns stay in view while answers are typed.
                HorizontalSplit = FixedColumns,
                VerticalSplit = 1,
                TopLeftCell = ColumnLetters.Of(FixedColumns + 1) + "2",
                ActivePane = PaneValues.BottomRight,
                State = PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 }),
            WorkbookStyles.Widths([20, 24, 40, 9, .. questions.Select(_ => 7d)]),
            data);
        if (validations.Count > 0)
        {
            worksheet.Append(new DataValidations(validations) { Count = (uint)validations.Count });
        }

        return worksheet;
    }

    private static Worksheet GuideWorksheet(Questionnaire questionnaire, Catalogue catalogue, int respondentCount)
    {
        var data = new SheetData();
        uint rowIndex = 0;
        // Merged lines do not grow to fit their text in Excel, so each is given room for three lines.
        void Line(string text, uint style = Styles.Wrapped)
        {
            var row = new RowWriter(++rowIndex).Text(text, style).Row;
            if (style == Styles.Wrapped)
            {
                row.Height = 45;
                row.CustomHeight = true;
            }

            data.Append(row);
        }

        Line($"Hướng dẫn điền phiếu khảo sát năm {questionnaire.Year} – bộ chỉ số {questionnaire.IndexSet}: {catalogue.Title}", Styles.Title);
        Line($"Trang \"{BallotSheet}\" có {respondentCount} dòng, mỗi dòng là một người trả lời đã được Tổ công tác đăng ký và chưa có phiếu. " +
             $"Không sửa các cột \"{RespondentHeading}\", \"{UnitHeading}\", \"{UnitNameHeading}\", \"{GroupHeading}\"; không thêm, xóa hoặc đổi tên cột.");
        Line("Với mỗi phiếu đã thu, ở từng cột câu hỏi (C1, C2, …) chọn mã phương án (A, B, C, …) trong danh sách thả xuống, đúng như người trả lời đã chọn. " +
             "Mỗi người chỉ trả lời các câu hỏi của nhóm mình; ô màu xám là câu hỏi của nhóm khác, để trống.");
        Line("Phiếu hợp lệ phải trả lời đủ tất cả các câu hỏi của nhóm, và mỗi người chỉ trả lời một lần (Quy định, Điều 3.2). " +
             "Dòng của người chưa trả lời thì để trống các câu trả lời: dòng đó được bỏ qua, không tính là phiếu.");
        Line("Khi tải tệp lên, hệ thống kiểm tra từng dòng và báo lỗi theo số dòng. Nếu có dòng lỗi, không phiếu nào được lưu: " +
             "có thể sửa rồi tải lại, hoặc xác nhận chỉ nhập các dòng hợp lệ.");
        foreach (var group in questionnaire.Groups)
        {
            Line($"Nhóm {group.Code}: {group.Title} – cần {group.Quota} phiếu hợp lệ cho mỗi cơ quan, đơn vị.");
        }

        rowIndex++;
        var header = new RowWriter(++rowIndex);
        foreach (var heading in new[] { "Mã câu", "Nhóm", "Tiêu chí", "Nội dung câu hỏi", "Phương án trả lời" })
        {
            header.Text(heading, Styles.Header);
        }

        data.Append(header.Row);
        foreach (var question in questionnaire.Questions)
        {
            var criterion = catalogue.Find(question.Criterion)?.Criterion;
            var group = questionnaire.Group(question.Group);
            data.Append(new RowWriter(++rowIndex)
                .Text(question.Code, Styles.Cell)
                .Text(group is null ? question.Group : $"{group.Code} – {group.Title}", Styles.Cell)
                .Text(criterion is null ? question.Criterion : $"{criterion.Code} – {criterion.Title} (tối đa {ScoreText.Format(criterion.MaxScore)} điểm)", Styles.Cell)
                .Text(question.Text, Styles.Cell)
                .Text(string.Join("\n", question.Options.Select(option => $"{option.Code} – {option.Text} ({ScoreText.Format(option.Percent)} %)")), Styles.Cell)
                .Row);
        }

        return new Worksheet(
            WorkbookStyles.Widths([9, 30, 42, 60, 44]),
            data,
            new MergeCells(Enumerable.Range(1, 5 + questionnaire.Groups.Count)
                .Select(row => new MergeCell { Reference = string.Create(CultureInfo.InvariantCulture, $"A{row}:E{row}") })));
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Fills one row left to right with inline-string texts and empty, styled cells.</summary>
    private sealed class RowWriter(uint index)
    {
        private readonly string _number = index.ToString(CultureInfo.InvariantCulture);

        public Row Row { get; } = new() { RowIndex = index };

        public RowWriter Text(string value, uint style) => Add(new Cell
        {
            DataType = CellValues.InlineString,
            InlineString = new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve }),
            StyleIndex = style,
        });

        public RowWriter Empty(uint style) => Add(new Cell { StyleIndex = style });

        private RowWriter Add(Cell cell)
        {
            cell.CellReference = ColumnLetters.Of(Row.ChildElements.Count + 1) + _number;
            Row.Append(cell);
            return this;
        }
    }

    /// <summary>The few cell formats the sheets use; the constants are indexes into <c>cellXfs</c>.</summary>
    private static class Styles
    {
        public const uint Title = 1;
        public const uint Header = 2;
        public const uint Cell = 3;
        public const uint Answer = 4;
        public const uint NotAsked = 5;
        public const uint Wrapped = 6;

        public static Stylesheet Create() => WorkbookStyles.Create(
            [new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9D9D9" }) { PatternType = PatternValues.Solid })],
            new CellFormat(),
            WorkbookStyles.Title(),
            WorkbookStyles.Heading(),
            WorkbookStyles.Cell(),
            new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center }) { BorderId = WorkbookStyles.ThinBorder, ApplyBorder = true, ApplyAlignment = true },
            new CellFormat { FillId = WorkbookStyles.FirstExtraFill, BorderId = WorkbookStyles.ThinBorder, ApplyFill = true, ApplyBorder = true },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = true }) { ApplyAlignment = true });
    }
}
