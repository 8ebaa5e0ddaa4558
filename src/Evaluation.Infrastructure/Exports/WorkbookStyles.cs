using DocumentFormat.OpenXml.Spreadsheet;

namespace Evaluation.Infrastructure.Exports;

/// <summary>
/// The look the system's workbooks share (the results, the survey template ): Times New Roman 11 pt, a bold
/// 13 pt title, headings bold on light grey, cells with thin borders. Each workbook lists its own cell formats
/// (<c>cellXfs</c>, indexes it names itself); the fonts, fills and borders they point at are these.
/// </summary>
internal static class WorkbookStyles
{
    public const uint BoldFont = 2;
    public const uint ThinBorder = 1;

    /// <summary>The index of the first fill a workbook adds to the shared ones.</summary>
    public const uint FirstExtraFill = 3;

    private const uint TitleFont = 1;
    private const uint HeadingFill = 2;

    /// <param name="extraFills">The workbook's own fills, numbered from <see cref="FirstExtraFill"/>.</param>
    /// <param name="cellFormats">The workbook's cell formats in index order; the first is every cell's default.</param>
    public static Stylesheet Create(IEnumerable<Fill> extraFills, params CellFormat[] cellFormats)
    {
        // Fills 0 and 1 are the two Excel reserves (none, gray125).
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFF0F2F5" }) { PatternType = PatternValues.Solid }));
        fills.Append(extraFills);
        return new Stylesheet(
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "Times New Roman" }),
                new Font(new Bold(), new FontSize { Val = 13 }, new FontName { Val = "Times New Roman" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Times New Roman" })),
            fills,
            new Borders(
                new Border(),
                new Border(
                    new LeftBorder { Style = BorderStyleValues.Thin },
                    new RightBorder { Style = BorderStyleValues.Thin },
                    new TopBorder { Style = BorderStyleValues.Thin },
                    new BottomBorder { Style = BorderStyleValues.Thin },
                    new DiagonalBorder())),
            new CellFormats(cellFormats));
    }

    /// <summary>A sheet's title line.</summary>
    public static CellFormat Title() => new() { FontId = TitleFont, ApplyFont = true };

    /// <summary>A column heading: bold, centred, wrapped, on grey, bordered.</summary>
    public static CellFormat Heading() => new(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true })
    {
        FontId = BoldFont, FillId = HeadingFill, BorderId = ThinBorder, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true,
    };

    /// <summary>A text cell of a table: bordered, wrapped, at the top.</summary>
    public static CellFormat Cell() => new(new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = true }) { BorderId = ThinBorder, ApplyBorder = true, ApplyAlignment = true };

    /// <summary>The widths of a sheet's first columns, left to right.</summary>
    public static Columns Widths(IEnumerable<double> widths) => new(widths.Select((width, index) => new Column
    {
        Min = (uint)(index + 1),
        Max = (uint)(index + 1),
        Width = width,
        CustomWidth = true,
    }));
}
