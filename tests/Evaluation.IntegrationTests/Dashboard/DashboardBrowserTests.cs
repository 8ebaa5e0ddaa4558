using System.Net;
using System.Net.Http.Json;
using Evaluation.IntegrationTests.Browser;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Evaluation.IntegrationTests.Dashboard;

/// <summary>
/// The working group's dashboard in a real browser on the local host, in Vietnamese: the year header with the next
/// deadline, a unit's % of criteria scored that follows the unit's saves without a reload, and filters kept in the
/// address.
/// </summary>
public sealed class DashboardBrowserTests(LocalHostFixture host, BrowserFixture browser)
    : IClassFixture<LocalHostFixture>, IClassFixture<BrowserFixture>
{
    private readonly BrowserSession _session = new(browser, host);

    private const float LoadTimeout = 20_000;

    [Fact]
    [Trait("Requirement", "R-7.1")]
    public async Task A_units_progress_changes_on_the_open_dashboard_without_a_reload()
    {
        // Next year with the regulation's dates: self-assessment open for months.
        var unit = await AssessmentScenario.CreateAsync(host, "dash-trinh-duyet");
        using var staff = host.Client(unit.StaffEmail);
        await SaveAsync(staff, unit, "I.1.1", 2m);

        await using var context = await _session.NewContextAsync(LocalHostFixture.Admin);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _session.ScriptErrors.Add(error);
        var loads = 0;
        page.Load += (_, _) => loads++;
        await page.GotoAsync($"/app/years/{unit.Year}/dashboard");

        await Expect(page.Locator("#year-phase")).ToHaveTextAsync("Tự đánh giá", new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#next-deadline")).ToContainTextAsync("Hạn tự đánh giá");
        await Expect(page.Locator("#time-left")).ToContainTextAsync("còn");
        await Expect(page.Locator("#calendar tr[data-due]")).ToHaveCountAsync(6);
        await Expect(page.Locator("#updated")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Cập nhật lúc \d\d:\d\d:\d\d$"));

        var row = page.Locator($"tr[data-unit-id='{unit.UnitId}']");
        var leafCount = int.Parse((await row.Locator(".filled-count").TextContentAsync())!.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
        await Expect(row.Locator(".filled-count")).ToHaveTextAsync($"1/{leafCount}");
        await Expect(row.Locator(".filled-percent")).ToHaveTextAsync(PercentText(1, leafCount));
        await Expect(row.Locator(".submitted")).ToHaveTextAsync("Chưa nộp");
        await page.EvaluateAsync("() => { window.__dashboardMarker = 'còn nguyên'; }");

        // The unit saves another criterion through the API; the open page follows on its next poll.
        await SaveAsync(staff, unit, "I.1.2", 3m);
        await Expect(row.Locator(".filled-count")).ToHaveTextAsync($"2/{leafCount}", new() { Timeout = LoadTimeout });
        await Expect(row.Locator(".filled-percent")).ToHaveTextAsync(PercentText(2, leafCount));
        await Expect(page.Locator("#total-filled .tile-value")).ToHaveTextAsync(PercentText(2, leafCount));
        Assert.Equal("còn nguyên", await page.EvaluateAsync<string>("() => window.__dashboardMarker"));
        Assert.Equal(1, loads);

        // Filters live in the address: a search without Vietnamese marks finds the unit, a reload keeps it.
        await page.Locator("#filter-search").FillAsync("don vi thu dash-trinh");
        await Expect(page.Locator("#units tbody tr[data-unit-id]")).ToHaveCountAsync(1);
        await page.Locator("#filter-overdue").CheckAsync();
        await Expect(page.Locator("#units tbody tr.empty")).ToContainTextAsync("Không có cơ quan, đơn vị nào khớp bộ lọc.");
        await page.Locator("#sort").SelectOptionAsync("progress");
        Assert.Contains("overdue=1", page.Url, StringComparison.Ordinal);
        Assert.Contains("sort=progress", page.Url, StringComparison.Ordinal);
        await page.ReloadAsync();
        await Expect(page.Locator("#filter-search")).ToHaveValueAsync("don vi thu dash-trinh", new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#filter-overdue")).ToBeCheckedAsync();
        await Expect(page.Locator("#sort")).ToHaveValueAsync("progress");
        await Expect(page.Locator("#units tbody tr.empty")).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        Assert.Empty(_session.ScriptErrors);
    }

    /// <summary>What the page shows: one decimal at most, decimal comma.</summary>
    private static string PercentText(int filled, int leaves) =>
        Math.Round(100m * filled / leaves, 1, MidpointRounding.AwayFromZero).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',') + "%";

    private static async Task SaveAsync(HttpClient staff, AssessmentScenario unit, string code, decimal score)
    {
        using var saved = await staff.PutAsJsonAsync(unit.CriterionPath(code), new { selfScore = score, explanation = $"Đã thực hiện {code}." });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }
}
