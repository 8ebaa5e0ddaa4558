using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Evaluation.IntegrationTests.OtherIndices;

/// <summary>
/// Builds an index file as Excel writes one, with the Open XML SDK: texts as shared strings (or inline strings),
/// numbers as numeric cells, cells addressed by reference so empty cells and rows are simply absent.
/// </summary>
public static class IndexWorkbook
{
    /// <summary>A text cell that Excel stores inline rather than in the shared strings.</summary>
    public sealed record Inline(string Text);

    /// <param name="rows">Row number (1-based) → cells by column (null leaves the cell out): string, <see cref="Inline"/> or a number.</param>
    public static byte[] Build(params (int Row, object?[] Cells)[] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var strings = new List<string>();
            var data = new SheetData();
            foreach (var (number, cells) in rows)
            {
                var row = new Row { RowIndex = (uint)number };
                for (var column = 0; column < cells.Length; column++)
                {
                    if (cells[column] is { } value)
                    {
                        row.Append(Cell($"{(char)('A' + column)}{number}", value, strings));
                    }
                }

                data.Append(row);
            }

            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            sheetPart.Worksheet = new Worksheet(data);
            var sharedStrings = workbookPart.AddNewPart<SharedStringTablePart>();
            sharedStrings.SharedStringTable = new SharedStringTable(strings.Select(text => new SharedStringItem(new Text(text))));
            // A second, empty sheet after the first: the reader takes the first one.
            var extraPart = workbookPart.AddNewPart<WorksheetPart>();
            extraPart.Worksheet = new Worksheet(new SheetData());
            workbookPart.Workbook.AppendChild(new Sheets(
                new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = "Kết quả" },
                new Sheet { Id = workbookPart.GetIdOfPart(extraPart), SheetId = 2, Name = "Ghi chú" }));
        }

        return stream.ToArray();
    }

    private static Cell Cell(string reference, object value, List<string> strings) => value switch
    {
        string text => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Shared(text, strings)) },
        Inline inline => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(inline.Text)) },
        _ => new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) },
    };

    private static string Shared(string text, List<string> strings)
    {
        var index = strings.IndexOf(text);
        if (index < 0)
        {
            strings.Add(text);
            index = strings.Count - 1;
        }

        return index.ToString(CultureInfo.InvariantCulture);
    }
}
