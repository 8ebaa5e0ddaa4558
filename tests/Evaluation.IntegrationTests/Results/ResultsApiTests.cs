using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Evaluation.Infrastructure.Exports;
using Evaluation.IntegrationTests.Infrastructure;
using static Evaluation.IntegrationTests.Infrastructure.WorkbookCells;

namespace Evaluation.IntegrationTests.Results;

/// <summary>
/// Published results over real HTTP: who sees what before and after publication, the .xlsx
/// workbook's figures against the stored ranking, and a unit's result with the council's reasons and "why this rank".
/// Each test has a year of its own in the fixture's storage.
/// </summary>
public sealed class ResultsApiTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    [Trait("Requirement", "R-8.1")]
    [Trait("Requirement", "R-9")]
    public async Task Before_publication_only_the_working_group_sees_the_results_and_they_say_draft()
    {
        var ranked = await RankedYear.CreateAsync(host, 2041, publish: false);
        var year = ranked.Year;
        using var anonymous = host.Client(null);
        using var ownStaff = host.Client(RankedYear.StaffOf(RankedYear.UnitA));
        using var appraiser = host.Client(RankedYear.Appraiser);
        using var admin = host.Client();

        foreach (var client in new[] { anonymous, ownStaff, appraiser })
        {
            foreach (var path in new[] { $"/api/years/{year}/results/workbook", $"/api/years/{year}/units/{RankedYear.UnitA}/result" })
            {
                using var refused = await client.GetAsync(path);
                var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.NotFound);
                Assert.Contains("chưa được công bố", problem.GetProperty("detail").GetString());
            }

            foreach (var pagePath in new[] { $"/app/years/{year}/results", $"/app/years/{year}/results/print", $"/app/years/{year}/units/{RankedYear.UnitA}/result" })
            {
                using var hidden = await client.GetAsync(pagePath);
                Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
                Assert.Contains("chưa được công bố", await HtmlAsync(hidden));
            }
        }

        // The working group: the draft workbook says so in its heading, the pages carry the draft mark.
        using (var workbook = await admin.GetAsync($"/api/years/{year}/results/workbook"))
        {
            Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
            using var document = SpreadsheetDocument.Open(new MemoryStream(await workbook.Content.ReadAsByteArrayAsync()), false);
            var first = Sheets(document).First();
            Assert.StartsWith("Chưa công bố (bản dự thảo)", CellText(document, first.Part, "A3"));
        }

        var result = await admin.GetFromJsonAsync<JsonElement>($"/api/years/{year}/units/{RankedYear.UnitA}/result");
        Assert.False(result.GetProperty("published").GetBoolean());
        var print = await PageAsync(admin, $"/app/years/{year}/results/print");
        Assert.Contains("id=\"draft-watermark\"", print);
        Assert.Contains("BẢN DỰ THẢO (CHƯA CÔNG BỐ)", print);
        var page = await PageAsync(admin, $"/app/years/{year}/results");
        Assert.Contains("Bản dự thảo (chưa công bố)", page);
        Assert.Contains("Cần Tổ công tác xem xét", page); // the tie of Sở Thử C and D
    }

    [Fact]
    [Trait("Requirement", "R-8.1")]
    [Trait("Requirement", "R-8.2")]
    [Trait("Requirement", "R-9")]
    public async Task After_publication_everyone_sees_the_ranking_and_a_unit_result_is_its_own_peoples()
    {
        var ranked = await RankedYear.CreateAsync(host, 2042, publish: true);
        var year = ranked.Year;
        using var anonymous = host.Client(null);
        using var ownStaff = host.Client(RankedYear.StaffOf(RankedYear.UnitA));
        using var otherStaff = host.Client(RankedYear.StaffOf(RankedYear.UnitB));
        using var appraiser = host.Client(RankedYear.Appraiser);
        using var admin = host.Client();

        using (var workbook = await anonymous.GetAsync($"/api/years/{year}/results/workbook"))
        {
            Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
            Assert.Equal(ResultsWorkbook.ContentType, workbook.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"ket-qua-xep-loai-{year}.xlsx", workbook.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        }

        foreach (var page in new[] { $"/app/years/{year}/results", $"/app/years/{year}/results/print" })
        {
            using var open = await anonymous.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            var html = await HtmlAsync(open);
            Assert.Contains($"Đã công bố ngày 30/12/{year}", html);
            Assert.DoesNotContain("draft-watermark", html);
        }

        // A unit's detailed result: not for anonymous callers nor another unit's people.
        var path = $"/api/years/{year}/units/{RankedYear.UnitA}/result";
        using (var unsigned = await anonymous.GetAsync(path))
        {
            await ProblemAssert.IsProblemAsync(unsigned, HttpStatusCode.Unauthorized);
        }

        using (var foreign = await otherStaff.GetAsync(path))
        {
            var problem = await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.Forbidden);
            Assert.Contains("Sở Thử A", problem.GetProperty("detail").GetString());
        }

        using (var foreignPage = await otherStaff.GetAsync($"/app/years/{year}/units/{RankedYear.UnitA}/result"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreignPage.StatusCode);
        }

        foreach (var client in new[] { ownStaff, appraiser, admin })
        {
            var result = await client.GetFromJsonAsync<JsonElement>(path);
            Assert.Equal(RankedYear.UnitA, result.GetProperty("unitId").GetString());
            Assert.True(result.GetProperty("published").GetBoolean());
        }

        using (var missing = await admin.GetAsync($"/api/years/{year}/units/khong-co/result"))
        {
            await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
        }

        // The results page links a unit person to their own unit's page only.
        var staffPage = await PageAsync(ownStaff, $"/app/years/{year}/results");
        Assert.Contains($"\"ownUnitId\":\"{RankedYear.UnitA}\"", staffPage);
        Assert.Contains("\"linkAll\":false", staffPage);
        Assert.Contains("id=\"own-result-link\"", staffPage);
        Assert.Contains("\"linkAll\":true", await PageAsync(appraiser, $"/app/years/{year}/results"));

        // The start page links the published results for everyone, the unit's own result for its people.
        Assert.Contains($"href=\"/app/years/{year}/results\"", await PageAsync(anonymous, "/app"));
        var start = await PageAsync(ownStaff, $"/app?year={year}");
        Assert.Contains($"href=\"/app/years/{year}/units/{RankedYear.UnitA}/result\"", start);
        Assert.DoesNotContain("id=\"results-workbook\"", start);
        Assert.Contains("id=\"results-workbook\"", await PageAsync(admin, $"/app?year={year}"));
    }

    [Fact]
    [Trait("Requirement", "R-8.1")]
    [Trait("Requirement", "R-6.2")]
    [Trait("Requirement", "R-6.3")]
    public async Task The_workbook_has_one_sheet_per_unit_type_with_every_figure_of_the_stored_ranking()
    {
        var ranked = await RankedYear.CreateAsync(host, 2043, publish: true);
        using var anonymous = host.Client(null);
        var bytes = await anonymous.GetByteArrayAsync($"/api/years/{ranked.Year}/results/workbook");

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        // A well-formed workbook by the Open XML schema (what Excel checks when it opens a file).
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2016).Validate(document).Select(error => $"{error.Path?.XPath}: {error.Description}"));
        var sheets = Sheets(document);
        Assert.Equal(["01 Sở, ban, ngành", "02 UBND huyện, thành, thị"], sheets.Select(sheet => sheet.Name));
        Assert.Equal(ranked.Ranking.Groups.Count, sheets.Count);
        foreach (var (group, sheet) in ranked.Ranking.Groups.Zip(sheets))
        {
            Assert.Equal($"{ResultLabels.Title} NĂM {ranked.Year}", CellText(document, sheet.Part, "A1"));
            Assert.Equal($"Đã công bố ngày 30/12/{ranked.Year}", CellText(document, sheet.Part, "A3"));
            var header = ResultsWorkbook.HeaderRow;
            Assert.Equal(["Hạng", "Cơ quan, đơn vị", "I", "II", "III", "IV", "V", "VI", "VII (trừ)", "Tổng điểm", "Xếp loại", "Ghi chú"],
                "ABCDEFGHIJKL".Select(column => CellText(document, sheet.Part, $"{column}{header}")));
            for (var i = 0; i < group.Units.Count; i++)
            {
                var unit = group.Units[i];
                var row = header + 1 + i;
                Assert.Equal(unit.Rank, Number(sheet.Part, $"A{row}"));
                Assert.Equal(unit.Name, CellText(document, sheet.Part, $"B{row}"));
                var sectionColumns = "CDEFGHI";
                for (var s = 0; s < 7; s++)
                {
                    var code = ResultLabels.SectionColumns[s].Code;
                    Assert.Equal(unit.Sections.GetValueOrDefault(code), Number(sheet.Part, $"{sectionColumns[s]}{row}"));
                }

                Assert.Equal(unit.Total, Number(sheet.Part, $"J{row}"));
                Assert.Equal(ResultLabels.ClassName(unit.Class), CellText(document, sheet.Part, $"K{row}"));
                Assert.Equal(unit.Tie ? ResultLabels.TieMark : string.Empty, CellText(document, sheet.Part, $"L{row}"));
            }
        }

        // The figures of the hand-worked example, as a reader of the file sees them.
        var first = sheets[0].Part;
        Assert.Equal("Sở Thử B", CellText(document, first, "B6"));
        Assert.Equal(97.5m, Number(first, "J6"));
        Assert.Equal("Hoàn thành xuất sắc nhiệm vụ", CellText(document, first, "K6"));
        Assert.Equal(93.25m, Number(first, "J7"));
        Assert.Equal(1.5m, Number(first, "I7"));
        Assert.Equal([3m, 3m], new[] { Number(first, "A8"), Number(first, "A9") });
        Assert.Equal(ResultLabels.TieMark, CellText(document, first, "L8"));
    }

    [Fact]
    [Trait("Requirement", "R-8.2")]
    [Trait("Requirement", "R-3.5")]
    public async Task A_unit_sees_the_councils_reasons_its_penalties_and_why_it_ranks_second()
    {
        var ranked = await RankedYear.CreateAsync(host, 2044, publish: true);
        using var ownStaff = host.Client(RankedYear.StaffOf(RankedYear.UnitA));

        var result = await ownStaff.GetFromJsonAsync<JsonElement>($"/api/years/{ranked.Year}/units/{RankedYear.UnitA}/result");

        var stored = ranked.Unit(RankedYear.UnitA);
        Assert.Equal(stored.Rank, result.GetProperty("rank").GetInt32());
        Assert.Equal(2, stored.Rank);
        Assert.Equal(93.25m, result.GetProperty("total").GetDecimal());
        Assert.Equal("good", result.GetProperty("class").GetString());
        Assert.Equal("Hoàn thành tốt nhiệm vụ", result.GetProperty("className").GetString());
        Assert.Equal(5, result.GetProperty("unitCount").GetInt32());
        Assert.Equal("Sở, ban, ngành", result.GetProperty("typeName").GetString());
        var sections = result.GetProperty("sections").EnumerateArray().ToDictionary(section => section.GetProperty("code").GetString()!);
        Assert.Equal(36.5m, sections["I"].GetProperty("score").GetDecimal());
        Assert.Equal(39m, sections["I"].GetProperty("maxScore").GetDecimal());
        Assert.False(sections["VII"].TryGetProperty("maxScore", out _));

        // Only the questioned criteria, in catalogue order, with both rounds' reasons and agencies (I.1.1 was agreed).
        var criteria = result.GetProperty("criteria").EnumerateArray().ToList();
        Assert.Equal(["I.1.2", "II.1.1"], criteria.Select(item => item.GetProperty("code").GetString()));
        var lowered = criteria[0];
        Assert.Equal(3m, lowered.GetProperty("selfScore").GetDecimal());
        Assert.Equal(1.5m, lowered.GetProperty("score").GetDecimal());
        Assert.Equal("disagree", lowered.GetProperty("round1").GetProperty("decision").GetString());
        Assert.Equal(RankedYear.Round1Reason, lowered.GetProperty("round1").GetProperty("reason").GetString());
        Assert.Equal("Sở Kế hoạch và Đầu tư", lowered.GetProperty("round1").GetProperty("agencyName").GetString());
        Assert.False(lowered.TryGetProperty("round2", out _));
        var asked = criteria[1];
        Assert.Equal("requestEvidence", asked.GetProperty("round1").GetProperty("decision").GetString());
        Assert.Equal(RankedYear.EvidenceRequest, asked.GetProperty("round1").GetProperty("reason").GetString());
        Assert.Equal(RankedYear.Round2Reason, asked.GetProperty("round2").GetProperty("reason").GetString());
        Assert.Equal(0.5m, asked.GetProperty("score").GetDecimal());
        Assert.Equal("Sở Nội vụ", asked.GetProperty("round2").GetProperty("agencyName").GetString());
        Assert.Equal(TimeSpan.FromHours(7), asked.GetProperty("round2").GetProperty("at").GetDateTimeOffset().Offset);

        var penalty = Assert.Single(result.GetProperty("penalties").EnumerateArray());
        Assert.Equal("VII.3", penalty.GetProperty("code").GetString());
        Assert.Equal(1.5m, penalty.GetProperty("points").GetDecimal());
        Assert.Equal(RankedYear.PenaltyReason, penalty.GetProperty("reason").GetString());
        Assert.Equal(RankedYear.PenaltyEvidence, penalty.GetProperty("evidence").GetString());
        Assert.Equal("Thanh tra tỉnh", penalty.GetProperty("agencyName").GetString());
        Assert.Equal("Kết quả thanh tra, kiểm tra, giám sát", penalty.GetProperty("sourceName").GetString());

        // Why second: 97,5 − 93,25 = 4,25 behind Sở Thử B. Sections: I 38 − 36,5 = 1,5 (A lost 1,5 on I.1.2 and 1 on
        // I.2.3.1, B 1 on I.4.6), VII 1,5 − 0 = 1,5, II 27 − 26,5 = 0,5, V 13 − 12,5 = 0,5, VI 3,5 − 3,25 = 0,25.
        var why = result.GetProperty("explanation");
        Assert.Equal("behind", why.GetProperty("standing").GetString());
        Assert.Equal(4.25m, why.GetProperty("totalGap").GetDecimal());
        Assert.Equal("Xếp hạng 2/5 trong loại hình với tổng điểm 93,25 điểm: kém Sở Thử B (hạng 1) 4,25 điểm.", why.GetProperty("summary").GetString());
        Assert.Equal(RankedYear.UnitB, Assert.Single(why.GetProperty("comparedWith").EnumerateArray()).GetProperty("unitId").GetString());
        var sectionGaps = why.GetProperty("sections").EnumerateArray().Select(gap => (gap.GetProperty("code").GetString(), gap.GetProperty("gap").GetDecimal())).ToList();
        Assert.Equal([("I", 1.5m), ("VII", 1.5m), ("II", 0.5m), ("V", 0.5m), ("VI", 0.25m)], sectionGaps);
        var criterionGaps = why.GetProperty("criteria").EnumerateArray().Select(gap => (gap.GetProperty("code").GetString(), gap.GetProperty("gap").GetDecimal())).ToList();
        Assert.Equal([("I.1.2", 1.5m), ("VII.3", 1.5m), ("I.2.3.1", 1m), ("II.1.1", 0.5m)], criterionGaps);
    }

    /// <summary>A page's HTML with its character references decoded (the pages encode every non-ASCII letter).</summary>
    private static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await HtmlAsync(response);
    }
}
