using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Evaluation.Infrastructure.Seed;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.IntegrationTests.Browser;

/// <summary>
/// Journey 1 as far as this capability goes, in a real browser on the local host with the demo data: the working
/// group signs in, creates a year, sees every problem of a bad catalogue file at once, loads a good one, starts the
/// year and sees the units enter self-assessment — all in Vietnamese.
/// </summary>
public sealed class StartPageJourneyTests(SeededLocalHostFixture host, BrowserFixture browser)
    : IClassFixture<SeededLocalHostFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    [Trait("Requirement", "R-10.2")]
    [Trait("Requirement", "R-10.3")]
    [Trait("Requirement", "R-1.3")]
    [Trait("Requirement", "R-7.1")]
    public async Task The_working_group_creates_a_year_loads_a_catalogue_and_starts_the_year()
    {
        // Next year: its default deadlines are months away whenever this runs, so units stay in self-assessment.
        var year = DateTime.UtcNow.Year + 1;
        var folder = Directory.CreateTempSubdirectory("catalogues");
        var good = Path.Combine(folder.FullName, "chi-so-01.json");
        var bad = Path.Combine(folder.FullName, "chi-so-01-loi.json");
        var catalogue = JsonNode.Parse(SeedData.ReadBytes("catalogues/2025/01.json"))!;
        catalogue["year"] = year;
        await File.WriteAllTextAsync(good, catalogue.ToJsonString());
        catalogue["sections"]![0]!["maxScore"] = 40;
        catalogue["sections"]![3]!["criteria"]![0]!["maxScore"] = 0;
        catalogue["sections"]![4]!["kind"] = "scored";
        await File.WriteAllTextAsync(bad, catalogue.ToJsonString());

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString(), Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        // Sign in through the development sign-in page (Easy Auth's login URL on the local host).
        await page.GotoAsync("/app");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Đăng nhập");
        await page.ClickAsync("#sign-in");
        await page.FillAsync("#dev-email", LocalHostFixture.Admin);
        await page.ClickAsync("#dev-sign-in");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Trang chủ");
        await Assertions.Expect(page.Locator("#user-role")).ToHaveTextAsync("Tổ công tác");
        await Assertions.Expect(page.Locator(".years")).ToContainTextAsync("Năm 2025");

        // Create the year with the regulation's default calendar.
        await page.FillAsync("#year-number", year.ToString(CultureInfo.InvariantCulture));
        await page.ClickAsync("#year-form button[type=submit]");
        await Assertions.Expect(page.Locator("#year-message")).ToContainTextAsync($"Đã lưu năm đánh giá {year}");
        await page.WaitForURLAsync($"**/app?year={year}");
        await Assertions.Expect(page.Locator("[data-due=selfAssessmentDue]")).ToHaveTextAsync($"hết ngày 14/12/{year}");

        // A bad file: every problem at once, nothing loaded.
        await page.SelectOptionAsync("#catalogue-index-set", "01");
        await page.SetInputFilesAsync("#catalogue-file", bad);
        await page.ClickAsync("#catalogue-form button[type=submit]");
        await Assertions.Expect(page.Locator("#catalogue-message.error")).ToContainTextAsync("Bộ chỉ số chưa được nạp");
        var problems = await page.Locator("#catalogue-message li").AllTextContentsAsync();
        Assert.True(problems.Count >= 3, string.Join(" | ", problems));
        Assert.Contains(problems, text => text.Contains("Nội dung I ", StringComparison.Ordinal) || text.Contains("nội dung I phải", StringComparison.OrdinalIgnoreCase));
        await Assertions.Expect(page.Locator("#catalogue-01")).ToContainTextAsync("chưa nạp");

        // The good file loads and shows.
        await page.SetInputFilesAsync("#catalogue-file", good);
        await page.ClickAsync("#catalogue-form button[type=submit]");
        await Assertions.Expect(page.Locator("#catalogue-message.ok")).ToContainTextAsync("Đã nạp bộ chỉ số 01");
        await Assertions.Expect(page.Locator("#catalogue-01")).ToContainTextAsync("Chỉ số 01", new() { Timeout = 15_000 });

        // Units come from the unit list (its own form arrives with a later capability; the API is the same).
        using (var admin = host.Client())
        {
            foreach (var (id, name) in new[] { ("so-y-te", "Sở Y tế"), ("so-xay-dung", "Sở Xây dựng") })
            {
                using var response = await admin.PutAsync($"/api/years/{year}/units/{id}", LocalHostFixture.Json($$"""{ "name": "{{name}}", "type": "01" }"""));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
        }

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("tr[data-unit-id=so-y-te] .phase")).ToHaveTextAsync("Chưa bắt đầu");

        // Start: the confirmation is accepted, units enter self-assessment without a reload.
        await page.ClickAsync("#start-year");
        await Assertions.Expect(page.Locator("#start-message.ok")).ToContainTextAsync($"Đã bắt đầu năm {year}", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("tr[data-unit-id=so-y-te] .phase")).ToHaveTextAsync("Tự đánh giá", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("tr[data-unit-id=so-xay-dung] .phase")).ToHaveTextAsync("Tự đánh giá", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#year-phase")).ToHaveTextAsync("Tự đánh giá", new() { Timeout = 30_000 });
    }

    [Fact]
    [Trait("Requirement", "R-9")]
    public async Task A_person_without_the_working_group_role_sees_no_setup_forms_and_the_api_refuses_them()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/dev/sign-in?returnTo=/app");
        await page.FillAsync("#dev-email", "canbo.soyte@demo.phutho.vn");
        await page.ClickAsync("#dev-sign-in");

        await Assertions.Expect(page.Locator("#user-role")).ToHaveTextAsync("Cán bộ đơn vị");
        await Assertions.Expect(page.Locator("#working-group")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr[data-unit-id=so-y-te]")).ToHaveCountAsync(1);
        var status = await page.EvaluateAsync<int>("async () => (await fetch('/api/years/2025/start', { method: 'POST' })).status");
        Assert.Equal(403, status);
    }
}
