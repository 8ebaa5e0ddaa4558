using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Assessments;
using Evaluation.Infrastructure.Scoring;
using Evaluation.Infrastructure.Seed;
using Evaluation.Infrastructure.Storage;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.IntegrationTests.Results;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.OtherIndices;

/// <summary>
/// over real HTTP on the local host: the working group imports each unit's value of another index (.xlsx or
/// .csv); the leaves the catalogues score from that index take the converted points, read-only on the unit's form,
/// refused to the unit and the council, and counted by the ranking. The sample catalogues name two indices:
/// CQDT (e-government ranking: 01 and 03 by group, 02 by rank; II.7.5) and DDCI (01 IV.3.1).
/// </summary>
[Trait("Requirement", "R-1.4")]
public sealed class OtherIndexApiTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string ECode = "II.7.5";
    private const string DdciCode = "IV.3.1";

    private static string IndexPath(int year, string code) => $"/api/years/{year}/other-indices/{code}";

    private static string ListPath(int year) => $"/api/years/{year}/other-indices";

    /// <summary>A year that is not started: catalogues 01, 02, 04, two departments, two districts and a central agency (04 names no index).</summary>
    private async Task SetUpYearAsync(int year)
    {
        using var admin = host.Client();
        await EnsureAsync(admin.PutAsync($"/api/years/{year}", LocalHostFixture.Json("{}")));
        foreach (var indexSet in new[] { "01", "02", "04" })
        {
            var catalogue = JsonNode.Parse(SeedData.ReadBytes($"catalogues/2025/{indexSet}.json"))!;
            catalogue["year"] = year;
            await EnsureAsync(admin.PutAsync($"/api/years/{year}/catalogues/{indexSet}", LocalHostFixture.Json(catalogue.ToJsonString())));
        }

        foreach (var (unitId, name, type) in new[] { ("so-a", "Sở A", "01"), ("so-b", "Sở B", "01"), ("huyen-x", "Huyện X", "02"), ("huyen-y", "Huyện Y", "02"), ("cuc-z", "Cục Z", "04") })
        {
            await EnsureAsync(admin.PutAsync($"/api/years/{year}/units/{unitId}", LocalHostFixture.Json(new JsonObject { ["name"] = name, ["type"] = type }.ToJsonString())));
        }
    }

    private static MultipartFormDataContent FileContent(byte[] bytes, string fileName)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, int year, string code, byte[] bytes, string fileName)
    {
        using var content = FileContent(bytes, fileName);
        return await client.PutAsync(IndexPath(year, code), content);
    }

    private static byte[] Csv(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];

    private static JsonElement Index(JsonElement list, string code) =>
        list.GetProperty("indices").EnumerateArray().Single(index => index.GetProperty("code").GetString() == code);

    private static Dictionary<string, (decimal Value, decimal Points)> Values(JsonElement index) =>
        index.GetProperty("units").EnumerateArray().ToDictionary(
            unit => unit.GetProperty("unitId").GetString()!,
            unit => (unit.GetProperty("value").GetDecimal(), unit.GetProperty("points").EnumerateArray().Single().GetProperty("points").GetDecimal()));

    private static List<string> Missing(JsonElement index) =>
        index.GetProperty("missing").EnumerateArray().Select(unit => unit.GetProperty("unitId").GetString()!).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task An_xlsx_and_a_csv_import_and_the_list_shows_values_points_and_the_units_without_a_value()
    {
        const int year = 2061;
        await SetUpYearAsync(year);
        using var admin = host.Client();

        // CQDT from a workbook: departments by group (1 → 2 points, 3 → 1), districts by rank (5 → 1,5).
        var workbook = IndexWorkbook.Build(
            (1, ["Mã đơn vị", "Tên đơn vị", "Giá trị"]),
            (2, ["so-a", "Sở A", 1]),
            (3, ["so-b", "Sở B", 3]),
            (4, ["huyen-x", "Huyện X", 5]));
        using (var imported = await ImportAsync(admin, year, "CQDT", workbook, "xep-hang-cqdt-2061.xlsx"))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            var index = await imported.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("CQDT", index.GetProperty("code").GetString());
            Assert.Equal("Xếp hạng mức độ chính quyền điện tử", index.GetProperty("title").GetString());
            Assert.Equal(new Dictionary<string, (decimal, decimal)> { ["so-a"] = (1m, 2m), ["so-b"] = (3m, 1m), ["huyen-x"] = (5m, 1.5m) }, Values(index));
            Assert.Equal(["huyen-y"], Missing(index));
            var points = index.GetProperty("units").EnumerateArray().Single(unit => unit.GetProperty("unitId").GetString() == "huyen-x").GetProperty("points")[0];
            Assert.Equal(ECode, points.GetProperty("code").GetString());
            Assert.Equal("Giá trị 5 thuộc khoảng 4–6 → 1,5 điểm", points.GetProperty("explanation").GetString());
            Assert.Equal("xep-hang-cqdt-2061.xlsx", index.GetProperty("current").GetProperty("fileName").GetString());
            Assert.Equal(LocalHostFixture.Admin, index.GetProperty("current").GetProperty("importedBy").GetString());
            Assert.Equal(["01", "02"], index.GetProperty("criteria").EnumerateArray().Select(item => item.GetProperty("indexSet").GetString()));
        }

        // DDCI from a semicolon CSV with a BOM and decimal commas (as Excel saves it with Vietnamese settings).
        using (var imported = await ImportAsync(admin, year, "DDCI", Csv("Mã đơn vị;Tên đơn vị;Giá trị\r\nso-a;Sở A;4,0\r\nso-b;Sở B;2\r\n"), "ddci.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        var list = await admin.GetFromJsonAsync<JsonElement>(ListPath(year));
        Assert.True(list.GetProperty("editable").GetBoolean());
        Assert.Equal(["CQDT", "DDCI"], list.GetProperty("indices").EnumerateArray().Select(index => index.GetProperty("code").GetString()));
        Assert.Equal(new Dictionary<string, (decimal, decimal)> { ["so-a"] = (4m, 0.5m), ["so-b"] = (2m, 1m) }, Values(Index(list, "DDCI")));
        Assert.Empty(Missing(Index(list, "DDCI")));
        Assert.Equal(["huyen-y"], Missing(Index(list, "CQDT")));
        Assert.Equal(DdciCode, Index(list, "DDCI").GetProperty("criteria").EnumerateArray().Single().GetProperty("code").GetString());

        // A re-import replaces the index's values; the earlier import stays listed.
        using (var again = await ImportAsync(admin, year, "CQDT", Csv("ma don vi,gia tri\nso-a,2\nhuyen-y,12\n"), "cqdt-dinh-chinh.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var after = Index(await admin.GetFromJsonAsync<JsonElement>(ListPath(year)), "CQDT");
        Assert.Equal(new Dictionary<string, (decimal, decimal)> { ["so-a"] = (2m, 1.5m), ["huyen-y"] = (12m, 0m) }, Values(after));
        Assert.Equal(["huyen-x", "so-b"], Missing(after));
        Assert.Equal(["cqdt-dinh-chinh.csv", "xep-hang-cqdt-2061.xlsx"], after.GetProperty("imports").EnumerateArray().Select(import => import.GetProperty("fileName").GetString()));
        Assert.Equal("cqdt-dinh-chinh.csv", after.GetProperty("current").GetProperty("fileName").GetString());
    }

    [Fact]
    public async Task A_file_with_bad_rows_is_refused_listing_every_row_and_changes_nothing()
    {
        const int year = 2062;
        await SetUpYearAsync(year);
        using var admin = host.Client();
        using (var good = await ImportAsync(admin, year, "CQDT", Csv("Mã đơn vị;Giá trị\nso-a;1\n"), "dung.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        }

        var before = await admin.GetStringAsync(ListPath(year));
        var bad = Csv("Mã đơn vị;Tên đơn vị;Giá trị\nso-b;Sở B;2\nso-khong-co;Sở Không Có;1\nhuyen-x;Huyện X;năm\nso-b;Sở B;3\ncuc-z;Cục Z;1\n");
        using (var refused = await ImportAsync(admin, year, "CQDT", bad, "sai.csv"))
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "rows[3]", "rows[4]", "rows[5]", "rows[6]");
            var text = ProblemAssert.Text(problem);
            Assert.Contains("chưa nhập giá trị nào", text, StringComparison.Ordinal);
            Assert.Contains("Dòng 3: không có cơ quan, đơn vị mã \"so-khong-co\" (Sở Không Có)", text, StringComparison.Ordinal);
            Assert.Contains("Dòng 4: giá trị \"năm\" không phải là số", text, StringComparison.Ordinal);
            Assert.Contains("Dòng 5: Sở B đã có giá trị ở dòng 2", text, StringComparison.Ordinal);
            Assert.Contains("Dòng 6: bộ chỉ số 04 của Cục Z không có tiêu chí nào lấy điểm từ chỉ số CQDT", text, StringComparison.Ordinal);
            Assert.False(problem.GetProperty("errors").TryGetProperty("rows[2]", out _));
        }

        // A file that cannot be read, an index no catalogue names, no file at all: refused, nothing changed.
        using (var noHeader = await ImportAsync(admin, year, "CQDT", Csv("Đơn vị;Điểm\nso-a;1\n"), "sai-tieu-de.csv"))
        {
            await ProblemAssert.HasStatusAsync(noHeader, HttpStatusCode.BadRequest, "thiếu cột \"Mã đơn vị\" và \"Giá trị\"");
        }

        using (var unknown = await ImportAsync(admin, year, "PAR", Csv("Mã đơn vị;Giá trị\nso-a;1\n"), "par.csv"))
        {
            await ProblemAssert.HasStatusAsync(unknown, HttpStatusCode.NotFound, "chỉ số \"PAR\"");
        }

        using (var notMultipart = await admin.PutAsync(IndexPath(year, "CQDT"), LocalHostFixture.Json("{}")))
        {
            await ProblemAssert.IsProblemAsync(notMultipart, HttpStatusCode.UnsupportedMediaType);
        }

        Assert.Equal(before, await admin.GetStringAsync(ListPath(year)));
    }

    [Fact]
    [Trait("Requirement", "R-9")]
    public async Task Only_the_working_group_imports_or_sees_other_indices()
    {
        const int year = 2063;
        await SetUpYearAsync(year);
        using var admin = host.Client();
        const string staff = "canbo.so-a.2063@thu.phutho.vn";
        await EnsureAsync(admin.PutAsync($"/api/people/{Uri.EscapeDataString(staff)}", LocalHostFixture.Json(
            new JsonObject { ["name"] = "Cán bộ Sở A", ["role"] = "unitStaff", ["unitId"] = "so-a" }.ToJsonString())));
        var appraiser = await AppraisalCalendar.AddAppraiserAsync(host, "STTTT");
        var file = Csv("Mã đơn vị;Giá trị\nso-a;1\n");

        foreach (var email in new[] { staff, appraiser })
        {
            using var client = host.Client(email);
            using (var put = await ImportAsync(client, year, "CQDT", file, "cqdt.csv"))
            {
                await ProblemAssert.HasStatusAsync(put, HttpStatusCode.Forbidden, "Chỉ Tổ công tác");
            }

            using var get = await client.GetAsync(ListPath(year));
            await ProblemAssert.IsProblemAsync(get, HttpStatusCode.Forbidden);
        }

        using var anonymous = host.Client(null);
        using (var put = await ImportAsync(anonymous, year, "CQDT", file, "cqdt.csv"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        }

        var list = await admin.GetFromJsonAsync<JsonElement>(ListPath(year));
        Assert.All(list.GetProperty("indices").EnumerateArray(), index => Assert.Empty(index.GetProperty("units").EnumerateArray()));
    }

    [Fact]
    public async Task The_unit_sees_an_imported_leaf_read_only_with_its_points_and_neither_it_nor_the_council_may_score_it()
    {
        var unit = await AssessmentScenario.CreateAsync(host, "so-chi-so");
        using var staff = host.Client(unit.StaffEmail);
        using var admin = host.Client();

        var form = await staff.GetFromJsonAsync<JsonElement>(unit.AssessmentPath);
        var leaf = Item(form, ECode);
        Assert.True(leaf.GetProperty("isLeaf").GetBoolean());
        Assert.False(leaf.TryGetProperty("selfScore", out _));
        Assert.False(leaf.GetProperty("otherIndex").TryGetProperty("points", out _));
        Assert.StartsWith("Chưa có kết quả chỉ số Xếp hạng mức độ chính quyền điện tử", leaf.GetProperty("otherIndex").GetProperty("text").GetString(), StringComparison.Ordinal);

        // "% filled" and the submission do not wait for it: it is not among the leaves the unit fills in.
        var catalogue = (await host.Services.GetRequiredService<CatalogueStore>().GetAsync(unit.Year, "01"))!;
        var selfAssessed = catalogue.Leaves().Count(SelfAssessmentRules.IsSelfAssessed);
        Assert.Equal(catalogue.Leaves().Count(entry => SelfAssessmentRules.IsSelfAssessed(entry.Section.Kind)) - 2, selfAssessed); // II.7.5 and IV.3.1
        Assert.Equal(selfAssessed, form.GetProperty("totals").GetProperty("leafCount").GetInt32());

        using (var put = await staff.PutAsJsonAsync(unit.CriterionPath(ECode), new { selfScore = 2m, explanation = "Nhóm 1." }))
        {
            await ProblemAssert.HasStatusAsync(put, HttpStatusCode.Conflict,
                "Tiêu chí II.7.5 lấy điểm từ Xếp hạng mức độ chính quyền điện tử do Tổ công tác nhập; đơn vị không tự chấm.");
        }

        using (var decision = await admin.PutAsJsonAsync($"/api/years/{unit.Year}/units/{unit.UnitId}/appraisal/1/criteria/{ECode}", new { decision = "agree" }))
        {
            await ProblemAssert.HasStatusAsync(decision, HttpStatusCode.Conflict, "do Tổ công tác nhập; Hội đồng thẩm định không thẩm định.");
        }

        using (var imported = await ImportAsync(admin, unit.Year, "CQDT", Csv($"Mã đơn vị;Giá trị\n{unit.UnitId};2\n"), "cqdt.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        var shown = Item(await staff.GetFromJsonAsync<JsonElement>(unit.AssessmentPath), ECode).GetProperty("otherIndex");
        Assert.Equal(2m, shown.GetProperty("value").GetDecimal());
        Assert.Equal(1.5m, shown.GetProperty("points").GetDecimal()); // group 2 → 1,5 of 2
        Assert.Equal("Giá trị 2 → 1,5 điểm", shown.GetProperty("text").GetString());
        Assert.Equal("CQDT", shown.GetProperty("code").GetString());
        Assert.False(Item(await staff.GetFromJsonAsync<JsonElement>(unit.AssessmentPath), DdciCode).GetProperty("otherIndex").TryGetProperty("points", out _));
    }

    [Fact]
    public async Task The_ranking_score_sheet_counts_the_imported_points()
    {
        const int year = 2064;
        await SetUpYearAsync(year);
        using var admin = host.Client();
        using (var cqdt = await ImportAsync(admin, year, "CQDT", IndexWorkbook.Build((1, ["Mã đơn vị", "Giá trị"]), (2, ["so-a", 1]), (3, ["huyen-x", 7])), "cqdt.xlsx"))
        {
            Assert.Equal(HttpStatusCode.OK, cqdt.StatusCode);
        }

        using (var ddci = await ImportAsync(admin, year, "DDCI", Csv("Mã đơn vị;Giá trị\nso-a;3\n"), "ddci.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, ddci.StatusCode);
        }

        var reading = await host.Services.GetRequiredService<UnitScoreReader>().ReadWithGapsAsync(year);

        var soA = reading.Sheet.Units.Single(unit => unit.UnitId == "so-a");
        Assert.Equal(2m, soA.Criteria.Single(item => item.Code == ECode).Score);    // group 1
        Assert.Equal(1m, soA.Criteria.Single(item => item.Code == DdciCode).Score); // DDCI rank 3
        Assert.Equal(2m, soA.Sections["II"]); // nobody appraised anything else
        Assert.Equal(1m, soA.Sections["IV"]);
        Assert.Equal(0, soA.MissingIndexScores);
        var catalogue = (await host.Services.GetRequiredService<CatalogueStore>().GetAsync(year, "01"))!;
        Assert.Equal(Council.Default.AppraisedLeaves(catalogue).Count(), soA.Unappraised);

        var soB = reading.Sheet.Units.Single(unit => unit.UnitId == "so-b");
        Assert.Equal(2, soB.MissingIndexScores);
        Assert.Equal(0m, soB.Criteria.Single(item => item.Code == ECode).Score);
        Assert.Equal(1m, reading.Sheet.Units.Single(unit => unit.UnitId == "huyen-x").Sections["II"]); // rank 7 → 1
        Assert.Equal(0, reading.Sheet.Units.Single(unit => unit.UnitId == "cuc-z").MissingIndexScores);
    }

    [Fact]
    [Trait("Requirement", "R-8.1")]
    public async Task A_published_year_refuses_imports()
    {
        var ranked = await RankedYear.CreateAsync(host, 2065, publish: true);
        using var admin = host.Client();

        using (var refused = await ImportAsync(admin, ranked.Year, "CQDT", Csv($"Mã đơn vị;Giá trị\n{RankedYear.UnitA};1\n"), "cqdt.csv"))
        {
            await ProblemAssert.HasStatusAsync(refused, HttpStatusCode.Conflict, "đã được công bố");
        }

        var list = await admin.GetFromJsonAsync<JsonElement>(ListPath(ranked.Year));
        Assert.False(list.GetProperty("editable").GetBoolean());
        Assert.Contains("đã được công bố", list.GetProperty("lockReason").GetString(), StringComparison.Ordinal);
        Assert.Empty(Index(list, "CQDT").GetProperty("units").EnumerateArray());
    }

    private static JsonElement Item(JsonElement form, string code) =>
        form.GetProperty("sections").EnumerateArray().SelectMany(section => section.GetProperty("criteria").EnumerateArray())
            .Single(item => item.GetProperty("code").GetString() == code);

    private static async Task EnsureAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            throw new InvalidOperationException($"Setup: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
