using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Evaluation.IntegrationTests.Infrastructure;

/// <summary>Reads an .xlsx the way its reader sees it: sheets by name, texts and numbers by cell reference.</summary>
public static class WorkbookCells
{
    public static List<(string Name, WorksheetPart Part)> Sheets(SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart!;
        return workbook.Workbook.Sheets!.Elements<Sheet>()
            .Select(sheet => (sheet.Name!.Value!, (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)))
            .ToList();
    }

    public static Cell? Find(WorksheetPart part, string reference) =>
        part.Worksheet.Descendants<Cell>().FirstOrDefault(cell => cell.CellReference?.Value == reference);

    public static string CellText(SpreadsheetDocument document, WorksheetPart part, string reference)
    {
        var cell = Find(part, reference);
        if (cell?.CellValue is null)
        {
            return string.Empty;
        }

        Assert.Equal(CellValues.SharedString, cell.DataType?.Value);
        var index = int.Parse(cell.CellValue.Text, CultureInfo.InvariantCulture);
        return document.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(index).InnerText;
    }

    /// <summary>A figure, which must be a numeric cell (not text that looks like a number).</summary>
    public static decimal Number(WorksheetPart part, string reference)
    {
        var cell = Find(part, reference) ?? throw new InvalidOperationException($"No cell {reference}.");
        Assert.True(cell.DataType is null || cell.DataType.Value == CellValues.Number, $"{reference} should be a number.");
        return decimal.Parse(cell.CellValue!.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
