using System.Text.RegularExpressions;
using Evaluation.Domain.Common;
using Evaluation.IntegrationTests.Browser;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Evaluation.IntegrationTests.Results;

/// <summary>
/// Journey 9 in a real browser on the local host, in Vietnamese: after publication anyone opens the results page and
/// sees each unit type's table and bar chart (one bar per unit, class colours, the thresholds), also at phone width;
/// a unit's focal official opens the unit's own result and reads the council's reasons and "why this rank".
/// </summary>
public sealed class ResultsBrowserTests(LocalHostFixture host, BrowserFixture browser)
    : IClassFixture<LocalHostFixture>, IClassFixture<BrowserFixture>
{
    private const float LoadTimeout = 20_000;

    private readonly BrowserSession _session = new(browser, host);

    [Fact]
    [Trait("Requirement", "R-8.1")]
    [Trait("Requirement", "R-6.3")]
    public async Task Anyone_sees_each_unit_types_table_and_chart_with_one_bar_per_unit()
    {
        var ranked = await RankedYear.CreateAsync(host, 2051, publish: true);

        await using var context = await _session.NewContextAsync();
        var page = await _session.OpenAsync(context, $"/app/years/{ranked.Year}/results");
        await Expect(page.Locator("#results-title")).ToHaveTextAsync($"Kết quả đánh giá, xếp loại năm {ranked.Year}");
        await Expect(page.Locator("#publication")).ToHaveTextAsync($"Đã công bố ngày 30/12/{ranked.Year}");
        await Expect(page.Locator("#workbook-link")).ToHaveAttributeAsync("href", $"/api/years/{ranked.Year}/results/workbook");

        foreach (var group in ranked.Ranking.Groups)
        {
            var card = page.Locator($"#type-{group.Type}");
            var chart = card.Locator("figure.chart svg[role=img]");
            await Expect(chart).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
            await Expect(chart).ToHaveAttributeAsync("aria-label", new Regex($"^Biểu đồ tổng điểm loại hình {group.Type}"));
            await Expect(chart.Locator("title").First).ToContainTextAsync("Biểu đồ tổng điểm");
            await Expect(chart.Locator("rect.bar")).ToHaveCountAsync(group.Units.Count);
            await Expect(chart.Locator("line.threshold")).ToHaveCountAsync(2);
            await Expect(card.Locator(".legend li")).ToHaveCountAsync(5);
            var rows = card.Locator("table.results-table tbody tr");
            await Expect(rows).ToHaveCountAsync(group.Units.Count);
            for (var i = 0; i < group.Units.Count; i++)
            {
                var unit = group.Units[i];
                await Expect(chart.Locator("g.bar-row").Nth(i)).ToHaveAttributeAsync("data-unit-id", unit.UnitId);
                await Expect(chart.Locator("rect.bar").Nth(i)).ToHaveAttributeAsync("data-class", unit.Class);
                await Expect(rows.Nth(i)).ToHaveAttributeAsync("data-unit-id", unit.UnitId);
                await Expect(rows.Nth(i).Locator("td.total")).ToHaveTextAsync(ScoreText.Format(unit.Total));
            }

            // Longer bars for higher totals, in rank order.
            var widths = await chart.Locator("rect.bar").EvaluateAllAsync<double[]>("bars => bars.map(bar => bar.getBBox().width)");
            Assert.Equal(widths.OrderByDescending(width => width), widths);
        }

        var first = page.Locator("#type-01 table.results-table tbody tr").First;
        await Expect(first).ToContainTextAsync("Sở Thử B");
        await Expect(first.Locator("td.total")).ToHaveTextAsync("97,5");
        await Expect(first.Locator(".class-badge")).ToHaveTextAsync("Hoàn thành xuất sắc nhiệm vụ");
        await Expect(page.Locator("#type-01 .tie")).ToHaveCountAsync(2);
        // Anonymous: no unit's own page is linked.
        await Expect(page.Locator("a.unit-link")).ToHaveCountAsync(0);

        // On a phone the chart keeps to the screen and the page does not scroll sideways (the table scrolls in its box).
        await using var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString(),
            Locale = "vi-VN",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        var small = await phone.NewPageAsync();
        small.PageError += (_, error) => _session.ScriptErrors.Add(error);
        await small.GotoAsync($"/app/years/{ranked.Year}/results");
        var phoneChart = small.Locator("#type-01 figure.chart svg");
        await Expect(phoneChart.Locator("rect.bar")).ToHaveCountAsync(5, new() { Timeout = LoadTimeout });
        var chartWidth = await phoneChart.EvaluateAsync<double>("svg => svg.getBoundingClientRect().width");
        Assert.InRange(chartWidth, 200, 390);
        var overflow = await small.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
        Assert.False(overflow, "The results page scrolls sideways on a phone.");
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-8.2")]
    public async Task A_unit_reads_the_councils_reasons_and_why_it_ranks_second()
    {
        var ranked = await RankedYear.CreateAsync(host, 2052, publish: true);

        await using var context = await _session.NewContextAsync(RankedYear.StaffOf(RankedYear.UnitA));
        var results = await _session.OpenAsync(context, $"/app/years/{ranked.Year}/results");
        var links = results.Locator("a.unit-link");
        await Expect(links).ToHaveCountAsync(1, new() { Timeout = LoadTimeout });
        await Expect(links).ToHaveTextAsync("Sở Thử A");
        await links.ClickAsync();

        await Expect(results).ToHaveURLAsync(new Regex($"/app/years/{ranked.Year}/units/{RankedYear.UnitA}/result$"));
        await Expect(results.Locator("#result-rank")).ToHaveTextAsync("2/5", new() { Timeout = LoadTimeout });
        await Expect(results.Locator("#result-total")).ToHaveTextAsync("93,25");
        await Expect(results.Locator("#result-class")).ToHaveTextAsync("Hoàn thành tốt nhiệm vụ");

        var why = results.Locator("#why");
        await Expect(why.Locator("h2")).ToHaveTextAsync("Vì sao xếp hạng này");
        await Expect(why.Locator("#why-summary")).ToHaveTextAsync("Xếp hạng 2/5 trong loại hình với tổng điểm 93,25 điểm: kém Sở Thử B (hạng 1) 4,25 điểm.");
        await Expect(why.Locator("tr.why-criterion")).ToHaveCountAsync(4);
        await Expect(why.Locator("tr.why-criterion").First).ToContainTextAsync("I.1.2");
        await Expect(why.Locator("tr.why-criterion").First.Locator(".gap")).ToHaveTextAsync("−1,5");

        var opinions = results.Locator("#council-opinions");
        await Expect(opinions.Locator("article.opinion")).ToHaveCountAsync(2);
        var lowered = opinions.Locator("article[data-code='I.1.2']");
        await Expect(lowered).ToContainTextAsync(RankedYear.Round1Reason);
        await Expect(lowered).ToContainTextAsync("Sở Kế hoạch và Đầu tư");
        await Expect(lowered.Locator(".scores")).ToHaveTextAsync("Tự chấm: 3 · Điểm được tính: 1,5 / tối đa 3");
        var asked = opinions.Locator("article[data-code='II.1.1']");
        await Expect(asked.Locator(".decision[data-round='1']")).ToContainTextAsync("Đề nghị bổ sung tài liệu kiểm chứng");
        await Expect(asked.Locator(".decision[data-round='2']")).ToContainTextAsync(RankedYear.Round2Reason);

        var penalty = results.Locator("#penalties article[data-code='VII.3']");
        await Expect(penalty.Locator(".points")).ToHaveTextAsync("−1,5 điểm");
        await Expect(penalty).ToContainTextAsync(RankedYear.PenaltyReason);
        await Expect(penalty).ToContainTextAsync(RankedYear.PenaltyEvidence);
        Assert.Empty(_session.ScriptErrors);
    }
}
