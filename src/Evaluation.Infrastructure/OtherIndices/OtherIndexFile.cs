using System.Globalization;
using System.Text;
using Evaluation.Domain.OtherIndices;
using Evaluation.Infrastructure.Spreadsheets;

namespace Evaluation.Infrastructure.OtherIndices;

/// <summary>The rows of an index file, or why the file as a whole cannot be read (wrong type, no header…).</summary>
public sealed record OtherIndexFileContent(IReadOnlyList<OtherIndexRow> Rows, string? Problem)
{
    public static OtherIndexFileContent Refused(string problem) => new([], problem);
}

/// <summary>
/// Reads the per-unit file of an index's values: an .xlsx workbook (first sheet) or a UTF-8 .csv (with or
/// without BOM, separated by ";" or ","). The first non-empty row is the header; the columns "Mã đơn vị" and
/// "Giá trị" are found by name, ignoring accents, case and spaces, and an optional "Tên đơn vị" is kept for messages.
/// Bounded: <see cref="MaxBytes"/> per file, <see cref="MaxRows"/> data rows, and the workbook's unpacked parts.
/// </summary>
public static class OtherIndexFile
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 2000;

    /// <summary>Columns of a worksheet read (A to GS): the three named ones are among the first few.</summary>
    private const int MaxColumns = 201;

    private const string UnitColumn = "ma don vi";
    private const string ValueColumn = "gia tri";
    private const string NameColumn = "ten don vi";

    private static readonly string TooManyRows = $"Tệp có hơn {MaxRows} dòng dữ liệu, vượt quá giới hạn {MaxRows} dòng.";

    public static OtherIndexFileContent Read(string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0)
        {
            return OtherIndexFileContent.Refused($"Tệp {fileName} rỗng.");
        }

        if (content.Length > MaxBytes)
        {
            return OtherIndexFileContent.Refused($"Tệp {fileName} vượt quá {MaxBytes / 1024 / 1024} MB.");
        }

        var isZip = content.Length > 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".xlsx" when isZip => Table(ReadWorkbook(content, fileName)),
            ".xlsx" => OtherIndexFileContent.Refused($"Tệp {fileName} không phải bảng tính Excel .xlsx hợp lệ."),
            ".csv" when !isZip => Table(ReadCsv(content, fileName)),
            ".csv" => OtherIndexFileContent.Refused($"Tệp {fileName} là bảng tính nén, không phải tệp văn bản .csv; hãy đổi đuôi thành .xlsx hoặc lưu lại dạng CSV UTF-8."),
            _ => OtherIndexFileContent.Refused($"Chỉ nhận tệp .xlsx hoặc .csv (tệp gửi lên: {fileName})."),
        };
    }

    /// <summary>Finds the header among <paramref name="table"/>'s rows (each with its row number) and turns the rest into data rows.</summary>
    private static OtherIndexFileContent Table((IReadOnlyList<(int Number, IReadOnlyList<string> Cells)> Rows, string? Problem) table)
    {
        if (table.Problem is not null)
        {
            return OtherIndexFileContent.Refused(table.Problem);
        }

        var nonEmpty = table.Rows.Where(row => HasContent(row.Cells)).ToList();
        if (nonEmpty.Count == 0)
        {
            return OtherIndexFileContent.Refused("Tệp không có dữ liệu. Dòng đầu tiên phải là tiêu đề với các cột \"Mã đơn vị\" và \"Giá trị\".");
        }

        var header = nonEmpty[0].Cells.Select(HeaderText.Fold).ToList();
        var unit = header.IndexOf(UnitColumn);
        var value = header.IndexOf(ValueColumn);
        var name = header.IndexOf(NameColumn);
        if (unit < 0 || value < 0)
        {
            var missing = string.Join(" và ", new[] { unit < 0 ? "\"Mã đơn vị\"" : null, value < 0 ? "\"Giá trị\"" : null }.OfType<string>());
            return OtherIndexFileContent.Refused(string.Create(CultureInfo.InvariantCulture,
                $"Dòng tiêu đề (dòng {nonEmpty[0].Number}) thiếu cột {missing}. Tiêu đề cần có các cột \"Mã đơn vị\", \"Giá trị\" và có thể có \"Tên đơn vị\"."));
        }

        var data = nonEmpty.Skip(1).ToList();
        if (data.Count > MaxRows)
        {
            return OtherIndexFileContent.Refused($"Tệp có {data.Count} dòng dữ liệu, vượt quá giới hạn {MaxRows} dòng.");
        }

        string Cell(IReadOnlyList<string> cells, int index) => index >= 0 && index < cells.Count ? cells[index].Trim() : string.Empty;
        var rows = data.Select(row => new OtherIndexRow(row.Number, Cell(row.Cells, unit), name < 0 ? null : NullIfEmpty(Cell(row.Cells, name)), Cell(row.Cells, value))).ToList();
        return new OtherIndexFileContent(rows, null);
    }

    private static (IReadOnlyList<(int Number, IReadOnlyList<string> Cells)> Rows, string? Problem) ReadCsv(byte[] content, string fileName)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return ([], $"Tệp {fileName} không phải văn bản UTF-8. Trong Excel hãy lưu dạng \"CSV UTF-8 (Comma delimited)\".");
        }

        text = text.TrimStart('\uFEFF');
        var separator = Separator(text);
        var rows = new List<(int Number, IReadOnlyList<string> Cells)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var rowStart = 1;
        var quoted = false;
        var filled = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(cell.ToString());
                cell.Clear();
                rows.Add((rowStart, cells));
                filled += HasContent(cells) ? 1 : 0;
                cells = [];
                line++;
                rowStart = line;
                if (filled > MaxRows + 1)
                {
                    return ([], TooManyRows);
                }
            }
            else
            {
                cell.Append(c);
            }
        }

        if (quoted)
        {
            return ([], string.Create(CultureInfo.InvariantCulture, $"Tệp {fileName}: dấu ngoặc kép mở ở dòng {rowStart} không được đóng."));
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            rows.Add((rowStart, cells));
        }

        return (rows, null);
    }

    /// <summary>";" when the first line has one outside quotes (Excel's CSV in Vietnamese settings), else ",".</summary>
    private static char Separator(string text)
    {
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted && c == ';')
            {
                return ';';
            }
        }

        return ',';
    }

    private static (IReadOnlyList<(int Number, IReadOnlyList<string> Cells)> Rows, string? Problem) ReadWorkbook(byte[] content, string fileName)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var sheet = WorksheetReader.Open(stream, MaxColumns);
            if (sheet is null)
            {
                return ([], $"Tệp {fileName} không có trang tính nào.");
            }

            var rows = new List<(int Number, IReadOnlyList<string> Cells)>();
            foreach (var row in sheet.Rows())
            {
                rows.Add((row.Number, row.Cells));
                if (rows.Count > MaxRows + 1) // the header and MaxRows data rows (the reader passes over empty rows)
                {
                    return ([], TooManyRows);
                }
            }

            return (rows, null);
        }
        catch (Exception ex) when (WorksheetReader.IsUnreadable(ex))
        {
            return ([], $"Không đọc được tệp {fileName} như một bảng tính Excel .xlsx ({ex.GetType().Name}). Hãy mở bằng Excel và lưu lại dạng .xlsx.");
        }
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>Rows with something in them: reading stops early on those only (a sheet may format thousands of empty rows).</summary>
    private static bool HasContent(IReadOnlyList<string> cells) => cells.Any(cell => !string.IsNullOrWhiteSpace(cell));
}
