using System.Globalization;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.LocalHost.Development;
using Evaluation.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Evaluation.IntegrationTests.Browser;

/// <summary>
/// Journeys 2 and 3 in a real browser on the local host, in Vietnamese: the unit's focal official signs in from the
/// form's own prompt, scores criteria, uploads a digitally signed PDF and sees it "Hợp lệ" with the signer and the
/// running totals, sees what counts zero and why, loses nothing to a failed save or a reload; the unit head reviews
/// the totals and submits; the form locks, and the colleague's later edit is refused with the reason.
/// </summary>
public sealed class AssessmentJourneyTests(EvidenceHostFixture host, BrowserFixture browser)
    : IClassFixture<EvidenceHostFixture>, IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan ProvinceOffset = TimeSpan.FromHours(7);

    private readonly BrowserSession _session = new(browser, host);

    // Leaves of the sample index set 01: I.1.1 (max 2, allowed 0/1/2), I.1.2 (max 3, allowed 0–3), I.1.3 (max 3, any score).
    private const string Graded = "I.1.1";
    private const string Drafted = "I.1.2";
    private const string Plain = "I.1.3";

    [Fact]
    [Trait("Requirement", "R-2.1")]
    [Trait("Requirement", "R-2.2")]
    [Trait("Requirement", "R-2.3")]
    [Trait("Requirement", "R-2.5")]
    [Trait("Requirement", "R-9")]
    [Trait("Requirement", "R-10.3")]
    public async Task Staff_fill_the_form_with_signed_evidence_then_the_head_submits_and_later_edits_are_refused()
    {
        var unit = await AssessmentScenario.CreateAsync(host, "so-hanh-trinh");
        var formPath = $"/app/years/{unit.Year}/units/{unit.UnitId}/assessment";
        var signedAt = DateTimeOffset.UtcNow.AddDays(-3);
        signedAt = signedAt.AddTicks(-(signedAt.Ticks % TimeSpan.TicksPerSecond));
        var pdf = Path.Combine(Directory.CreateTempSubdirectory("minh-chung").FullName, "ke-hoach-nhiem-vu-trong-tam.pdf");
        await File.WriteAllBytesAsync(pdf, SignedPdfBuilder.BuildSigned(host.Pki.IssueSigner("Phạm Thu Hà", "Sở Y tế tỉnh Phú Thọ"), signedAt));

        // Journey 2: the focal official opens the form's link, signs in from its prompt and comes back to it.
        await using var staffContext = await _session.NewContextAsync();
        var staff = await _session.OpenAsync(staffContext, formPath);
        await Expect(staff.Locator("h1")).ToHaveTextAsync("Đăng nhập");
        await staff.ClickAsync("#sign-in");
        await staff.FillAsync("#dev-email", unit.StaffEmail);
        await staff.ClickAsync("#dev-sign-in");
        await staff.WaitForURLAsync("**" + formPath);
        await Expect(staff.Locator("#user-role")).ToHaveTextAsync("Cán bộ đơn vị");

        // The whole index set by section; V–VII are shown but not self-scored; only the head may submit.
        await Expect(Leaf(staff, Graded)).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(staff.Locator("#section-I h2")).ToContainTextAsync("I. ");
        await Expect(staff.Locator("#section-V .section-note")).ToContainTextAsync("không tự chấm");
        await Expect(Leaf(staff, Graded).Locator(".max")).ToHaveTextAsync("tối đa 2 điểm");
        await Expect(staff.Locator("#submit")).ToBeHiddenAsync();
        await Expect(staff.Locator("#lock-reason")).ToBeHiddenAsync();
        await Expect(ZeroEntry(staff, Graded)).ToContainTextAsync("Chưa nhập điểm tự chấm");
        await Expect(staff.Locator("#total-self")).ToHaveTextAsync("0");

        // Score two criteria (one from its allowed values, one typed with a decimal comma) and explain them.
        await Leaf(staff, Graded).Locator("select.score").SelectOptionAsync("2");
        await Leaf(staff, Graded).Locator("textarea.explanation").FillAsync("Đã ban hành Kế hoạch số 12/KH-SYT xác định nhiệm vụ trọng tâm năm.");
        await Leaf(staff, Plain).Locator("input.score").FillAsync("2,5");
        await Leaf(staff, Plain).Locator("textarea.explanation").FillAsync("Hoàn thành 95% chỉ tiêu của nhiệm vụ trọng tâm.");

        // Live totals while typing, before any answer from the server.
        await Expect(staff.Locator("#total-self")).ToHaveTextAsync("4,5");
        await Expect(staff.Locator("#section-I-self")).ToHaveTextAsync("4,5");
        await Expect(staff.Locator("#total-counted")).ToHaveTextAsync("0");
        await Expect(Leaf(staff, Graded).Locator(".save-state")).ToContainTextAsync("Đã lưu lúc", new() { Timeout = 15_000 });
        await Expect(Leaf(staff, Plain).Locator(".save-state")).ToContainTextAsync("Đã lưu lúc", new() { Timeout = 15_000 });

        // scored and explained but without evidence, both count zero, and the list says why.
        await Expect(ZeroEntry(staff, Plain)).ToContainTextAsync("Chưa có tài liệu kiểm chứng");
        await Expect(ZeroEntry(staff, Graded)).ToContainTextAsync("Chưa có tài liệu kiểm chứng");
        await Expect(Leaf(staff, Plain)).ToHaveAttributeAsync("data-counted", "false");

        // A signed PDF for I.1.1: "Hợp lệ" with the signer and the signing time; I.1.1 now counts.
        await Leaf(staff, Graded).Locator("input[type=file]").SetInputFilesAsync(pdf);
        var evidence = Leaf(staff, Graded).Locator(".evidence");
        await Expect(evidence.Locator(".signature-status")).ToHaveTextAsync("Hợp lệ", new() { Timeout = 30_000 });
        await Expect(evidence.Locator(".signer-subject")).ToHaveTextAsync("Phạm Thu Hà");
        await Expect(evidence.Locator(".signed-at")).ToHaveTextAsync(signedAt.ToOffset(ProvinceOffset).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture));
        await Expect(evidence.Locator("a.file")).ToHaveTextAsync("ke-hoach-nhiem-vu-trong-tam.pdf");
        await Expect(staff.Locator("#total-counted")).ToHaveTextAsync("2");
        await Expect(staff.Locator("#section-I-counted")).ToHaveTextAsync("2");
        await Expect(Leaf(staff, Graded)).ToHaveAttributeAsync("data-counted", "true");
        await Expect(ZeroEntry(staff, Graded)).ToHaveCountAsync(0);
        await Expect(ZeroEntry(staff, Plain)).ToHaveCountAsync(1);
        await Expect(staff.Locator("#global-save-state")).ToHaveTextAsync("Mọi thay đổi đã được lưu");

        // A save fails (the server is unreachable for this tab): the text stays in the field and in this browser.
        // Opening the form again offers the unsaved text back, and restoring it saves it.
        const string draft = "Đã triển khai đúng tiến độ; đang chờ số liệu quý IV.";
        await staff.RouteAsync("**/assessment/criteria/" + Drafted, route => route.FulfillAsync(new() { Status = 503, ContentType = "application/problem+json", Body = """{ "title": "Hệ thống tạm thời gián đoạn", "status": 503 }""" }));
        await Leaf(staff, Drafted).Locator("textarea.explanation").FillAsync(draft);
        await Expect(Leaf(staff, Drafted).Locator(".save-state")).ToContainTextAsync("Chưa lưu – lỗi", new() { Timeout = 15_000 });
        await Expect(Leaf(staff, Drafted).Locator("textarea.explanation")).ToHaveValueAsync(draft);
        var failedTab = staff;
        staff = await _session.OpenAsync(staffContext, formPath);
        await Expect(staff.Locator("#restore-panel")).ToContainTextAsync(draft, new() { Timeout = 20_000 });
        await Expect(staff.Locator("#restore-panel li")).ToHaveCountAsync(1);
        await Expect(Leaf(staff, Drafted).Locator("textarea.explanation")).ToHaveValueAsync(string.Empty);
        await staff.ClickAsync("#restore-drafts");
        await Expect(Leaf(staff, Drafted).Locator("textarea.explanation")).ToHaveValueAsync(draft);
        await Expect(Leaf(staff, Drafted).Locator(".save-state")).ToContainTextAsync("Đã lưu lúc", new() { Timeout = 15_000 });
        await failedTab.CloseAsync();

        // Journey 2 drags files in: two signed PDFs (one with the signer's and the organisation's signatures) and an
        // unsigned scan, dropped together on I.1.2; each gets its own result. The scan is then taken off again.
        var seal = host.Pki.IssueSigner("Sở Y tế tỉnh Phú Thọ", "Sở Y tế tỉnh Phú Thọ");
        var official = host.Pki.IssueSigner("Lê Minh Tuấn", "Sở Y tế tỉnh Phú Thọ");
        var dropped = new[]
        {
            new { name = "quyet-dinh-giao-chi-tieu.pdf", data = Convert.ToBase64String(SignedPdfBuilder.BuildSigned(official, signedAt)) },
            new { name = "bao-cao-co-dau-co-quan.pdf", data = Convert.ToBase64String(SignedPdfBuilder.BuildSigned([(official, signedAt), (seal, signedAt.AddMinutes(5))])) },
            new { name = "ban-scan-khong-ky.pdf", data = Convert.ToBase64String(SignedPdfBuilder.BuildUnsigned()) },
        };
        var transfer = await staff.EvaluateHandleAsync("""
            files => {
              const transfer = new DataTransfer();
              for (const f of files) transfer.items.add(new File([Uint8Array.from(atob(f.data), c => c.charCodeAt(0))], f.name, { type: 'application/pdf' }));
              return transfer;
            }
            """, dropped);
        await Leaf(staff, Drafted).Locator(".drop-zone").DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        var droppedFiles = Leaf(staff, Drafted).Locator(".evidence");
        await Expect(droppedFiles).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await Expect(droppedFiles.Locator(".signature-status")).ToHaveTextAsync(["Hợp lệ", "Hợp lệ", "Không có chữ ký số"]);
        await Expect(droppedFiles.Nth(1).Locator(".signer-subject")).ToHaveTextAsync(["Lê Minh Tuấn", "Sở Y tế tỉnh Phú Thọ"]);
        await droppedFiles.Nth(2).Locator(".remove-evidence").ClickAsync();
        await Expect(droppedFiles).ToHaveCountAsync(2);
        await Expect(ZeroEntry(staff, Drafted)).ToContainTextAsync("Chưa nhập điểm tự chấm");
        await Expect(ZeroEntry(staff, Drafted)).Not.ToContainTextAsync("Chưa có tài liệu kiểm chứng");

        // "Comes back next day": everything is still there.
        await Expect(staff.Locator("#global-save-state")).ToHaveTextAsync("Mọi thay đổi đã được lưu");
        await staff.ReloadAsync();
        await Expect(Leaf(staff, Graded).Locator("select.score")).ToHaveValueAsync("2", new() { Timeout = 20_000 });
        await Expect(Leaf(staff, Plain).Locator("input.score")).ToHaveValueAsync("2,5");
        await Expect(Leaf(staff, Plain).Locator("textarea.explanation")).ToHaveValueAsync("Hoàn thành 95% chỉ tiêu của nhiệm vụ trọng tâm.");
        await Expect(Leaf(staff, Drafted).Locator("textarea.explanation")).ToHaveValueAsync(draft);
        await Expect(Leaf(staff, Drafted).Locator(".evidence")).ToHaveCountAsync(2);
        await Expect(Leaf(staff, Graded).Locator(".evidence .signature-status")).ToHaveTextAsync("Hợp lệ");
        await Expect(Leaf(staff, Graded).Locator(".evidence .signer-subject")).ToHaveTextAsync("Phạm Thu Hà");
        await Expect(staff.Locator("#total-self")).ToHaveTextAsync("4,5");
        await Expect(staff.Locator("#total-counted")).ToHaveTextAsync("2");
        await Expect(staff.Locator("#restore-panel")).ToBeHiddenAsync();
        await Expect(ZeroEntry(staff, Plain)).ToContainTextAsync("Chưa có tài liệu kiểm chứng");

        // Journey 3: the head opens the form from the start page, reviews the totals and submits.
        await using var headContext = await _session.NewContextAsync(unit.HeadEmail);
        var head = await headContext.NewPageAsync();
        head.PageError += (_, error) => _session.ScriptErrors.Add(error);
        string? confirmation = null;
        head.Dialog += async (_, dialog) =>
        {
            confirmation = dialog.Message;
            await dialog.AcceptAsync();
        };
        await head.GotoAsync($"/app?year={unit.Year}");
        await head.ClickAsync("#my-assessment");
        await head.WaitForURLAsync("**" + formPath);
        await Expect(head.Locator("#total-self")).ToHaveTextAsync("4,5", new() { Timeout = 20_000 });
        await Expect(head.Locator("#total-counted")).ToHaveTextAsync("2");
        await head.ClickAsync("#submit");
        await Expect(head.Locator("#lock-reason")).ToContainTextAsync("đã nộp", new() { Timeout = 20_000 });
        Assert.NotNull(confirmation);
        Assert.Contains("Tổng điểm tự chấm: 4,5 điểm", confirmation, StringComparison.Ordinal);
        Assert.Contains("Tổng điểm được tính: 2 điểm", confirmation, StringComparison.Ordinal);
        Assert.Contains("Số tiêu chí bị tính 0 điểm:", confirmation, StringComparison.Ordinal);
        await Expect(head.Locator("#submit")).ToBeHiddenAsync();
        await Expect(head.Locator("#submitted-info")).ToContainTextAsync("Đã nộp lúc");
        await Expect(Leaf(head, Plain).Locator("textarea.explanation")).Not.ToBeEditableAsync();
        await Expect(Leaf(head, Graded).Locator("select.score")).ToBeDisabledAsync();
        await Expect(Leaf(head, Graded).Locator(".drop-zone")).ToBeHiddenAsync();

        // The colleague's page is still open from before: the edit is refused with the reason and the form locks,
        // while what they typed stays on screen.
        const string late = "Bổ sung sau khi đã nộp.";
        await Leaf(staff, Plain).Locator("textarea.explanation").FillAsync(late);
        await Expect(staff.Locator("#lock-reason")).ToContainTextAsync("đã khóa", new() { Timeout = 15_000 });
        await Expect(Leaf(staff, Plain).Locator(".save-state")).ToContainTextAsync("Chưa lưu – lỗi");
        await Expect(Leaf(staff, Plain).Locator("textarea.explanation")).ToHaveValueAsync(late);
        await Expect(Leaf(staff, Plain).Locator("textarea.explanation")).Not.ToBeEditableAsync();

        // Opened again, the form is read-only with the reason, and the refused text was not stored.
        await staff.ReloadAsync();
        await Expect(staff.Locator("#lock-reason")).ToContainTextAsync("Đơn vị đã nộp bản tự đánh giá lúc", new() { Timeout = 20_000 });
        await Expect(Leaf(staff, Plain).Locator("textarea.explanation")).ToHaveValueAsync("Hoàn thành 95% chỉ tiêu của nhiệm vụ trọng tâm.");
        await Expect(Leaf(staff, Plain).Locator("textarea.explanation")).Not.ToBeEditableAsync();
        await Expect(Leaf(staff, Graded).Locator("input[type=file]")).ToBeDisabledAsync();
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-2.1")]
    [Trait("Requirement", "R-9")]
    [Trait("Requirement", "R-10.3")]
    public async Task Two_colleagues_saving_one_criterion_see_the_conflict_and_keep_what_they_typed()
    {
        var unit = await AssessmentScenario.CreateAsync(host, "so-xung-dot");
        var formPath = $"/app/years/{unit.Year}/units/{unit.UnitId}/assessment";
        var colleague = $"canbo2.{unit.UnitId}@thu.phutho.vn";
        const string outsider = "canbo.don-vi-khac@thu.phutho.vn";
        using (var admin = host.Client())
        {
            using var added = await admin.PutAsync($"/api/people/{Uri.EscapeDataString(colleague)}", LocalHostFixture.Json(
                $$"""{ "name": "Nguyễn Văn An", "role": "unitStaff", "unitId": "{{unit.UnitId}}" }"""));
            added.EnsureSuccessStatusCode();
            using var otherUnit = await admin.PutAsync($"/api/years/{unit.Year}/units/don-vi-khac", LocalHostFixture.Json("""{ "name": "Đơn vị khác", "type": "01" }"""));
            otherUnit.EnsureSuccessStatusCode();
            using var other = await admin.PutAsync($"/api/people/{Uri.EscapeDataString(outsider)}", LocalHostFixture.Json(
                """{ "name": "Trần Văn Bình", "role": "unitStaff", "unitId": "don-vi-khac" }"""));
            other.EnsureSuccessStatusCode();
        }

        // No such unit: a Vietnamese 404 page. Another unit's staff: the API's refusal, shown on the page.
        using (var client = host.Client(unit.StaffEmail))
        {
            using var missing = await client.GetAsync($"/app/years/{unit.Year}/units/khong-co-don-vi/assessment");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("không có cơ quan, đơn vị", System.Net.WebUtility.HtmlDecode(await missing.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        await using (var outsiderContext = await _session.NewContextAsync(outsider))
        {
            var refused = await _session.OpenAsync(outsiderContext, formPath);
            await Expect(refused.Locator("#load-state")).ToContainTextAsync("không được xem hoặc sửa", new() { Timeout = 20_000 });
            await Expect(refused.Locator("article.criterion")).ToHaveCountAsync(0);
        }

        await using var firstContext = await _session.NewContextAsync(unit.StaffEmail);
        await using var secondContext = await _session.NewContextAsync(colleague);
        var first = await _session.OpenAsync(firstContext, formPath);
        var second = await _session.OpenAsync(secondContext, formPath);
        await Expect(Leaf(first, Plain)).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(Leaf(second, Plain)).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // A score above the maximum is refused next to the field, before anything is sent.
        await Leaf(first, Plain).Locator("input.score").FillAsync("3,5");
        await Expect(Leaf(first, Plain).Locator(".field-error[data-field=selfScore]")).ToContainTextAsync("không được vượt quá điểm tối đa 3");
        await Expect(Leaf(first, Plain).Locator(".save-state")).ToContainTextAsync("Chưa lưu – lỗi", new() { Timeout = 15_000 });

        await Leaf(first, Plain).Locator("input.score").FillAsync("3");
        await Leaf(first, Plain).Locator("textarea.explanation").FillAsync("Bản của người thứ nhất.");
        await Expect(Leaf(first, Plain).Locator(".save-state")).ToContainTextAsync("Đã lưu lúc", new() { Timeout = 15_000 });

        // The colleague's page still shows the old version: their save is refused (412); their text stays, and they
        // can compare with the latest version before choosing.
        await Leaf(second, Plain).Locator("textarea.explanation").FillAsync("Bản của người thứ hai.");
        var conflict = Leaf(second, Plain).Locator(".conflict");
        await Expect(conflict).ToContainTextAsync("Người khác vừa cập nhật tiêu chí này", new() { Timeout = 15_000 });
        await Expect(Leaf(second, Plain).Locator("textarea.explanation")).ToHaveValueAsync("Bản của người thứ hai.");
        await conflict.Locator("button.load-latest").ClickAsync();
        await Expect(conflict).ToContainTextAsync("Bản của người thứ nhất.");
        await Expect(conflict).ToContainTextAsync("Bản của người thứ hai.");
        await conflict.Locator("button.keep-mine").ClickAsync();
        await Expect(Leaf(second, Plain).Locator(".save-state")).ToContainTextAsync("Đã lưu lúc", new() { Timeout = 15_000 });
        await Expect(conflict).ToBeHiddenAsync();
        await Leaf(second, Plain).Locator(".history-toggle").ClickAsync();
        await Expect(Leaf(second, Plain).Locator(".history tbody tr").First).ToContainTextAsync(unit.StaffEmail);
        await Expect(Leaf(second, Plain).Locator(".history tbody tr").Last).ToContainTextAsync(colleague);
        await Expect(Leaf(second, Plain).Locator(".history tbody tr").Last).ToContainTextAsync("Bản của người thứ hai.");

        // The working group opens the unit from the start page: it sees the latest text, read-only.
        await using var groupContext = await _session.NewContextAsync(LocalHostFixture.Admin);
        var group = await _session.OpenAsync(groupContext, $"/app?year={unit.Year}");
        await group.ClickAsync($"tr[data-unit-id='{unit.UnitId}'] a.assessment-link");
        await group.WaitForURLAsync("**" + formPath);
        await Expect(group.Locator("#view-only")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(Leaf(group, Plain).Locator("textarea.explanation")).ToHaveValueAsync("Bản của người thứ hai.");
        await Expect(Leaf(group, Plain).Locator("textarea.explanation")).Not.ToBeEditableAsync();
        await Expect(group.Locator("#submit")).ToBeHiddenAsync();
        Assert.Empty(_session.ScriptErrors);
    }

    [Fact]
    [Trait("Requirement", "R-2.5")]
    [Trait("Requirement", "R-7.3")]
    [Trait("Requirement", "R-10.3")]
    public async Task After_the_deadline_the_form_refuses_edits_and_names_the_deadline()
    {
        // This year, with the self-assessment deadline moments away.
        var due = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 35).ToOffset(ProvinceOffset);
        var calendar = new System.Text.Json.Nodes.JsonObject { ["selfAssessmentDue"] = due.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture) };
        var unit = await AssessmentScenario.CreateAsync(host, "so-tre-han", year: DateTime.UtcNow.Year, calendar: calendar);
        var formPath = $"/app/years/{unit.Year}/units/{unit.UnitId}/assessment";
        var deadline = due.ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);

        await using var context = await _session.NewContextAsync(unit.StaffEmail);
        var staff = await _session.OpenAsync(context, formPath);
        await Expect(staff.Locator("#due")).ToHaveTextAsync(deadline, new() { Timeout = 20_000 });
        await Leaf(staff, Plain).Locator("input.score").FillAsync("1");
        await Leaf(staff, Plain).Locator("textarea.explanation").FillAsync("Kịp hạn.");
        await Expect(Leaf(staff, Plain).Locator(".save-state")).ToContainTextAsync("Đã lưu lúc", new() { Timeout = 15_000 });

        await Eventually.ReturnsAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now >= due, TimeSpan.FromSeconds(60), "the deadline to pass");
        await Leaf(staff, Plain).Locator("textarea.explanation").FillAsync("Trễ hạn.");
        await Expect(staff.Locator("#lock-reason")).ToContainTextAsync("Đã hết hạn tự đánh giá", new() { Timeout = 15_000 });
        await Expect(staff.Locator("#lock-reason")).ToContainTextAsync(deadline);
        await Expect(Leaf(staff, Plain).Locator("textarea.explanation")).ToHaveValueAsync("Trễ hạn.");
        await Expect(Leaf(staff, Plain).Locator("textarea.explanation")).Not.ToBeEditableAsync();

        await staff.ReloadAsync();
        await Expect(staff.Locator("#lock-reason")).ToContainTextAsync(deadline, new() { Timeout = 20_000 });
        await Expect(Leaf(staff, Plain).Locator("textarea.explanation")).ToHaveValueAsync("Kịp hạn.");
        await Expect(Leaf(staff, Plain).Locator("input.score")).Not.ToBeEditableAsync();
        Assert.Empty(_session.ScriptErrors);
    }


    private static ILocator Leaf(IPage page, string code) => page.Locator($"article.criterion[data-code='{code}']");

    private static ILocator ZeroEntry(IPage page, string code) => page.Locator($"#zero-list li[data-criterion='{code}']");
}
