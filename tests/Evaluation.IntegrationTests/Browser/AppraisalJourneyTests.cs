using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.LocalHost.Development;
using Evaluation.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Evaluation.IntegrationTests.Browser;

/// <summary>
/// Journeys 4 and 5 end to end in a real browser on the local host, in Vietnamese (issue 4): the SKHDT appraiser
/// opens the work page from the start page, sees each criterion with the unit's self-score, explanation and signed
/// evidence, agrees with one, disagrees with one (a score above the self-score is refused next to the field) and asks
/// evidence for a third; the unit head sees both questioned decisions with their reasons in the explanation window
/// and adds a signed PDF to the requested one; in round 2 that criterion is flagged "Cần xem lại" and both
/// questioned criteria are finalised; after the release the unit's form shows the final section totals. The working
/// group sees the council and any agency's queue on the same page.
/// </summary>
public sealed class AppraisalJourneyTests(EvidenceHostFixture host, BrowserFixture browser)
    : IClassFixture<EvidenceHostFixture>, IClassFixture<BrowserFixture>
{
    private readonly BrowserSession _session = new(browser, host);

    // Sample index set 01, all appraised by SKHDT: I.1.1 (max 2, allowed 0/1/2), I.1.2 (max 3, allowed 0–3), I.1.3 (max 3, any score).
    private const string Agreed = "I.1.1";
    private const string Requested = "I.1.2";
    private const string Disagreed = "I.1.3";

    private const string DisagreeReason = "Chỉ hoàn thành một phần chỉ tiêu, chưa đạt mức điểm tự chấm.";
    private const string RequestReason = "Đề nghị bổ sung Quyết định giao chỉ tiêu kế hoạch năm có chữ ký số.";
    private const string FinalReason = "Sau giải trình: hoàn thành phần lớn chỉ tiêu, trừ 0,5 điểm.";

    private const float LoadTimeout = 20_000;

    [Fact]
    [Trait("Requirement", "R-2.6")]
    [Trait("Requirement", "R-3.2")]
    [Trait("Requirement", "R-3.3")]
    [Trait("Requirement", "R-3.5")]
    [Trait("Requirement", "R-9")]
    public async Task An_appraiser_questions_two_criteria_the_unit_explains_and_round_two_sets_the_final_section_totals()
    {
        var year = AppraisalCalendar.Year;
        var signer = host.Pki.IssueSigner("Phạm Thu Hà", "Sở Thẩm định tỉnh Phú Thọ");
        var signedAt = DateTimeOffset.UtcNow.AddDays(-1);

        // Self-assessment through the API: three criteria scored, explained, each with a signed PDF; the head submits.
        var unit = await SubmittedAssessment.CreateAsync(host, "so-tham-dinh", [(Agreed, 2m), (Requested, 2m), (Disagreed, 2.5m)], _ => SignedPdfBuilder.BuildSigned(signer, signedAt));
        var formPath = $"/app/years/{year}/units/{unit.UnitId}/assessment";

        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Round1, unit.UnitId);
        var appraiserEmail = await AppraisalCalendar.AddAppraiserAsync(host, "SKHDT");

        // Journey 4: the appraiser opens the work page from the start page and sees the round, its deadline and the queue.
        await using var appraiserContext = await _session.NewContextAsync(appraiserEmail);
        var appraiser = await _session.OpenAsync(appraiserContext, $"/app?year={year}");
        await appraiser.ClickAsync("a.appraisal-link");
        await appraiser.WaitForURLAsync($"**/app/years/{year}/appraisal");
        await Expect(appraiser.Locator("#stage-banner .stage-name")).ToHaveTextAsync("Thẩm định lần 1", new() { Timeout = LoadTimeout });
        await Expect(appraiser.Locator("#open-round")).ToContainTextAsync("thẩm định lần 1");
        await Expect(appraiser.Locator("#round1-due")).Not.ToBeEmptyAsync();
        await Expect(appraiser.Locator("#agency-title")).ToContainTextAsync("Sở Kế hoạch và Đầu tư");
        await appraiser.Locator("#filter-unit").SelectOptionAsync(unit.UnitId);
        await Expect(appraiser).ToHaveURLAsync(new Regex("unitId=" + Regex.Escape(unit.UnitId)));

        // Each criterion with what the unit declared: self-score, what counts, explanation, the signed file and its signer.
        var disagreed = Item(appraiser, unit.UnitId, Disagreed);
        await Expect(disagreed).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        await Expect(disagreed.Locator(".self-score")).ToHaveTextAsync("2,5");
        await Expect(disagreed.Locator(".counted-score")).ToHaveTextAsync("2,5");
        await Expect(disagreed.Locator(".explanation-text")).ToHaveTextAsync($"Giải trình kết quả thực hiện {Disagreed}.");
        await Expect(disagreed.Locator(".evidence a.file")).ToHaveTextAsync($"minh-chung-{Disagreed}.pdf");
        await Expect(disagreed.Locator(".evidence .signature-status")).ToHaveTextAsync("Hợp lệ");
        await Expect(disagreed.Locator(".evidence .signer-subject")).ToHaveTextAsync("Phạm Thu Hà");
        await Expect(disagreed.Locator(".item-status")).ToHaveTextAsync("Chưa thẩm định");

        // Agree: the score is the one that counts, no reason needed.
        var agreed = Item(appraiser, unit.UnitId, Agreed);
        await agreed.Locator("input[name^='decision'][value='agree']").CheckAsync();
        await Expect(agreed.Locator("input.decision-score")).ToBeDisabledAsync();
        await Expect(agreed.Locator("input.decision-score")).ToHaveValueAsync("2");
        await agreed.Locator("button.decision-save").ClickAsync();
        await Expect(agreed.Locator(".item-status")).ToHaveTextAsync("Đã đồng ý ở lần 1", new() { Timeout = LoadTimeout });
        await Expect(agreed.Locator(".decision.round-1 .decision-name")).ToHaveTextAsync("Đồng ý với kết quả tự chấm điểm");
        await Expect(agreed.Locator(".decision.round-1 .decision-agency")).ToHaveTextAsync("Sở Kế hoạch và Đầu tư");

        // Disagree with a score above the self-score: refused next to the field, nothing typed is lost.
        await disagreed.Locator("input[name^='decision'][value='disagree']").CheckAsync();
        await disagreed.Locator("textarea.decision-reason").FillAsync(DisagreeReason);
        await disagreed.Locator("input.decision-score").FillAsync("3");
        await disagreed.Locator("button.decision-save").ClickAsync();
        await Expect(disagreed.Locator(".field-error[data-field=score]")).ToContainTextAsync("không được cao hơn điểm tự chấm 2,5", new() { Timeout = LoadTimeout });
        await Expect(disagreed.Locator(".form-message")).ToContainTextAsync("Chưa lưu");
        await Expect(disagreed.Locator(".item-status")).ToHaveTextAsync("Chưa thẩm định");
        await Expect(disagreed.Locator("textarea.decision-reason")).ToHaveValueAsync(DisagreeReason);
        await Expect(disagreed.Locator("input.decision-score")).ToHaveValueAsync("3");

        // A lower score with a decimal comma is taken.
        await disagreed.Locator("input.decision-score").FillAsync("1,5");
        await disagreed.Locator("button.decision-save").ClickAsync();
        await Expect(disagreed.Locator(".item-status")).ToHaveTextAsync("Đã đề nghị – chờ thẩm định lần 2", new() { Timeout = LoadTimeout });
        await Expect(disagreed.Locator(".decision.round-1 .decision-score")).ToHaveTextAsync("1,5");
        await Expect(disagreed.Locator(".decision.round-1 .reason-text")).ToHaveTextAsync(DisagreeReason);
        await Expect(disagreed.Locator(".decision.round-1 .decision-by")).ToHaveTextAsync(appraiserEmail);

        // Request evidence: without saying what is needed it is refused; then saved with a provisional zero.
        var requested = Item(appraiser, unit.UnitId, Requested);
        await requested.Locator("input[name^='decision'][value='requestEvidence']").CheckAsync();
        await requested.Locator("input.decision-score").FillAsync("0");
        await requested.Locator("button.decision-save").ClickAsync();
        await Expect(requested.Locator(".field-error[data-field=reason]")).ToContainTextAsync("Cần nêu rõ tài liệu kiểm chứng cần bổ sung", new() { Timeout = LoadTimeout });
        await requested.Locator("textarea.decision-reason").FillAsync(RequestReason);
        await requested.Locator("button.decision-save").ClickAsync();
        await Expect(requested.Locator(".item-status")).ToHaveTextAsync("Đã đề nghị – chờ thẩm định lần 2", new() { Timeout = LoadTimeout });
        await Expect(requested.Locator(".decision.round-1 .decision-name")).ToHaveTextAsync("Đề nghị bổ sung tài liệu kiểm chứng");

        // Progress per unit and per appraiser follows the decisions.
        await Expect(appraiser.Locator("#progress-summary")).ToContainTextAsync("Đã thẩm định lần 1: 3/", new() { Timeout = LoadTimeout });
        await Expect(appraiser.Locator("#progress-summary")).ToContainTextAsync("Bị đề nghị: 2");
        await Expect(appraiser.Locator($"#unit-progress tr[data-unit='{unit.UnitId}']")).ToContainTextAsync("3/");
        await Expect(appraiser.Locator($"#appraiser-progress tr[data-email='{appraiserEmail}']")).ToContainTextAsync("3");

        // The explanation window: no round is open for the appraiser; the unit head sees both questioned decisions with reasons.
        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Explanation, unit.UnitId);
        await appraiser.ReloadAsync();
        await Expect(Item(appraiser, unit.UnitId, Disagreed).Locator(".refusal")).ToContainTextAsync("Thẩm định lần 2 bắt đầu khi hết thời hạn giải trình", new() { Timeout = LoadTimeout });
        await Expect(appraiser.Locator("form.decision-form")).ToHaveCountAsync(0);

        await using var headContext = await _session.NewContextAsync(unit.HeadEmail);
        var head = await _session.OpenAsync(headContext, formPath);
        var headRequested = Leaf(head, Requested);
        await Expect(headRequested.Locator(".appraisal-round1 .decision-name")).ToHaveTextAsync("Đề nghị bổ sung tài liệu kiểm chứng", new() { Timeout = LoadTimeout });
        await Expect(headRequested.Locator(".appraisal-round1 .reason-text")).ToHaveTextAsync(RequestReason);
        await Expect(Leaf(head, Disagreed).Locator(".appraisal-round1 .decision-name")).ToHaveTextAsync("Không đồng ý với kết quả tự chấm điểm");
        await Expect(Leaf(head, Disagreed).Locator(".appraisal-round1 .reason-text")).ToHaveTextAsync(DisagreeReason);
        await Expect(Leaf(head, Disagreed).Locator(".appraisal-round1 .decision-score")).ToHaveTextAsync("1,5");

        // The head adds the requested signed document in the form.
        var pdfPath = Path.Combine(Directory.CreateTempSubdirectory("bo-sung").FullName, "quyet-dinh-giao-chi-tieu.pdf");
        await File.WriteAllBytesAsync(pdfPath, SignedPdfBuilder.BuildSigned(signer, signedAt));
        await headRequested.Locator("input[type=file]").SetInputFilesAsync(pdfPath);
        await Expect(headRequested.Locator(".evidence", new() { HasText = "quyet-dinh-giao-chi-tieu.pdf" }).Locator(".signature-status")).ToHaveTextAsync("Hợp lệ", new() { Timeout = 30_000 });
        await Expect(headRequested.Locator(".evidence")).ToHaveCountAsync(2);

        // Round 2: the criterion whose evidence changed after the decision is flagged; the status filter finds it alone.
        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Round2, unit.UnitId);
        await appraiser.ReloadAsync();
        await Expect(appraiser.Locator("#stage-banner .stage-name")).ToHaveTextAsync("Thẩm định lần 2", new() { Timeout = LoadTimeout });
        requested = Item(appraiser, unit.UnitId, Requested);
        disagreed = Item(appraiser, unit.UnitId, Disagreed);
        await Expect(requested.Locator(".needs-review")).ToHaveTextAsync("Cần xem lại");
        await Expect(disagreed.Locator(".needs-review")).ToHaveCountAsync(0);
        await Expect(requested.Locator(".evidence")).ToHaveCountAsync(2);
        await Expect(Item(appraiser, unit.UnitId, Agreed).Locator(".refusal")).ToContainTextAsync("Đã đồng ý ở lần 1");
        await Expect(Item(appraiser, unit.UnitId, Agreed).Locator("form.decision-form")).ToHaveCountAsync(0);
        await appraiser.Locator("#filter-status").SelectOptionAsync("needsReview");
        await Expect(appraiser.Locator("article.queue-item")).ToHaveCountAsync(1, new() { Timeout = LoadTimeout });
        await Expect(requested).ToBeVisibleAsync();
        await appraiser.Locator("#filter-status").SelectOptionAsync("questioned");
        await Expect(appraiser.Locator("article.queue-item")).ToHaveCountAsync(2, new() { Timeout = LoadTimeout });

        // Round 2 is final: agree or disagree only. The requested criterion is accepted; the other keeps a deduction.
        await Expect(requested.Locator("input[name^='decision'][value='requestEvidence']")).ToHaveCountAsync(0);
        await requested.Locator("input[name^='decision'][value='agree']").CheckAsync();
        await requested.Locator("button.decision-save").ClickAsync();
        await Expect(requested.Locator(".item-status")).ToHaveTextAsync("Đã có kết quả thẩm định lần 2", new() { Timeout = LoadTimeout });
        await Expect(requested.Locator(".needs-review")).ToHaveCountAsync(0);
        await Expect(requested.Locator(".decision.round-2 .decision-score")).ToHaveTextAsync("2");
        await Expect(requested.Locator(".appraised-score")).ToHaveTextAsync("2");

        await disagreed.Locator("input[name^='decision'][value='disagree']").CheckAsync();
        await disagreed.Locator("input.decision-score").FillAsync("2");
        await disagreed.Locator("textarea.decision-reason").FillAsync(FinalReason);
        await disagreed.Locator("button.decision-save").ClickAsync();
        await Expect(disagreed.Locator(".item-status")).ToHaveTextAsync("Đã có kết quả thẩm định lần 2", new() { Timeout = LoadTimeout });
        await Expect(disagreed.Locator(".decision.round-2 .reason-text")).ToHaveTextAsync(FinalReason);
        await Expect(disagreed.Locator(".appraised-score")).ToHaveTextAsync("2");
        await Expect(appraiser.Locator("#progress-summary")).ToContainTextAsync("Đã thẩm định lần 2: 2/2", new() { Timeout = LoadTimeout });

        // the criterion's history on the same page keeps both decisions.
        await requested.Locator(".history-toggle").ClickAsync();
        var decisionRows = requested.Locator(".decision-history tbody tr");
        await Expect(decisionRows).ToHaveCountAsync(2, new() { Timeout = LoadTimeout });
        await Expect(decisionRows.First).ToContainTextAsync(RequestReason);
        await Expect(decisionRows.Last).ToContainTextAsync("Lần 2");

        // Closed: the working group releases the final result; the unit's form shows it in the section totals (2 + 2 + 2).
        await AppraisalCalendar.MoveToAsync(host, year, AppraisalCalendar.Closed, unit.UnitId);
        using (var admin = host.Client())
        {
            using var released = await admin.PostAsync($"/api/years/{year}/appraisal/release", null);
            Assert.True(released.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"Release: {(int)released.StatusCode} {await released.Content.ReadAsStringAsync()}");
        }

        await head.ReloadAsync();
        await Expect(head.Locator("[data-section-appraised='I']")).ToHaveTextAsync("6", new() { Timeout = LoadTimeout });
        await Expect(head.Locator("#appraised-total")).ToHaveTextAsync("6");
        await Expect(head.Locator("#appraised-total-label")).ToHaveTextAsync("Điểm thẩm định");
        await Expect(Leaf(head, Disagreed).Locator(".appraisal-round2 .reason-text")).ToHaveTextAsync(FinalReason);

        // The working group: the council (members, their appraisers); a unit that is itself a council member
        // has its criteria unassigned until a substitute agency is named; then the agency's queue, read-only.
        const string ownAgencyUnit = "so-ke-hoach-thu";
        using (var admin = host.Client())
        {
            using var added = await admin.PutAsync($"/api/years/{year}/units/{ownAgencyUnit}", LocalHostFixture.Json(
                """{ "name": "Sở Kế hoạch và Đầu tư (thử)", "type": "01", "agencyId": "SKHDT" }"""));
            Assert.True(added.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"Unit: {(int)added.StatusCode} {await added.Content.ReadAsStringAsync()}");
        }

        await using var groupContext = await _session.NewContextAsync(LocalHostFixture.Admin);
        var group = await _session.OpenAsync(groupContext, $"/app?year={year}");
        await group.ClickAsync("a.appraisal-link");
        await Expect(group.Locator($"#unassigned tr[data-unit='{ownAgencyUnit}']").First).ToContainTextAsync("I.1.1", new() { Timeout = LoadTimeout });
        await group.ClickAsync("#tab-council");
        await Expect(group.Locator("#council-members tr[data-agency='SKHDT']")).ToContainTextAsync(appraiserEmail, new() { Timeout = LoadTimeout });
        await Expect(group.Locator("#release-state")).ToContainTextAsync("đã công bố");
        var conflict = group.Locator($"#council-conflicts tr[data-unit='{ownAgencyUnit}']");
        await Expect(conflict.Locator("select.substitute option[value='SKHDT']")).ToHaveCountAsync(0);
        await conflict.Locator("select.substitute").SelectOptionAsync("SNV");
        await group.ClickAsync("#council-save");
        await Expect(group.Locator("#council-message")).ToContainTextAsync("Đã lưu thành phần Hội đồng", new() { Timeout = LoadTimeout });
        await Expect(conflict.Locator("select.substitute")).ToHaveValueAsync("SNV");

        await group.ClickAsync("#tab-queue");
        await group.Locator("#filter-agency").SelectOptionAsync("SKHDT");
        await Expect(group).ToHaveURLAsync(new Regex("agency=SKHDT"));
        await Expect(Item(group, unit.UnitId, Disagreed).Locator(".decision.round-2 .reason-text")).ToHaveTextAsync(FinalReason, new() { Timeout = LoadTimeout });
        await Expect(group.Locator("#unassigned")).ToHaveCountAsync(0);
        await Expect(group.Locator($"article.queue-item[data-unit='{ownAgencyUnit}']")).ToHaveCountAsync(0);
        await Expect(group.Locator("form.decision-form")).ToHaveCountAsync(0);
        await group.Locator("#filter-agency").SelectOptionAsync("SNV");
        await Expect(group.Locator($"article.queue-item[data-unit='{ownAgencyUnit}'][data-code='I.1.1']")).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        Assert.Empty(_session.ScriptErrors);
    }


    private static ILocator Item(IPage page, string unitId, string code) => page.Locator($"article.queue-item[data-unit='{unitId}'][data-code='{code}']");

    private static ILocator Leaf(IPage page, string code) => page.Locator($"article.criterion[data-code='{code}']");
}
