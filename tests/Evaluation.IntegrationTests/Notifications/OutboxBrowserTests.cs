using Evaluation.Infrastructure.Notifications;
using Evaluation.IntegrationTests.Browser;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.LocalHost.Development;
using Microsoft.Playwright;
using static Evaluation.IntegrationTests.Notifications.RecordingGraph;
using static Microsoft.Playwright.Assertions;

namespace Evaluation.IntegrationTests.Notifications;

/// <summary>
/// The local host's outbox page in Chromium (issue 5 §3): reached from the development sign-in page, it lists what the
/// notifier sent to a recipient, newest first, in Vietnamese; the e-mail's HTML shows in a frame where its scripts do
/// not run; a message sent while the page is open appears without reloading it.
/// </summary>
public sealed class OutboxBrowserTests(LocalHostFixture host, BrowserFixture browser)
    : IClassFixture<LocalHostFixture>, IClassFixture<BrowserFixture>
{
    private const float LoadTimeout = 20_000;

    private readonly BrowserSession _session = new(browser, host);

    [Fact]
    public async Task The_outbox_shows_the_mail_and_the_Teams_notification_and_picks_up_a_new_one_by_itself()
    {
        var to = NewRecipient("outbox");
        var notifier = Notifier(host);
        // The mail carries a script: the page must show the text and never run it.
        await notifier.SendMailAsync(new MailMessage(to, "Nhắc hạn tự đánh giá", "<p id=\"mail-text\">Còn 3 ngày để nộp bản tự đánh giá.</p><script>parent.document.title = 'bị chiếm';</script>", "reminder|page|" + to));
        await notifier.SendActivityNotificationAsync(new ActivityNotification(to, "https://example.test/app/years/2025/ballot", "Phiếu chấm điểm năm 2025 đã sẵn sàng", "ballot|page|" + to));

        await using var context = await _session.NewContextAsync();
        var signIn = await _session.OpenAsync(context, DevelopmentSignIn.PagePath);
        await signIn.Locator("#dev-outbox").ClickAsync();
        await Expect(signIn.Locator("#outbox-title")).ToHaveTextAsync("Hộp thư đi (máy phát triển)");
        await signIn.Locator("#outbox-to").FillAsync(to);
        await signIn.Locator("#outbox-filter button[type=submit]").ClickAsync();

        var rows = signIn.Locator("#outbox-rows tr");
        await Expect(rows).ToHaveCountAsync(2, new() { Timeout = LoadTimeout });
        // Newest first: the Teams notification, then the mail.
        await Expect(rows.Nth(0).Locator(".kind")).ToHaveTextAsync("Thông báo Teams");
        await Expect(rows.Nth(0).Locator(".content")).ToContainTextAsync("Phiếu chấm điểm năm 2025 đã sẵn sàng");
        await Expect(rows.Nth(0).Locator(".link a")).ToHaveAttributeAsync("href", "https://example.test/app/years/2025/ballot");
        var mail = rows.Nth(1);
        await Expect(mail.Locator(".kind")).ToHaveTextAsync("Thư điện tử");
        await Expect(mail.Locator(".who")).ToContainTextAsync("danhgia@localhost");
        await Expect(mail.Locator(".subject")).ToHaveTextAsync("Nhắc hạn tự đánh giá");
        await Expect(mail.Locator(".when")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$"));
        await mail.Locator("summary").ClickAsync();
        await Expect(mail.FrameLocator("iframe").Locator("#mail-text")).ToHaveTextAsync("Còn 3 ngày để nộp bản tự đánh giá.");
        await Expect(signIn).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Hộp thư đi"));

        // Sent while the page is open: it appears on its own, and the opened body stays open.
        await notifier.SendMailAsync(new MailMessage(to, "Nhắc hạn thẩm định", "<p>Còn 1 ngày.</p>", "reminder|page-2|" + to));
        await Expect(rows).ToHaveCountAsync(3, new() { Timeout = LoadTimeout });
        await Expect(rows.Nth(0).Locator(".subject")).ToHaveTextAsync("Nhắc hạn thẩm định");
        await Expect(rows.Nth(2).Locator("details")).ToHaveAttributeAsync("open", "");
        Assert.Equal(to, new Uri(signIn.Url).Query.Replace("?to=", string.Empty, StringComparison.Ordinal).Replace("%40", "@", StringComparison.Ordinal));
        Assert.Empty(_session.ScriptErrors);
    }
}
