using Evaluation.Infrastructure.Leaders;
using Evaluation.IntegrationTests.Browser;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Evaluation.IntegrationTests.Leaders;

/// <summary>
/// The leaders' ballot in a real browser on the local host, in Vietnamese (R-5.2, journey 6): the Chairman opens the
/// personal link as it arrives in Teams, without signing in, on a phone-sized screen; scores the units (decimal comma),
/// a score above 4 is refused next to its field with the typed text kept and nothing saved; fixed, the scores are
/// saved, and after a reload the ballot shows them and no unit left to score. A link that was altered shows only why
/// it cannot be opened.
/// </summary>
public sealed class LeaderBallotBrowserTests(LocalHostFixture host, BrowserFixture browser)
    : IClassFixture<LocalHostFixture>, IClassFixture<BrowserFixture>
{
    private const float LoadTimeout = 20_000;

    private readonly BrowserSession _session = new(browser, host);

    [Fact]
    [Trait("Requirement", "R-5.2")]
    [Trait("Requirement", "R-5.1")]
    public async Task The_chairman_scores_every_unit_from_the_link_fixes_a_wrong_score_and_finds_the_scores_after_a_reload()
    {
        await LeaderBallotYear.SetStageAsync(host, AppraisalCalendar.Closed);
        await LeaderBallotYear.LoadCatalogueAsync(host);
        await LeaderBallotYear.AddUnitAsync(host, "so-tu-phap", "Sở Tư pháp");
        await LeaderBallotYear.AddUnitAsync(host, "ubnd-huyen-cam-khe", "UBND huyện Cẩm Khê", "02");
        var leader = await LeaderBallotYear.AddLeaderAsync(host, "chutich@trinhduyet.phutho.vn", "Bùi Văn Quang");
        var link = LeaderLinks.BallotPath(LeaderBallotYear.Year, await LeaderBallotYear.TokenAsync(host, leader));

        await using var phone = await _session.NewContextAsync();
        var page = await _session.OpenAsync(phone, link);
        await page.SetViewportSizeAsync(390, 844);

        await Expect(page.Locator("#ballot-title")).ToHaveTextAsync("Phiếu chấm điểm của Lãnh đạo UBND tỉnh (Phụ lục 2)");
        await Expect(page.Locator("#leader-name")).ToHaveTextAsync("Bùi Văn Quang");
        await Expect(page.Locator("#ballot-form")).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#window-state")).ToContainTextAsync("Đang trong thời gian chấm điểm");
        await Expect(page.Locator("#deadline")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#progress")).ToContainTextAsync("còn 2 đơn vị chưa có điểm");
        await Expect(page.Locator("#groups")).Not.ToContainTextAsync("null");
        await Expect(page.Locator("[data-unit-id='so-tu-phap'] .appraised")).ToContainTextAsync("Thẩm định: I 0 · II 0 · III 0 · IV 0 · VII 0");
        await Expect(page.Locator("section.group h2")).ToHaveTextAsync(["01 · Sở, ban, ngành (1)", "02 · UBND huyện, thành, thị (1)"]);

        // One score above the maximum: refused next to its field, the typed text kept, nothing saved.
        var department = page.Locator("#score-so-tu-phap");
        var district = page.Locator("#score-ubnd-huyen-cam-khe");
        await department.FillAsync("3,5");
        await district.FillAsync("4,5");
        await page.Locator("#save").ClickAsync();
        await Expect(page.Locator("#score-ubnd-huyen-cam-khe-error")).ToContainTextAsync("không được vượt quá điểm tối đa 4");
        await Expect(page.Locator("#save-message")).ToContainTextAsync("chưa lưu điểm nào");
        await Expect(district).ToHaveValueAsync("4,5");
        await Expect(department).ToHaveValueAsync("3,5");
        Assert.False((await host.Services.GetRequiredService<LeaderBallotStore>().AllAsync(LeaderBallotYear.Year)).ContainsKey(leader));

        // Fixed: both scores saved.
        await district.FillAsync("3,75");
        await Expect(page.Locator("#score-ubnd-huyen-cam-khe-error")).ToBeEmptyAsync();
        await page.Locator("#save").ClickAsync();
        await Expect(page.Locator("#save-message")).ToContainTextAsync("Đã lưu 2 điểm", new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#progress")).ToContainTextAsync("Đã chấm đủ 2 cơ quan, đơn vị");

        // After a reload (the link again), the ballot shows what was saved.
        await page.ReloadAsync();
        await Expect(page.Locator("#ballot-form")).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        await Expect(page.Locator("#score-so-tu-phap")).ToHaveValueAsync("3,5");
        await Expect(page.Locator("#score-ubnd-huyen-cam-khe")).ToHaveValueAsync("3,75");
        await Expect(page.Locator("[data-unit-id='ubnd-huyen-cam-khe'] .saved")).ToHaveTextAsync("Đã lưu: 3,75");
        await Expect(page.Locator("#progress")).ToContainTextAsync("Đã chấm đủ 2 cơ quan, đơn vị");
        Assert.Equal(new Dictionary<string, decimal> { ["so-tu-phap"] = 3.5m, ["ubnd-huyen-cam-khe"] = 3.75m },
            (await host.Services.GetRequiredService<LeaderBallotStore>().AllAsync(LeaderBallotYear.Year))[leader]);
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-5.2")]
    public async Task An_altered_link_shows_only_why_it_cannot_be_opened()
    {
        await LeaderBallotYear.SetStageAsync(host, AppraisalCalendar.Closed);
        await LeaderBallotYear.AddUnitAsync(host, "so-tu-phap", "Sở Tư pháp");
        var leader = await LeaderBallotYear.AddLeaderAsync(host, "phochutich@trinhduyet.phutho.vn", "Hồ Đại Dũng");
        var token = await LeaderBallotYear.TokenAsync(host, leader);
        var altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        await using var phone = await _session.NewContextAsync();
        var page = await _session.OpenAsync(phone, LeaderLinks.BallotPath(LeaderBallotYear.Year, altered));

        await Expect(page.Locator("#link-refused h1")).ToHaveTextAsync("Không mở được phiếu chấm điểm");
        await Expect(page.Locator("#refusal")).ToContainTextAsync("đã bị thay đổi");
        await Expect(page.Locator("#ballot-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Hồ Đại Dũng");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Sở Tư pháp");
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-9")]
    public async Task A_signed_in_leader_reaches_the_ballot_from_the_start_page_without_a_link()
    {
        await LeaderBallotYear.SetStageAsync(host, AppraisalCalendar.Closed);
        await LeaderBallotYear.AddUnitAsync(host, "so-tu-phap", "Sở Tư pháp");
        await LeaderBallotYear.AddUnitAsync(host, "ubnd-huyen-cam-khe", "UBND huyện Cẩm Khê", "02");
        var leader = await LeaderBallotYear.AddLeaderAsync(host, "phochutich.dangnhap@trinhduyet.phutho.vn", "Phan Trọng Tấn");

        await using var desk = await _session.NewContextAsync(leader);
        var page = await _session.OpenAsync(desk, $"/app?year={LeaderBallotYear.Year}");
        await page.Locator("#leader-ballot-link").ClickAsync();

        await Expect(page.Locator("#leader-name")).ToHaveTextAsync("Phan Trọng Tấn");
        await Expect(page.Locator("#ballot-form")).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        await page.Locator("#score-so-tu-phap").FillAsync("2");
        await page.Locator("#save").ClickAsync();
        await Expect(page.Locator("#save-message")).ToContainTextAsync("Đã lưu 1 điểm", new() { Timeout = LoadTimeout });
        Assert.Equal(2m, (await host.Services.GetRequiredService<LeaderBallotStore>().AllAsync(LeaderBallotYear.Year))[leader]["so-tu-phap"]);
        Assert.Empty(_session.ScriptErrors);
    }
}
