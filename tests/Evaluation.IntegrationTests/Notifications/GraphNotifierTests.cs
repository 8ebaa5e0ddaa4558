using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evaluation.Infrastructure.Notifications;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Graph.Models.ODataErrors;
using static Evaluation.IntegrationTests.Notifications.RecordingGraph;

namespace Evaluation.IntegrationTests.Notifications;

/// <summary>
/// The Graph notifier (issue 5 §3, ARCHITECTURE.md "Notifications") through the real Graph SDK against the local
/// host's recording endpoint: what it sends is what Graph would get, refusals Graph calls transient (429, 503) are
/// waited out as Retry-After says and sent once more, anything else throws and nothing is recorded. Each test writes to
/// a recipient of its own and arms faults for that recipient only, on this class's own host.
/// </summary>
public sealed class GraphNotifierTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task A_mail_is_recorded_with_its_sender_subject_html_body_and_message_id()
    {
        var to = NewRecipient("mail");
        const string html = "<p>Đơn vị còn <strong>3 ngày</strong> để nộp bản tự đánh giá.</p>";

        await Notifier(host).SendMailAsync(new MailMessage(to, "Nhắc hạn tự đánh giá năm 2025", html, "reminder|2025|self|3d|" + to));

        var message = Assert.Single(await MessagesAsync(host, to));
        Assert.Equal(OutboxKinds.Mail, message.Kind);
        Assert.Equal("danhgia@localhost", message.From);
        Assert.Equal(to, message.To);
        Assert.Equal("Nhắc hạn tự đánh giá năm 2025", message.Subject);
        Assert.Equal(html, message.HtmlBody);
        Assert.Equal("reminder|2025|self|3d|" + to, message.MessageId);
        Assert.Equal(0, message.Attempt);
        Assert.False(message.BodyTruncated);
        Assert.Null(message.WebUrl);
    }

    [Fact]
    public async Task A_Teams_notification_is_recorded_with_its_link_preview_activity_type_and_message_id()
    {
        var to = NewRecipient("teams");
        const string link = "https://danhgia.phutho.gov.vn/app/years/2025/ballot?t=abc";

        await Notifier(host).SendActivityNotificationAsync(new ActivityNotification(to, link, "Phiếu chấm điểm năm 2025 đã sẵn sàng", "ballot|2025|" + to));

        var message = Assert.Single(await MessagesAsync(host, to));
        Assert.Equal(OutboxKinds.Teams, message.Kind);
        Assert.Equal(to, message.To);
        Assert.Equal(link, message.WebUrl);
        Assert.Equal("Phiếu chấm điểm năm 2025 đã sẵn sàng", message.Preview);
        Assert.Equal(GraphNotifier.BallotReadyActivityType, message.ActivityType);
        Assert.Equal(GraphNotifier.ActivityTopic, message.Subject);
        Assert.Equal("ballot|2025|" + to, message.MessageId);
        Assert.Null(message.HtmlBody);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    [Trait("Requirement", "R-7.2")]
    public async Task A_transient_refusal_is_waited_out_as_Retry_After_says_and_the_message_is_recorded_once(int status)
    {
        var to = NewRecipient("retry");
        await ArmAsync(host, status, count: 1, retryAfterSeconds: 1, to);

        await Notifier(host).SendMailAsync(new MailMessage(to, "Nhắc hạn thẩm định", "<p>Còn 1 ngày.</p>", "reminder|retry|" + to));

        var message = Assert.Single(await MessagesAsync(host, to));
        Assert.Equal(1, message.Attempt);
        var faults = await FaultsAsync(host);
        Assert.DoesNotContain(faults.Armed, fault => fault.To == to);
        // The retry came no sooner than the refusal asked (Retry-After: 1 s).
        Assert.True(message.ReceivedAt - faults.LastRefusedAt >= TimeSpan.FromMilliseconds(900),
            $"Retried {message.ReceivedAt - faults.LastRefusedAt} after the refusal, sooner than Retry-After allowed.");
    }

    [Fact]
    [Trait("Requirement", "R-7.2")]
    public async Task A_Teams_notification_refused_with_429_is_retried_and_recorded_once()
    {
        var to = NewRecipient("teams-retry");
        await ArmAsync(host, 429, count: 1, retryAfterSeconds: 1, to);

        await Notifier(host).SendActivityNotificationAsync(new ActivityNotification(to, "https://example.test/ballot", "Phiếu chấm điểm", "ballot|retry|" + to));

        var message = Assert.Single(await MessagesAsync(host, to));
        Assert.Equal(OutboxKinds.Teams, message.Kind);
        Assert.Equal(1, message.Attempt);
    }

    [Fact]
    [Trait("Requirement", "R-7.2")]
    public async Task A_bad_request_throws_with_Graphs_error_and_nothing_is_recorded()
    {
        var to = NewRecipient("refused");
        await ArmAsync(host, 400, count: 1, retryAfterSeconds: null, to);

        var error = await Assert.ThrowsAsync<ODataError>(() =>
            Notifier(host).SendMailAsync(new MailMessage(to, "Nhắc hạn", "<p>…</p>", "reminder|400|" + to)));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("ErrorInvalidRequest", error.Error?.Code);
        Assert.Empty(await MessagesAsync(host, to));
        Assert.DoesNotContain((await FaultsAsync(host)).Armed, fault => fault.To == to);
    }

    [Fact]
    [Trait("Requirement", "R-7.2")]
    public async Task A_refusal_asking_to_wait_longer_than_the_cap_throws_at_once_instead_of_waiting()
    {
        var to = NewRecipient("long-wait");
        await ArmAsync(host, 429, count: 1, retryAfterSeconds: 3600, to);

        // Not a timeout: the 429 itself comes back, without the hour's wait.
        var error = await Assert.ThrowsAsync<ODataError>(() =>
            Notifier(host).SendMailAsync(new MailMessage(to, "Nhắc hạn", "<p>…</p>", "reminder|cap|" + to)));

        Assert.Equal(429, error.ResponseStatusCode);
        Assert.Empty(await MessagesAsync(host, to));
    }

    [Fact]
    [Trait("Requirement", "R-7.2")]
    public async Task Refusals_beyond_the_retry_limit_throw_and_nothing_is_recorded()
    {
        var to = NewRecipient("exhausted");
        // One first try and three retries (Graph:MaxRetries), all refused; the fifth would have been accepted.
        await ArmAsync(host, 503, count: 5, retryAfterSeconds: 0, to);

        var error = await Assert.ThrowsAsync<AggregateException>(() =>
            Notifier(host).SendActivityNotificationAsync(new ActivityNotification(to, "https://example.test/ballot", "Phiếu chấm điểm", "ballot|exhausted|" + to)));

        Assert.Contains("Too many retries", error.Message, StringComparison.Ordinal);
        Assert.Empty(await MessagesAsync(host, to));
        Assert.Equal(1, Assert.Single((await FaultsAsync(host)).Armed, fault => fault.To == to).Count);
    }

    [Fact]
    public async Task A_fault_with_an_impossible_status_is_refused_with_a_Vietnamese_message_and_nothing_is_armed()
    {
        using var client = host.Client(null);
        using var response = await client.PostAsJsonAsync(Evaluation.LocalHost.Development.GraphRecorder.FaultsPath, new { status = 200, count = 0, extra = true });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "status", "count", "extra");
        Assert.Contains("từ 400 đến 599", problem.GetProperty("errors").GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain((await FaultsAsync(host)).Armed, fault => fault.Status == 200);
    }

    [Fact]
    public async Task The_recorder_answers_a_mail_without_recipients_as_Graph_does()
    {
        using var client = host.Client(null);
        using var response = await client.PostAsJsonAsync("/dev/graph/v1.0/users/danhgia@localhost/sendMail", new { message = new { subject = "Không người nhận" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ErrorInvalidRecipients", error.GetProperty("error").GetProperty("code").GetString());
    }
}
