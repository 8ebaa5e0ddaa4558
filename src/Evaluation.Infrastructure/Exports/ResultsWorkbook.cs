using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Evaluation.Domain.Ranking;
using Evaluation.Infrastructure.Spreadsheets;

namespace Evaluation.Infrastructure.Exports;

/// <summary>
/// The results as an .xlsx workbook for the working group and the public (R-8.1): one sheet per unit type with rank,
/// unit, sections I–VII, total, class and a note for ties, under a heading with the year and whether (and when) the
/// results were published. Figures are numeric cells, so the workbook can be summed and sorted as it is.
/// <para>
/// Written with Microsoft's Open XML SDK (DocumentFormat.OpenXml 3.3.0, MIT): maintained, no native parts, and the
/// tests read the file back with the same SDK. ClosedXML would be friendlier, but the only version served here
/// (0.95.4) is years old and pins an old Open XML SDK; EPPlus 5+ is not free for this use.
/// </para>
/// </summary>
public static class ResultsWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Excel's limit on a sheet name.</summary>
    public const int MaxSheetName = 31;

    /// <summary>The row of the column headings (1-based); the units follow it in rank order.</summary>
    public const int HeaderRow = 5;

    private static readonly char[] ForbiddenInSheetName = ['[', ']', ':', '*', '?', '/', '\\'];

    private static readonly (string Heading, double Width)[] Columns =
    [
        ("Hạng", 7), ("Cơ quan, đơn vị", 46),
        .. ResultLabels.SectionColumns.Select(column => (column.Heading, column.Code == "VII" ? 10d : 8d)),
        ("Tổng điểm", 11), ("Xếp loại", 30), ("Ghi chú", 30),
    ];

    public static string FileName(int year) => string.Create(CultureInfo.InvariantCulture, $"ket-qua-xep-loai-{year}.xlsx");

    /// <summary>
    /// "{code} {name}" as Excel allows a sheet name: no []:*?/\, at most 31 characters, cut at a word where it can be.
    /// </summary>
    public static string SheetName(string code, string? name)
    {
        var full = string.IsNullOrWhiteSpace(name) ? code : $"{code} {name}";
        var clean = new string(full.Select(c => ForbiddenInSheetName.Contains(c) || char.IsControl(c) ? ' ' : c).ToArray()).Trim().Trim('\'');
        if (clean.Length <= MaxSheetName)
        {
            return clean;
        }

        var cut = clean[..MaxSheetName];
        var space = cut.LastIndexOf(' ');
        return (space > code.Length ? cut[..space] : cut).TrimEnd(' ', ',', '.', '\'');
    }

    /// <param name="ranking">The stored ranking, groups and units in rank order.</param>
    /// <param name="typeNames">Unit type code → its name (the year's unit types).</param>
    /// <param name="published">Whether the results are published; if not, the heading says it is a draft.</param>
    public static byte[] Write(int year, RankingDocument ranking, IReadOnlyDictionary<string, string> typeNames, bool published, DateTimeOffset? publishedAt)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(typeNames);
        var publication = ResultLabels.Publication(published, publishedAt, ranking.ComputedAt);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles.Create();
            var strings = new SharedStrings();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            uint sheetId = 1;
            var groups = ranking.Groups.Count > 0 ? ranking.Groups : [new RankedGroupDocument { Type = string.Empty, Units = [] }];
            foreach (var group in groups)
            {
                var typeName = typeNames.GetValueOrDefault(group.Type);
                var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
                worksheetPart.Worksheet = Sheet(year, group, typeName, publication, ranking.Flags.Where(flag => flag.Type == group.Type).ToList(), strings);
                var name = group.Type.Length == 0 ? "Kết quả" : SheetName(group.Type, typeName);
                sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = sheetId++, Name = name });
            }

            workbookPart.AddNewPart<SharedStringTablePart>().SharedStringTable = strings.Table;
            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Worksheet Sheet(int year, RankedGroupDocument group, string? typeName, string publication, List<RankingFlagDocument> flags, SharedStrings strings)
    {
        var data = new SheetData();
        var typeLine = group.Type.Length == 0
            ? "Chưa có cơ quan, đơn vị nào được xếp loại."
            : $"Loại hình {group.Type}{(typeName is null ? string.Empty : " – " + typeName)}: {group.UnitCount} cơ quan, đơn vị; tối đa {group.ExcellentCap} đơn vị hoàn thành xuất sắc nhiệm vụ.";
        data.Append(new RowWriter(1, strings).Text(ResultLabels.TitleOf(year), Styles.Title).Row);
        data.Append(new RowWriter(2, strings).Text(typeLine, Styles.Bold).Row);
        data.Append(new RowWriter(3, strings).Text(publication, Styles.Plain).Row);
        var header = new RowWriter(HeaderRow, strings);
        foreach (var (heading, _) in Columns)
        {
            header.Text(heading, Styles.Header);
        }

        data.Append(header.Row);
        var atCap = flags.Where(flag => flag.Kind == "tieAtCap").SelectMany(flag => flag.UnitIds).ToHashSet(StringComparer.Ordinal);
        var rowIndex = (uint)HeaderRow;
        foreach (var unit in group.Units)
        {
            var row = new RowWriter(++rowIndex, strings).Number(unit.Rank, Styles.Rank).Text(unit.Name, Styles.Cell);
            foreach (var (code, _) in ResultLabels.SectionColumns)
            {
                row.Number(unit.Sections.GetValueOrDefault(code), Styles.Score);
            }

            var notes = new List<string>();
            if (unit.Tie)
            {
                notes.Add(ResultLabels.TieMark);
            }

            if (atCap.Contains(unit.UnitId))
            {
                notes.Add("Bằng điểm tại ranh giới tỷ lệ xuất sắc");
            }

            data.Append(row.Number(unit.Total, Styles.Total).Text(ResultLabels.ClassName(unit.Class), Styles.Cell).Text(string.Join("; ", notes), Styles.Cell).Row);
        }

        // The working group's open questions (ties) under the table, so a printed sheet carries them too.
        rowIndex++;
        foreach (var flag in flags)
        {
            data.Append(new RowWriter(++rowIndex, strings).Text("Lưu ý: " + flag.Message, Styles.Plain).Row);
        }

        var lastColumn = ColumnLetters.Of(Columns.Length);
        return new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }), // printed one page wide (PageSetup below)
            new SheetViews(new SheetView(new Pane
            {
                VerticalSplit = HeaderRow, // ySplit: the rows above the units stay in view
                TopLeftCell = "A" + (HeaderRow + 1).ToString(CultureInfo.InvariantCulture),
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            }) { WorkbookViewId = 0 }),
            WorkbookStyles.Widths(Columns.Select(column => column.Width)),
            data,
            new MergeCells(
                new MergeCell { Reference = $"A1:{lastColumn}1" },
                new MergeCell { Reference = $"A2:{lastColumn}2" },
                new MergeCell { Reference = $"A3:{lastColumn}3" }),
            new PageMargins { Left = 0.4, Right = 0.4, Top = 0.5, Bottom = 0.5, Header = 0.3, Footer = 0.3 },
            new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
    }

    /// <summary>Fills one row left to right: text as shared strings, figures as numeric cells.</summary>
    private sealed class RowWriter(uint index, SharedStrings strings)
    {
        private readonly string _number = index.ToString(CultureInfo.InvariantCulture);

        public Row Row { get; } = new() { RowIndex = index };

        public RowWriter Text(string value, uint style) => Add(new Cell
        {
            DataType = CellValues.SharedString,
            CellValue = new CellValue(strings.IndexOf(value)),
            StyleIndex = style,
        });

        public RowWriter Number(decimal value, uint style) => Add(new Cell
        {
            DataType = CellValues.Number,
            CellValue = new CellValue(value),
            StyleIndex = style,
        });

        private RowWriter Add(Cell cell)
        {
            cell.CellReference = ColumnLetters.Of(Row.ChildElements.Count + 1) + _number;
            Row.Append(cell);
            return this;
        }
    }

    /// <summary>Each text once in the shared string table, as Excel writes it.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

        public SharedStringTable Table { get; } = new();

        public int IndexOf(string text)
        {
            if (!_indexes.TryGetValue(text, out var index))
            {
                index = _indexes.Count;
                _indexes[text] = index;
                Table.AppendChild(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            }

            return index;
        }
    }

    /// <summary>The few cell formats the sheets use; the constants are indexes into <c>cellXfs</c>.</summary>
    private static class Styles
    {
        public const uint Plain = 0;
        public const uint Title = 1;
        public const uint Bold = 2;
        public const uint Header = 3;
        public const uint Cell = 4;
        public const uint Rank = 5;
        public const uint Score = 6;
        public const uint Total = 7;

        /// <summary>Built-in number formats: 1 is "0", 2 is "0.00".</summary>
        private const uint Integer = 1;
        private const uint TwoDecimals = 2;

        public static Stylesheet Create() => WorkbookStyles.Create(
            [],
            new CellFormat(),
            WorkbookStyles.Title(),
            new CellFormat { FontId = WorkbookStyles.BoldFont, ApplyFont = true },
            WorkbookStyles.Heading(),
            WorkbookStyles.Cell(),
            new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Top })
            {
                NumberFormatId = Integer, BorderId = WorkbookStyles.ThinBorder, ApplyNumberFormat = true, ApplyBorder = true, ApplyAlignment = true,
            },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top })
            {
                NumberFormatId = TwoDecimals, BorderId = WorkbookStyles.ThinBorder, ApplyNumberFormat = true, ApplyBorder = true, ApplyAlignment = true,
            },
            new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top })
            {
                NumberFormatId = TwoDecimals, FontId = WorkbookStyles.BoldFont, BorderId = WorkbookStyles.ThinBorder, ApplyNumberFormat = true, ApplyFont = true, ApplyBorder = true, ApplyAlignment = true,
            });
    }
}
