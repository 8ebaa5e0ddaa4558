using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Evaluation.Domain.Common;

namespace Evaluation.Infrastructure.Spreadsheets;

/// <summary>A row with something in it: its number as Excel shows it and its cells' text by column (A = 0), blank cells as "".</summary>
public sealed record WorksheetRow(int Number, IReadOnlyList<string> Cells);

/// <summary>
/// Reads one sheet of an uploaded .xlsx as text, for the imports (other indices, survey ballots ): shared
/// strings, inline strings and numbers, streamed row by row. Bounded here: the unpacked size of any part and the
/// columns a row may have; the upload's size, the number of rows and every message are the caller's. A damaged file
/// throws, when opened or while its rows are read, an exception that <see cref="IsUnreadable"/> recognises.
/// </summary>
public sealed class WorksheetReader : IDisposable
{
    /// <summary>Unpacked characters any one part may hold, so a small zip cannot expand without bound.</summary>
    private const long MaxCharactersInPart = 40_000_000;

    private readonly SpreadsheetDocument _document;
    private readonly WorksheetPart _sheet;
    private readonly List<string> _strings;
    private readonly int _maxColumns;
    private readonly bool _numbersAsDecimals;

    private WorksheetReader(SpreadsheetDocument document, WorksheetPart sheet, List<string> strings, string? sheetName, bool isPreferredSheet, int maxColumns, bool numbersAsDecimals)
    {
        _document = document;
        _sheet = sheet;
        _strings = strings;
        SheetName = sheetName;
        IsPreferredSheet = isPreferredSheet;
        _maxColumns = maxColumns;
        _numbersAsDecimals = numbersAsDecimals;
    }

    /// <summary>The name of the sheet being read.</summary>
    public string? SheetName { get; }

    /// <summary>Whether it is the sheet asked for by name; otherwise it is the first sheet.</summary>
    public bool IsPreferredSheet { get; }

    /// <summary>The exceptions a damaged or foreign file raises: the caller refuses the file with its own message.</summary>
    public static bool IsUnreadable(Exception ex) =>
        ex is OpenXmlPackageException or InvalidDataException or IOException or FormatException or InvalidOperationException or System.Xml.XmlException;

    /// <param name="content">The workbook, seekable, at its start.</param>
    /// <param name="maxColumns">Columns read (A = 0 up to this one, excluded); cells further right are left out.</param>
    /// <param name="preferredSheet">The sheet to read, its name compared as <see cref="HeaderText.Fold"/> does; without it, or when no sheet has that name, the first sheet.</param>
    /// <param name="numbersAsDecimals">Numbers as a decimal in invariant form (12 stored as "1.2E1" reads "12") rather than as stored.</param>
    /// <returns>Null when the workbook has no sheet to read.</returns>
    public static WorksheetReader? Open(Stream content, int maxColumns, string? preferredSheet = null, bool numbersAsDecimals = false)
    {
        var document = SpreadsheetDocument.Open(content, isEditable: false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
        try
        {
            var workbook = document.WorkbookPart;
            var sheets = workbook?.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
            var preferred = preferredSheet is null ? null : sheets.FirstOrDefault(sheet => HeaderText.Fold(sheet.Name?.Value) == HeaderText.Fold(preferredSheet));
            var chosen = preferred ?? sheets.FirstOrDefault();
            if (workbook is null || chosen?.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart part)
            {
                document.Dispose();
                return null;
            }

            var strings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(item => item.InnerText).ToList() ?? [];
            return new WorksheetReader(document, part, strings, chosen.Name?.Value, preferred is not null, maxColumns, numbersAsDecimals);
        }
        catch
        {
            // The parts are read lazily: a damaged one throws here, and the document is the caller's only once returned.
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The rows with something in them, read as they are asked for: a sheet formatted down to row 1,048,576 costs
    /// only the rows the caller takes before it stops at its limit.
    /// </summary>
    public IEnumerable<WorksheetRow> Rows()
    {
        using var reader = OpenXmlReader.Create(_sheet);
        var position = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            position++;
            var cells = Cells(row);
            if (cells.Any(cell => !string.IsNullOrWhiteSpace(cell)))
            {
                yield return new WorksheetRow(row.RowIndex?.Value is { } index ? (int)index : position, cells);
            }
        }
    }

    public void Dispose() => _document.Dispose();

    private List<string> Cells(Row row)
    {
        var cells = new List<string>();
        var next = 0;
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? ColumnLetters.IndexOf(reference) : next;
            next = column + 1;
            if (column < 0 || column >= _maxColumns)
            {
                continue;
            }

            while (cells.Count <= column)
            {
                cells.Add(string.Empty);
            }

            cells[column] = CellText(cell);
        }

        return cells;
    }

    private string CellText(Cell cell)
    {
        var raw = cell.CellValue?.Text ?? string.Empty;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < _strings.Count ? _strings[index] : string.Empty;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? string.Empty;
        }

        // A number (no type or "n"): 12 typed as a code may be stored as "12" or "1.2E1".
        return _numbersAsDecimals
               && (type is null || type == CellValues.Number)
               && decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? ScoreText.Normalize(number).ToString(CultureInfo.InvariantCulture)
            : raw;
    }
}
