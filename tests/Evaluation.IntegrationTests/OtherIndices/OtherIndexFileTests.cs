using System.Text;
using Evaluation.Domain.OtherIndices;
using Evaluation.Infrastructure.OtherIndices;
using static Evaluation.IntegrationTests.OtherIndices.IndexWorkbook;

namespace Evaluation.IntegrationTests.OtherIndices;

/// <summary>R-1.4: the index file as the working group has it, .xlsx or .csv, read into rows with their row numbers.</summary>
[Trait("Requirement", "R-1.4")]
public class OtherIndexFileTests
{
    private static byte[] Utf8(string text, bool bom = false) => [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)];

    [Fact]
    public void A_workbook_reads_by_column_name_from_its_first_sheet_with_row_numbers()
    {
        var file = Build(
            (2, ["Tên đơn vị", null, "GIÁ TRỊ ", " mã  ĐƠN vị"]), // a title row may be absent; columns in any order and spelling
            (3, ["Sở Y tế", null, 1.5m, "so-y-te"]),
            (5, [new Inline("Sở Tư pháp"), null, new Inline("2,5"), new Inline("so-tu-phap")]), // row 4 empty; inline strings
            (6, [null, null, 3, "so-xay-dung"]));

        var content = OtherIndexFile.Read("chi-so.xlsx", file);

        Assert.Null(content.Problem);
        Assert.Equal(
            [new OtherIndexRow(3, "so-y-te", "Sở Y tế", "1.5"), new OtherIndexRow(5, "so-tu-phap", "Sở Tư pháp", "2,5"), new OtherIndexRow(6, "so-xay-dung", null, "3")],
            content.Rows);
    }

    [Fact]
    public void A_semicolon_csv_with_a_BOM_and_decimal_commas_reads_as_Excel_writes_it()
    {
        var content = OtherIndexFile.Read("ddci.csv", Utf8("Mã đơn vị;Tên đơn vị;Giá trị\r\nso-y-te;Sở Y tế;1,5\r\n\r\nso-tu-phap;\"Sở Tư pháp; tỉnh\";2\r\n", bom: true));

        Assert.Null(content.Problem);
        Assert.Equal([new OtherIndexRow(2, "so-y-te", "Sở Y tế", "1,5"), new OtherIndexRow(4, "so-tu-phap", "Sở Tư pháp; tỉnh", "2")], content.Rows);
        Assert.Equal(1.5m, OtherIndexImport.ParseValue(content.Rows[0].Value));
    }

    [Fact]
    public void A_comma_csv_without_BOM_reads_quoted_decimal_commas_and_escaped_quotes()
    {
        var content = OtherIndexFile.Read("cqdt.csv", Utf8("ma don vi,gia tri,ten don vi\nso-y-te,\"1,5\",\"Sở \"\"Y tế\"\"\"\nso-tu-phap,2"));

        Assert.Null(content.Problem);
        Assert.Equal([new OtherIndexRow(2, "so-y-te", "Sở \"Y tế\"", "1,5"), new OtherIndexRow(3, "so-tu-phap", null, "2")], content.Rows);
    }

    [Theory]
    [InlineData("bang.csv", "Đơn vị;Điểm\nso-y-te;1", "thiếu cột \"Mã đơn vị\" và \"Giá trị\"")]
    [InlineData("bang.csv", "Mã đơn vị;Điểm\nso-y-te;1", "Dòng tiêu đề (dòng 1) thiếu cột \"Giá trị\"")]
    [InlineData("bang.csv", "\n\n", "Tệp không có dữ liệu")]
    [InlineData("bang.csv", "Mã đơn vị;Giá trị\n\"so-y-te;1", "dấu ngoặc kép mở ở dòng 2 không được đóng")]
    [InlineData("bang.txt", "Mã đơn vị;Giá trị", "Chỉ nhận tệp .xlsx hoặc .csv")]
    [InlineData("bang.xlsx", "Mã đơn vị;Giá trị", "không phải bảng tính Excel .xlsx hợp lệ")]
    public void A_file_that_cannot_be_read_is_refused_with_the_reason(string fileName, string text, string reason)
    {
        var content = OtherIndexFile.Read(fileName, Utf8(text));

        Assert.Empty(content.Rows);
        Assert.Contains(reason, content.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_that_is_not_UTF8_is_refused()
    {
        var latin1 = new byte[] { (byte)'M', 0xE3, (byte)';', (byte)'1' }; // "Mã" in a single-byte code page

        Assert.Contains("không phải văn bản UTF-8", OtherIndexFile.Read("bang.csv", latin1).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_workbook_is_refused()
    {
        var file = Build((1, ["Mã đơn vị", "Giá trị"]));
        var cut = file[..(file.Length / 2)]; // a download cut short: a zip without its directory

        Assert.Contains("Không đọc được tệp bang.xlsx", OtherIndexFile.Read("bang.xlsx", cut).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_are_bounded_in_rows_and_bytes()
    {
        var rows = string.Concat(Enumerable.Range(1, OtherIndexFile.MaxRows + 1).Select(i => $"don-vi-{i};1\n"));
        var tooMany = OtherIndexFile.Read("bang.csv", Utf8("Mã đơn vị;Giá trị\n" + rows));
        var exactly = OtherIndexFile.Read("bang.csv", Utf8("Mã đơn vị;Giá trị\n" + string.Concat(Enumerable.Range(1, OtherIndexFile.MaxRows).Select(i => $"don-vi-{i};1\n"))));
        var tooLarge = OtherIndexFile.Read("bang.csv", new byte[OtherIndexFile.MaxBytes + 1]);

        Assert.Contains("vượt quá giới hạn 2000 dòng", tooMany.Problem, StringComparison.Ordinal);
        Assert.Null(exactly.Problem);
        Assert.Equal(OtherIndexFile.MaxRows, exactly.Rows.Count);
        Assert.Contains("vượt quá 2 MB", tooLarge.Problem, StringComparison.Ordinal);
    }
}
