using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.Infrastructure.Seed;
using Evaluation.IntegrationTests.Browser;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Evaluation.IntegrationTests.OtherIndices;

/// <summary>
/// The working group's page for other indices (R-1.4) in a real browser on the local host, in Vietnamese: from the
/// start page to each index's card with its criteria and rule; a CSV made from the page's own sample with one bad
/// value shows that row's error and changes nothing; a good .xlsx fills the table with the values and points the
/// API lists, the unit left out marked as without a value. Without a sign-in the page asks for one; another role is
/// refused. Each test sets up a year of its own (catalogues 01 and 02, two departments, two districts; not started).
/// </summary>
[Trait("Requirement", "R-1.4")]
public sealed class OtherIndexPageBrowserTests(LocalHostFixture host, BrowserFixture browser)
    : IClassFixture<LocalHostFixture>, IClassFixture<BrowserFixture>
{
    private const float LoadTimeout = 20_000;
    private const string ECode = "II.7.5";

    private static readonly (string UnitId, string Name, string Type)[] Units =
        [("so-a", "Sở A", "01"), ("so-b", "Sở B", "01"), ("huyen-x", "Huyện X", "02"), ("huyen-y", "Huyện Y", "02")];

    private readonly BrowserSession _session = new(browser, host);

    private static string PagePath(int year) => $"/app/years/{year}/other-indices";

    private static string ListPath(int year) => $"/api/years/{year}/other-indices";

    [Fact]
    public async Task A_csv_with_a_bad_row_shows_the_rows_error_and_changes_nothing()
    {
        const int year = 2071;
        await SetUpYearAsync(year);
        using var admin = host.Client();
        var before = await admin.GetStringAsync(ListPath(year));

        // From the start page to the index's card: its criteria per index set with the rule written out, nothing imported.
        await using var desk = await _session.NewContextAsync(LocalHostFixture.Admin);
        var page = await _session.OpenAsync(desk, $"/app?year={year}");
        await page.Locator("#other-indices-link").ClickAsync();
        await Expect(page.Locator("#other-indices-title")).ToHaveTextAsync($"Kết quả các chỉ số khác năm {year}");
        var card = page.Locator("section.index[data-code='CQDT']");
        await Expect(card.Locator("h2")).ToContainTextAsync("Xếp hạng mức độ chính quyền điện tử", new() { Timeout = LoadTimeout });
        await Expect(card.Locator("table.criteria tr[data-index-set='02'] .rule-text")).ToHaveTextAsync("Giá trị 1–3: 2 điểm; 4–6: 1,5 điểm; 7–9: 1 điểm; 10–11: 0,5 điểm; 12–13: 0 điểm; giá trị khác: 0 điểm");
        await Expect(card.Locator("table.criteria tr[data-index-set='01'] .rule-text")).ToContainTextAsync("Giá trị 1: 2 điểm; 2: 1,5 điểm");
        await Expect(page.Locator("section.index[data-code='DDCI'] table.criteria tr[data-index-set='01']")).ToContainTextAsync("IV.3.1");
        await Expect(card.Locator(".current-import")).ToContainTextAsync("Chưa nhập kết quả chỉ số CQDT");
        await Expect(card.Locator("table.units tbody tr.missing")).ToHaveCountAsync(Units.Length);

        // The page's sample: every unit the index applies to, with an empty value; filled in, Huyện X's value is a word.
        var download = await page.RunAndWaitForDownloadAsync(() => card.Locator(".sample-link").ClickAsync());
        Assert.Equal($"mau-CQDT-{year}.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync(), Encoding.UTF8)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Mã đơn vị;Tên đơn vị;Giá trị", lines[0]);
        Assert.Equal(Units.Select(unit => $"{unit.UnitId};{unit.Name};").Order(StringComparer.Ordinal), lines.Skip(1).Order(StringComparer.Ordinal));
        var badRow = Array.FindIndex(lines, line => line.StartsWith("huyen-x;", StringComparison.Ordinal)) + 1;
        var filled = lines.Select((line, i) => i == 0 ? line : line + (i + 1 == badRow ? "năm" : "1"));
        var csv = Encoding.UTF8.GetBytes("\uFEFF" + string.Join("\r\n", filled) + "\r\n");

        await card.Locator(".import-file").SetInputFilesAsync(new FilePayload { Name = "cqdt-sai.csv", MimeType = "text/csv", Buffer = csv });
        await card.Locator(".import-submit").ClickAsync();
        var errorRow = card.Locator($"table.row-errors tr[data-row='{badRow}']");
        await Expect(errorRow).ToContainTextAsync("giá trị \"năm\" không phải là số", new() { Timeout = LoadTimeout });
        await Expect(card.Locator("table.row-errors tbody tr")).ToHaveCountAsync(1);
        await Expect(card.Locator(".import-message")).ToContainTextAsync("chưa nhập giá trị nào");

        // Nothing changed: the API answers as before, the table still shows every unit without a value.
        Assert.Equal(before, await admin.GetStringAsync(ListPath(year)));
        await Expect(card.Locator("table.units tbody tr.missing")).ToHaveCountAsync(Units.Length);
        await Expect(card.Locator(".current-import")).ToContainTextAsync("Chưa nhập");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "other-indices-row-error.png"), FullPage = true });
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    public async Task A_good_xlsx_fills_the_table_with_the_values_and_points_the_api_lists()
    {
        const int year = 2072;
        await SetUpYearAsync(year);
        await using var desk = await _session.NewContextAsync(LocalHostFixture.Admin);
        var page = await _session.OpenAsync(desk, PagePath(year));
        var card = page.Locator("section.index[data-code='CQDT']");
        await Expect(card.Locator(".import-file")).ToBeVisibleAsync(new() { Timeout = LoadTimeout });

        // Departments by group (1 → 2 points, 3 → 1), a district by rank (5 → 1,5); Huyện Y left out.
        var workbook = IndexWorkbook.Build(
            (1, ["Mã đơn vị", "Tên đơn vị", "Giá trị"]),
            (2, ["so-a", "Sở A", 1]),
            (3, ["so-b", "Sở B", 3]),
            (4, ["huyen-x", "Huyện X", 5]));
        await card.Locator(".import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "xep-hang-cqdt.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = workbook,
        });
        await card.Locator(".import-submit").ClickAsync();
        await Expect(card.Locator(".import-message")).ToContainTextAsync("Đã nhập xep-hang-cqdt.xlsx: 3 đơn vị có giá trị, 1 đơn vị chưa có giá trị.", new() { Timeout = LoadTimeout });
        await Expect(card.Locator(".current-import .file-name")).ToHaveTextAsync("xep-hang-cqdt.xlsx");
        await Expect(card.Locator("table.imports tbody tr.current")).ToHaveCountAsync(1);

        // The table shows what the API lists: each unit's value and the points of II.7.5.
        using var admin = host.Client();
        var index = (await admin.GetFromJsonAsync<JsonElement>(ListPath(year))).GetProperty("indices").EnumerateArray()
            .Single(item => item.GetProperty("code").GetString() == "CQDT");
        var listed = index.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(3, listed.Count);
        foreach (var unit in listed)
        {
            var row = card.Locator($"table.units tr[data-unit-id='{unit.GetProperty("unitId").GetString()}']");
            var points = unit.GetProperty("points").EnumerateArray().Single(item => item.GetProperty("code").GetString() == ECode);
            await Expect(row).Not.ToHaveClassAsync("missing");
            await Expect(row.Locator("td.value")).ToHaveTextAsync(Num(unit.GetProperty("value").GetDecimal()));
            await Expect(row.Locator($"td.points[data-code='{ECode}'] .points-value")).ToHaveTextAsync(Num(points.GetProperty("points").GetDecimal()));
            await Expect(row.Locator($"td.points[data-code='{ECode}']")).ToHaveAttributeAsync("title", points.GetProperty("explanation").GetString()!);
        }

        Assert.Equal(["1,5", "2", "1"], listed.OrderBy(unit => unit.GetProperty("unitId").GetString(), StringComparer.Ordinal)
            .Select(unit => Num(unit.GetProperty("points")[0].GetProperty("points").GetDecimal())));
        var missing = card.Locator("table.units tr[data-unit-id='huyen-y']");
        await Expect(missing).ToHaveClassAsync("missing");
        await Expect(missing.Locator("td.value")).ToHaveTextAsync("Chưa có giá trị");
        Assert.Equal("huyen-y", index.GetProperty("missing")[0].GetProperty("unitId").GetString());

        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "other-indices-imported.png"), FullPage = true });

        // A reload shows the same import.
        await page.ReloadAsync();
        await Expect(card.Locator("table.units tr[data-unit-id='huyen-x'] td.value")).ToHaveTextAsync("5", new() { Timeout = LoadTimeout });
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-9")]
    public async Task The_page_asks_an_anonymous_visitor_to_sign_in_and_refuses_other_roles()
    {
        const int year = 2073;
        await SetUpYearAsync(year);
        const string staff = "canbo.so-a.2073@chiso.phutho.vn";
        using (var admin = host.Client())
        {
            using var person = await admin.PutAsync($"/api/people/{Uri.EscapeDataString(staff)}", LocalHostFixture.Json(
                new JsonObject { ["name"] = "Cán bộ Sở A", ["role"] = "unitStaff", ["unitId"] = "so-a" }.ToJsonString()));
            Assert.True(person.IsSuccessStatusCode, await person.Content.ReadAsStringAsync());
        }

        await using var anonymous = await _session.NewContextAsync();
        var page = await _session.OpenAsync(anonymous, PagePath(year));
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator("body")).ToContainTextAsync("Bạn chưa đăng nhập");
        await Expect(page.Locator("#indices")).ToHaveCountAsync(0);
        Assert.Contains(Uri.EscapeDataString(PagePath(year)), await page.Locator("#sign-in").GetAttributeAsync("href"));

        await using var unitDesk = await _session.NewContextAsync(staff);
        var refused = await _session.OpenAsync(unitDesk, PagePath(year));
        await Expect(refused.Locator("h1")).ToHaveTextAsync("Không có quyền");
        await Expect(refused.Locator("body")).ToContainTextAsync("Trang kết quả các chỉ số khác dành cho Tổ công tác");
        await Expect(refused.Locator("#indices")).ToHaveCountAsync(0);
        await refused.GotoAsync($"/app?year={year}");
        await Expect(refused.Locator("#my-assessment")).ToBeVisibleAsync();
        await Expect(refused.Locator("#other-indices-link")).ToHaveCountAsync(0);

        using var staffClient = host.Client(staff);
        using var forbidden = await staffClient.GetAsync(PagePath(year));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Empty(_session.ScriptErrors);
    }

    /// <summary>A year that is not started, with catalogues 01 and 02 (both score II.7.5 from CQDT; 01 also IV.3.1 from DDCI) and <see cref="Units"/>.</summary>
    private async Task SetUpYearAsync(int year)
    {
        using var admin = host.Client();
        await EnsureAsync(admin.PutAsync($"/api/years/{year}", LocalHostFixture.Json("{}")));
        foreach (var indexSet in new[] { "01", "02" })
        {
            var catalogue = JsonNode.Parse(SeedData.ReadBytes($"catalogues/2025/{indexSet}.json"))!;
            catalogue["year"] = year;
            await EnsureAsync(admin.PutAsync($"/api/years/{year}/catalogues/{indexSet}", LocalHostFixture.Json(catalogue.ToJsonString())));
        }

        foreach (var (unitId, name, type) in Units)
        {
            await EnsureAsync(admin.PutAsync($"/api/years/{year}/units/{unitId}", LocalHostFixture.Json(new JsonObject { ["name"] = name, ["type"] = type }.ToJsonString())));
        }
    }

    private static async Task EnsureAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A number as the page writes it (Kit.num): decimal comma, no trailing zeros.</summary>
    private static string Num(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture).Replace('.', ',');
}
