using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Evaluation.IntegrationTests.Browser;

/// <summary>
/// Deductions of section VII in a real browser on the local host, in Vietnamese (issue 4, item 7; Art. 3.3): the
/// inspectorate's appraiser picks a unit on the work page and sees every penalty item with its maximum and the agency
/// that records it, but inputs only for the inspectorate's own items; a deduction above the maximum (and without a
/// source) is refused next to the fields with nothing typed lost; 1,5 with its source, reason and evidence is saved,
/// the total and the history follow. The unit head sees nothing before round 1 closes, then the deduction in the
/// form. Once round 2 is over a save is refused with the reason and the card is locked.
/// </summary>
public sealed class PenaltyBrowserTests(LocalHostFixture host, BrowserFixture browser)
    : IClassFixture<LocalHostFixture>, IClassFixture<BrowserFixture>
{
    private readonly BrowserSession _session = new(browser, host);

    // Sample index set 01: nine penalty leaves (VII.1, VII.2.1–2, VII.3–5, VII.6.1–2, VII.7); VII.1 (VPUBND, max 1),
    // VII.3 (TTT, max 2), VII.7 (TTT, max 3).
    private const string Reason = "Chậm thực hiện kết luận thanh tra về quản lý đầu tư công.";
    private const string Evidence = "Kết luận thanh tra số 12/KL-TTr ngày 15/3";

    private const float LoadTimeout = 20_000;

    [Fact]
    [Trait("Requirement", "R-6.1")]
    [Trait("Requirement", "R-9")]
    public async Task The_inspectorate_records_a_deduction_within_the_maximum_and_the_unit_sees_it_after_round_one()
    {
        var year = AppraisalCalendar.Year;
        var unit = await SubmittedAssessment.CreateAsync(host, "so-diem-tru", [("I.1.1", 2m)], _ => SignedPdfBuilder.BuildUnsigned());
        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Round1, unit.UnitId);
        var inspectorEmail = await AppraisalCalendar.AddAppraiserAsync(host, "TTT", "Tạ Quang Thanh");

        // The inspectorate's appraiser picks the unit: every item of section VII, who records it, inputs only for its own.
        await using var inspectorContext = await _session.NewContextAsync(inspectorEmail);
        var inspector = await _session.OpenAsync(inspectorContext, $"/app/years/{year}/appraisal");
        await Expect(inspector.Locator("#filter-unit")).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        await Expect(inspector.Locator("#penalties")).ToHaveCountAsync(0);
        await inspector.Locator("#filter-unit").SelectOptionAsync(unit.UnitId);

        var card = inspector.Locator("#penalties");
        await Expect(card.Locator("h2")).ToHaveTextAsync("Điểm trừ (mục VII)", new() { Timeout = LoadTimeout });
        var vii3 = card.Locator("[data-penalty='VII.3']");
        var vii1 = card.Locator("[data-penalty='VII.1']");
        await Expect(vii3).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        await Expect(card.Locator("[data-penalty]")).ToHaveCountAsync(9);
        await Expect(vii3.Locator(".max")).ToHaveTextAsync("trừ tối đa 2 điểm");
        await Expect(vii3.Locator(".penalty-agency-name")).ToHaveTextAsync("Thanh tra tỉnh");
        await Expect(vii3.Locator(".penalty-current")).ToHaveTextAsync("Chưa có điểm trừ.");
        await Expect(vii1.Locator(".max")).ToHaveTextAsync("trừ tối đa 1 điểm");
        await Expect(vii1.Locator(".penalty-agency-name")).Not.ToHaveTextAsync("Thanh tra tỉnh");
        await Expect(vii1.Locator("input.penalty-points")).ToHaveCountAsync(0);
        await Expect(vii1.Locator("button.penalty-save")).ToHaveCountAsync(0);
        await Expect(card.Locator("[data-penalty='VII.7'] input.penalty-points")).ToHaveCountAsync(1);
        await Expect(card.Locator("#penalties-total")).ToHaveTextAsync("0");
        await Expect(card.Locator(".penalty-history")).ToContainTextAsync("Chưa có thay đổi nào.");

        // Above the maximum and without a source: refused next to both fields, nothing typed is lost.
        await vii3.Locator("input.penalty-points").FillAsync("3");
        await vii3.Locator("textarea.penalty-reason").FillAsync(Reason);
        await vii3.Locator("input.penalty-evidence").FillAsync(Evidence);
        await vii3.Locator("button.penalty-save").ClickAsync();
        await Expect(vii3.Locator(".field-error[data-field=points]")).ToContainTextAsync("tối đa 2", new() { Timeout = LoadTimeout });
        await Expect(vii3.Locator(".field-error[data-field=source]")).ToContainTextAsync("Cần chọn nguồn");
        await Expect(vii3.Locator(".form-message")).ToContainTextAsync("Chưa lưu");
        await Expect(vii3.Locator("input.penalty-points")).ToHaveValueAsync("3");
        await Expect(vii3.Locator("textarea.penalty-reason")).ToHaveValueAsync(Reason);
        await Expect(vii3.Locator("input.penalty-evidence")).ToHaveValueAsync(Evidence);
        await Expect(card.Locator("#penalties-total")).ToHaveTextAsync("0");

        // 1,5 (decimal comma) from an inspection, with reason and evidence: saved; the total and the history follow.
        var sourceLabels = await vii3.Locator("select.penalty-source option").AllTextContentsAsync();
        Assert.Contains("Kết quả thanh tra, kiểm tra, giám sát", sourceLabels);
        Assert.Contains("Phản ánh trên phương tiện thông tin đã được xác thực", sourceLabels);
        Assert.Contains("Kênh thông tin khác đã xác thực", sourceLabels);
        await vii3.Locator("select.penalty-source").SelectOptionAsync("inspection");
        await vii3.Locator("input.penalty-points").FillAsync("1,5");
        await vii3.Locator("button.penalty-save").ClickAsync();
        await Expect(card.Locator("#penalties-total")).ToHaveTextAsync("1,5", new() { Timeout = LoadTimeout });
        vii3 = card.Locator("[data-penalty='VII.3']");
        await Expect(vii3.Locator(".form-message")).ToContainTextAsync("Đã lưu lúc");
        await Expect(vii3.Locator(".penalty-current-points")).ToHaveTextAsync("−1,5");
        await Expect(vii3.Locator(".penalty-current-source")).ToContainTextAsync("Kết quả thanh tra, kiểm tra, giám sát");
        await Expect(vii3.Locator(".penalty-current-reason")).ToContainTextAsync(Reason);
        await Expect(vii3.Locator(".penalty-current-evidence")).ToContainTextAsync(Evidence);
        await Expect(vii3.Locator(".penalty-by")).ToHaveTextAsync(inspectorEmail);
        await Expect(vii3.Locator("input.penalty-points")).ToHaveValueAsync("1,5");
        await Expect(vii3.Locator("select.penalty-source")).ToHaveValueAsync("inspection");
        await Expect(vii3.Locator(".field-error[data-field=points]")).ToBeEmptyAsync();
        var changes = card.Locator(".penalty-history tbody tr");
        await Expect(changes).ToHaveCountAsync(1);
        await Expect(changes.First).ToContainTextAsync("VII.3");
        await Expect(changes.First).ToContainTextAsync("1,5");
        await Expect(changes.First).ToContainTextAsync(Reason);
        await Expect(changes.First).ToContainTextAsync(inspectorEmail);
        await Expect(changes.First).ToContainTextAsync("Thanh tra tỉnh");
        await Expect(changes.First.Locator(".penalty-at")).Not.ToBeEmptyAsync();

        // The unit head sees nothing while round 1 runs, the deduction once it closes.
        var formPath = $"/app/years/{year}/units/{unit.UnitId}/assessment";
        await using var headContext = await _session.NewContextAsync(unit.HeadEmail);
        var head = await _session.OpenAsync(headContext, formPath);
        await Expect(head.Locator("#lock-reason")).ToContainTextAsync("đã nộp", new() { Timeout = LoadTimeout });
        await Expect(head.Locator("#penalty-list")).ToBeHiddenAsync();
        await Expect(head.Locator("#penalty-list li.penalty")).ToHaveCountAsync(0);

        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Explanation, unit.UnitId);
        await head.ReloadAsync();
        var penalties = head.Locator("#penalty-list");
        await Expect(penalties).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        await Expect(penalties.Locator("li.penalty[data-code='VII.3'] .penalty-points")).ToHaveTextAsync("−1,5");
        await Expect(penalties).ToContainTextAsync(Reason);
        await Expect(penalties).ToContainTextAsync(Evidence);
        await Expect(head.Locator("#penalty-total-summary")).ToHaveTextAsync("−1,5");

        // After round 2 the page still open refuses a save with the reason, keeps what was typed; reloaded, it is locked.
        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Closed, unit.UnitId);
        var vii7 = card.Locator("[data-penalty='VII.7']");
        await vii7.Locator("input.penalty-points").FillAsync("1");
        await vii7.Locator("select.penalty-source").SelectOptionAsync("media");
        await vii7.Locator("textarea.penalty-reason").FillAsync("Báo chí phản ánh, đã xác minh.");
        await vii7.Locator("input.penalty-evidence").FillAsync("Văn bản xác minh số 3/TTr");
        await vii7.Locator("button.penalty-save").ClickAsync();
        await Expect(vii7.Locator(".form-message")).ToContainTextAsync("Đã hết hạn thẩm định lần 2", new() { Timeout = LoadTimeout });
        await Expect(vii7.Locator("input.penalty-points")).ToHaveValueAsync("1");
        await Expect(vii7.Locator("select.penalty-source")).ToHaveValueAsync("media");
        await Expect(card.Locator("#penalties-total")).ToHaveTextAsync("1,5");

        await inspector.ReloadAsync();
        await Expect(inspector.Locator("#penalties .penalty-lock")).ToContainTextAsync("Đã hết hạn thẩm định lần 2", new() { Timeout = LoadTimeout });
        await Expect(inspector.Locator("#penalties input.penalty-points")).ToHaveCountAsync(0);
        await Expect(inspector.Locator("#penalties [data-penalty='VII.3'] .penalty-current-points")).ToHaveTextAsync("−1,5");
        await Expect(inspector.Locator("#penalties .penalty-history tbody tr")).ToHaveCountAsync(1);
        Assert.Empty(_session.ScriptErrors);
    }
}
