using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Evaluation.IntegrationTests.Browser;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Evaluation.IntegrationTests.OtherIndices;

/// <summary>
/// in a real browser: on the unit's form a leaf scored from another index shows read-only, with the imported
/// value and points, or that the index has no result yet; it has no score field and does not count in "% filled".
/// </summary>
[Trait("Requirement", "R-1.4")]
public sealed class OtherIndexBrowserTests(LocalHostFixture host, BrowserFixture browser)
    : IClassFixture<LocalHostFixture>, IClassFixture<BrowserFixture>
{
    private readonly BrowserSession _session = new(browser, host);

    private const float LoadTimeout = 20_000;

    [Fact]
    public async Task The_form_shows_an_imported_leaf_read_only_with_its_value_and_points()
    {
        var unit = await AssessmentScenario.CreateAsync(host, "so-chi-so-trang");
        using (var admin = host.Client())
        {
            var file = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes($"Mã đơn vị;Giá trị\n{unit.UnitId};2\n")]);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var content = new MultipartFormDataContent { { file, "file", "cqdt.csv" } };
            using var imported = await admin.PutAsync($"/api/years/{unit.Year}/other-indices/CQDT", content);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        await using var context = await _session.NewContextAsync(unit.StaffEmail);
        var page = await _session.OpenAsync(context, $"/app/years/{unit.Year}/units/{unit.UnitId}/assessment");

        var egov = page.Locator("article.other-index[data-code='II.7.5']");
        await Expect(egov).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        await Expect(egov.Locator(".other-index-value")).ToHaveTextAsync("2");
        await Expect(egov.Locator(".other-index-points")).ToHaveTextAsync("1,5");
        await Expect(egov).ToContainTextAsync("do Tổ công tác nhập; đơn vị không tự chấm");
        await Expect(egov.Locator("input, select, textarea")).ToHaveCountAsync(0);

        var ddci = page.Locator("article.other-index[data-code='IV.3.1']");
        await Expect(ddci.Locator(".other-index-missing")).ToContainTextAsync("Chưa có kết quả chỉ số");
        await Expect(ddci.Locator("input, select, textarea")).ToHaveCountAsync(0);

        // The leaves the unit fills in are the others: II.7.5 and IV.3.1 are not among them.
        await Expect(page.Locator("article.criterion[data-code='II.7.4'] .score")).ToHaveCountAsync(1);
        await egov.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "other-index-form.png") });
        Assert.Empty(_session.ScriptErrors);
    }
}
