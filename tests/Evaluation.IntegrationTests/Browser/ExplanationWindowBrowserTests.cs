using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.LocalHost.Development;
using Evaluation.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Evaluation.IntegrationTests.Browser;

/// <summary>
/// Journey 5 in a real browser on the local host, in Vietnamese: while round 1 runs the unit sees none of the
/// council's drafts; once round 1 closes the unit head's form shows the decisions with their reasons, the questioned
/// criteria highlighted (and, by default, alone), the appraised totals and the deductions of section VII; in the
/// explanation window the head explains a questioned criterion and adds a signed PDF there, while the criterion the
/// council agreed with stays read-only and a staff member is told that the head explains. The criterion's history
/// lists the council's decision next to the unit's changes.
/// </summary>
public sealed class ExplanationWindowBrowserTests(EvidenceHostFixture host, BrowserFixture browser)
    : IClassFixture<EvidenceHostFixture>, IClassFixture<BrowserFixture>
{
    private readonly BrowserSession _session = new(browser, host);

    // Sample index set 01, all appraised by SKHDT: I.1.1 (max 2, allowed 0/1/2), I.1.2 (max 3, allowed 0–3), I.1.3 (max 3, any score).
    private const string Agreed = "I.1.1";
    private const string Requested = "I.1.2";
    private const string Disagreed = "I.1.3";

    private const string RequestReason = "Đề nghị bổ sung Quyết định giao chỉ tiêu kế hoạch năm có chữ ký số.";
    private const string DisagreeReason = "Chỉ hoàn thành một phần chỉ tiêu, chưa đạt mức điểm tự chấm.";

    [Fact]
    [Trait("Requirement", "R-2.6")]
    [Trait("Requirement", "R-3.5")]
    [Trait("Requirement", "R-8.2")]
    public async Task The_head_sees_the_councils_reasons_and_explains_the_questioned_criteria_in_the_window()
    {
        var year = AppraisalCalendar.Year;
        var signer = host.Pki.IssueSigner("Phạm Thu Hà", "Sở Giải trình tỉnh Phú Thọ");
        var signedAt = DateTimeOffset.UtcNow.AddDays(-1);

        // Self-assessment through the API: three criteria scored, explained, each with a signed PDF; the head submits.
        var unit = await SubmittedAssessment.CreateAsync(host, "so-giai-trinh", [(Agreed, 2m), (Requested, 2m), (Disagreed, 2.5m)], _ => SignedPdfBuilder.BuildSigned(signer, signedAt));
        var formPath = $"/app/years/{year}/units/{unit.UnitId}/assessment";

        // Round 1: the SKHDT appraiser agrees with one criterion, disagrees with one, asks evidence for one; the
        // inspectorate deducts under VII.3.
        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Round1, unit.UnitId);
        var appraiserEmail = await AppraisalCalendar.AddAppraiserAsync(host, "SKHDT");
        using (var appraiser = host.Client(appraiserEmail))
        {
            var decisions = new (string Code, object Body)[]
            {
                (Agreed, new { decision = "agree" }),
                (Disagreed, new { decision = "disagree", score = 1.5m, reason = DisagreeReason }),
                (Requested, new { decision = "requestEvidence", score = 0m, reason = RequestReason }),
            };
            foreach (var (code, body) in decisions)
            {
                using var decided = await appraiser.PutAsJsonAsync($"/api/years/{year}/units/{unit.UnitId}/appraisal/1/criteria/{code}", body);
                Assert.True(decided.StatusCode == HttpStatusCode.OK, $"Decision on {code}: {(int)decided.StatusCode} {await decided.Content.ReadAsStringAsync()}");
            }
        }

        using (var inspectorate = host.Client(await AppraisalCalendar.AddAppraiserAsync(host, "TTT", "Tạ Quang Thanh")))
        {
            using var deducted = await inspectorate.PutAsJsonAsync($"/api/years/{year}/units/{unit.UnitId}/penalties", new
            {
                criteria = new Dictionary<string, object>
                {
                    ["VII.3"] = new { points = 1.5m, reason = "Chậm thực hiện kết luận thanh tra", source = "inspection", evidence = "Kết luận thanh tra số 12/KL-TTr" },
                },
            });
            Assert.True(deducted.StatusCode == HttpStatusCode.OK, $"Penalty: {(int)deducted.StatusCode} {await deducted.Content.ReadAsStringAsync()}");
        }

        // While round 1 runs, the unit sees none of it (the council's drafts stay with the council).
        await using var headContext = await _session.NewContextAsync(unit.HeadEmail);
        var head = await _session.OpenAsync(headContext, formPath);
        await Expect(Leaf(head, Requested).Locator("textarea.explanation")).ToHaveValueAsync($"Giải trình kết quả thực hiện {Requested}.", new() { Timeout = 20_000 });
        await Expect(head.Locator("#lock-reason")).ToContainTextAsync("đã nộp");
        await Expect(head.Locator("#appraisal-banner")).ToBeHiddenAsync();
        await Expect(head.Locator(".appraisal-round1")).ToHaveCountAsync(0);
        await Expect(head.Locator("article.criterion.questioned")).ToHaveCountAsync(0);
        await Expect(head.Locator("#appraised-total-card")).ToBeHiddenAsync();
        await Expect(head.Locator("#penalty-list")).ToBeHiddenAsync();
        await Expect(Leaf(head, Requested).Locator("textarea.explanation")).Not.ToBeEditableAsync();

        // The explanation window: the head sees the stage, the deadline and the two questioned criteria, alone at first.
        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Explanation, unit.UnitId);
        await head.ReloadAsync();
        var banner = head.Locator("#appraisal-banner");
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(banner.Locator(".stage-name")).ToHaveTextAsync("Giải trình, bổ sung tài liệu");
        await Expect(banner).ToContainTextAsync("Thời hạn giải trình, bổ sung tài liệu: ");
        await Expect(banner.Locator("#explanation-due")).Not.ToBeEmptyAsync();
        await Expect(banner.Locator("#questioned-count")).ToHaveTextAsync("2");
        await Expect(banner.Locator("#explain-note")).ToContainTextAsync("Các tiêu chí khác không sửa được");
        await Expect(head.Locator("#lock-reason")).ToBeHiddenAsync();
        await Expect(Leaf(head, Requested)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bquestioned\b"));
        await Expect(Leaf(head, Disagreed)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bquestioned\b"));
        await Expect(Leaf(head, Agreed)).ToBeHiddenAsync();
        await Expect(Leaf(head, Requested)).ToBeVisibleAsync();

        var requested = Leaf(head, Requested).Locator(".appraisal-round1");
        await Expect(requested.Locator(".decision-name")).ToHaveTextAsync("Đề nghị bổ sung tài liệu kiểm chứng");
        await Expect(requested.Locator(".decision-score")).ToHaveTextAsync("0");
        await Expect(requested.Locator(".reason-text")).ToHaveTextAsync(RequestReason);
        await Expect(requested.Locator(".decision-agency")).ToHaveTextAsync("Sở Kế hoạch và Đầu tư");
        await Expect(requested.Locator(".decision-at")).Not.ToBeEmptyAsync();
        var disagreed = Leaf(head, Disagreed).Locator(".appraisal-round1");
        await Expect(disagreed.Locator(".decision-name")).ToHaveTextAsync("Không đồng ý với kết quả tự chấm điểm");
        await Expect(disagreed.Locator(".decision-score")).ToHaveTextAsync("1,5");
        await Expect(disagreed.Locator(".reason-text")).ToHaveTextAsync(DisagreeReason);
        await Expect(head.Locator(".appraisal-round2")).ToHaveCountAsync(0);

        // Provisional appraised totals (2 + 0 + 1,5) and the deduction of section VII with its reason and source.
        await Expect(head.Locator("#appraised-total-label")).ToHaveTextAsync("Điểm thẩm định lần 1 (tạm tính)");
        await Expect(head.Locator("#appraised-total")).ToHaveTextAsync("3,5");
        await Expect(head.Locator("[data-section-appraised='I']")).ToHaveTextAsync("3,5");
        await Expect(head.Locator("#penalty-total-summary")).ToHaveTextAsync("−1,5");

        // Everything on demand: the agreed criterion shows its decision and stays read-only.
        await head.ClickAsync("#filter-questioned");
        await Expect(Leaf(head, Agreed)).ToBeVisibleAsync();
        await Expect(Leaf(head, Agreed)).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bquestioned\b"));
        await Expect(Leaf(head, Agreed).Locator(".appraisal-round1 .decision-name")).ToHaveTextAsync("Đồng ý với kết quả tự chấm điểm");
        await Expect(Leaf(head, Agreed).Locator(".appraisal-round1 .decision-score")).ToHaveTextAsync("2");
        await Expect(Leaf(head, Agreed).Locator("textarea.explanation")).Not.ToBeEditableAsync();
        await Expect(Leaf(head, Agreed).Locator("select.score")).ToBeDisabledAsync();
        await Expect(Leaf(head, Agreed).Locator(".drop-zone")).ToBeHiddenAsync();
        var penalties = head.Locator("#penalty-list");
        await Expect(penalties).ToBeVisibleAsync();
        await Expect(penalties.Locator("li.penalty[data-code='VII.3'] .penalty-points")).ToHaveTextAsync("−1,5");
        await Expect(penalties).ToContainTextAsync("Chậm thực hiện kết luận thanh tra");
        await Expect(penalties).ToContainTextAsync("Kết luận thanh tra số 12/KL-TTr");
        await Expect(penalties.Locator(".penalty-source")).Not.ToBeEmptyAsync();

        // The head explains the requested criterion: the score cannot go up, the explanation saves, a signed PDF is added.
        var leaf = Leaf(head, Requested);
        await Expect(leaf.Locator(".explain-hint")).ToContainTextAsync("giữ nguyên hoặc hạ");
        await Expect(leaf.Locator("textarea.explanation")).ToBeEditableAsync();
        await leaf.Locator("select.score").SelectOptionAsync("3");
        await Expect(leaf.Locator(".field-error[data-field=selfScore]")).ToContainTextAsync("chỉ được giữ hoặc hạ", new() { Timeout = 15_000 });
        await leaf.Locator("select.score").SelectOptionAsync("2");
        const string explanation = "Bổ sung Quyết định số 45/QĐ-SGT giao chỉ tiêu kế hoạch năm, đã ký số.";
        await leaf.Locator("textarea.explanation").FillAsync(explanation);
        await Expect(leaf.Locator(".save-state")).ToContainTextAsync("Đã lưu lúc", new() { Timeout = 15_000 });

        var pdfPath = Path.Combine(Directory.CreateTempSubdirectory("giai-trinh").FullName, "quyet-dinh-giao-chi-tieu.pdf");
        await File.WriteAllBytesAsync(pdfPath, SignedPdfBuilder.BuildSigned(signer, signedAt));
        await leaf.Locator("input[type=file]").SetInputFilesAsync(pdfPath);
        var added = leaf.Locator(".evidence", new() { HasText = "quyet-dinh-giao-chi-tieu.pdf" });
        await Expect(added.Locator(".signature-status")).ToHaveTextAsync("Hợp lệ", new() { Timeout = 30_000 });
        await Expect(leaf.Locator(".evidence")).ToHaveCountAsync(2);
        await Expect(head.Locator("#global-save-state")).ToHaveTextAsync("Mọi thay đổi đã được lưu");

        // The history of the criterion: the unit's changes and the council's decision, with who, agency and round.
        await leaf.Locator(".history-toggle").ClickAsync();
        var decisionRow = leaf.Locator(".decision-history tbody tr");
        await Expect(decisionRow).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(decisionRow).ToContainTextAsync("Thẩm định lần 1");
        await Expect(decisionRow).ToContainTextAsync("Đề nghị bổ sung tài liệu kiểm chứng");
        await Expect(decisionRow).ToContainTextAsync(RequestReason);
        await Expect(decisionRow).ToContainTextAsync(appraiserEmail);
        await Expect(decisionRow).ToContainTextAsync("Sở Kế hoạch và Đầu tư");
        await Expect(leaf.Locator(".change-history tbody tr").Last).ToContainTextAsync("quyet-dinh-giao-chi-tieu.pdf");

        // Opened again, the explanation and the file are there.
        await head.ReloadAsync();
        await Expect(Leaf(head, Requested).Locator("textarea.explanation")).ToHaveValueAsync(explanation, new() { Timeout = 20_000 });
        await Expect(Leaf(head, Requested).Locator(".evidence")).ToHaveCountAsync(2);

        // A staff member sees the same decisions, read-only, and that the head explains in the window.
        await using var staffContext = await _session.NewContextAsync(unit.StaffEmail);
        var staff = await _session.OpenAsync(staffContext, formPath);
        await Expect(staff.Locator("#appraisal-banner #explain-note")).ToContainTextAsync("thủ trưởng cơ quan, đơn vị", new() { Timeout = 20_000 });
        await Expect(staff.Locator("#lock-reason")).ToContainTextAsync("đã nộp");
        await Expect(Leaf(staff, Requested).Locator(".appraisal-round1 .reason-text")).ToHaveTextAsync(RequestReason);
        await Expect(Leaf(staff, Requested).Locator(".explain-hint")).ToContainTextAsync("thủ trưởng");
        await Expect(Leaf(staff, Requested).Locator("textarea.explanation")).ToHaveValueAsync(explanation);
        await Expect(Leaf(staff, Requested).Locator("textarea.explanation")).Not.ToBeEditableAsync();
        await Expect(Leaf(staff, Requested).Locator(".drop-zone")).ToBeHiddenAsync();

        // Round 2: the council decides again on the questioned criteria; the unit sees it only once released.
        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Round2, unit.UnitId);
        using (var appraiser = host.Client(appraiserEmail))
        {
            foreach (var (code, body) in new (string, object)[]
            {
                (Requested, new { decision = "agree" }),
                (Disagreed, new { decision = "disagree", score = 1.5m, reason = DisagreeReason }),
            })
            {
                using var decided = await appraiser.PutAsJsonAsync($"/api/years/{year}/units/{unit.UnitId}/appraisal/2/criteria/{code}", body);
                Assert.True(decided.StatusCode == HttpStatusCode.OK, $"Round 2 on {code}: {(int)decided.StatusCode} {await decided.Content.ReadAsStringAsync()}");
            }
        }

        await head.ReloadAsync();
        await Expect(head.Locator("#appraisal-banner .stage-name")).ToHaveTextAsync("Thẩm định lần 2", new() { Timeout = 20_000 });
        await Expect(head.Locator("#appraisal-banner")).ToContainTextAsync("Đã hết thời hạn giải trình");
        await Expect(head.Locator(".appraisal-round2")).ToHaveCountAsync(0);
        await Expect(Leaf(head, Requested).Locator("textarea.explanation")).Not.ToBeEditableAsync();
        await Expect(head.Locator("#lock-reason")).ToBeVisibleAsync();

        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Closed, unit.UnitId);
        using (var admin = host.Client())
        {
            using var released = await admin.PostAsync($"/api/years/{year}/appraisal/release", null);
            Assert.True(released.IsSuccessStatusCode, $"Release: {(int)released.StatusCode} {await released.Content.ReadAsStringAsync()}");
        }

        await head.ReloadAsync();
        await Expect(Leaf(head, Requested).Locator(".appraisal-round2 .decision-name")).ToHaveTextAsync("Đồng ý với kết quả tự chấm điểm", new() { Timeout = 20_000 });
        await Expect(Leaf(head, Requested).Locator(".appraisal-round2 .decision-score")).ToHaveTextAsync("2");
        await Expect(Leaf(head, Disagreed).Locator(".appraisal-round2 .reason-text")).ToHaveTextAsync(DisagreeReason);
        await Expect(head.Locator("#appraised-total-label")).ToHaveTextAsync("Điểm thẩm định");
        await Expect(head.Locator("#appraised-total")).ToHaveTextAsync("5,5");
        await Expect(head.Locator("[data-section-appraised='I']")).ToHaveTextAsync("5,5");
        Assert.Empty(_session.ScriptErrors);
    }


    private static ILocator Leaf(IPage page, string code) => page.Locator($"article.criterion[data-code='{code}']");
}
