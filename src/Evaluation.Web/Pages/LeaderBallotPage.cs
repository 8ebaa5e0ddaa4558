using System.Globalization;
using System.Text.Json;
using Evaluation.Web.Endpoints;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>
/// The leaders' ballot (<c>GET /app/years/{year}/leader-ballot[?token=…]</c>, Annex 2, R-5, journey 6): the Chairman or
/// a Vice-chairman scores every unit 0–4. Opened from the personal link (Teams on a phone or the desktop, no sign-in:
/// the token is the credential) or by the leader signed in. A refused link shows only why. The server checks who may
/// open it and renders the frame; the script (leader-ballot.js) reads and saves through the ballot API, which decides
/// every right and every rule again.
/// </summary>
public sealed class LeaderBallotPage(EndpointRunner runner, Access access, LeaderBallotEndpoints ballots)
{
    public const string Title = "Phiếu chấm điểm của Lãnh đạo UBND tỉnh (Phụ lục 2)";

    public Task<IResult> Get(HttpContext http, string year) => runner.RunPageAsync(http, async () =>
    {
        var number = PathValues.Year(year);
        var yearText = number.ToString(CultureInfo.InvariantCulture);
        var token = http.Request.Query["token"].ToString();
        var hasToken = !string.IsNullOrWhiteSpace(token);
        if (!hasToken && await access.IdentifyAsync(http) is null)
        {
            var pagePath = Routes.Path(Routes.LeaderBallotPage, ("year", yearText));
            var body = $"""
                <section class="card"><h1>{E(Title)}</h1>
                <p>Vui lòng mở phiếu bằng đường liên kết riêng đã được gửi qua Microsoft Teams hoặc thư điện tử, hoặc đăng nhập bằng tài khoản công vụ.</p>
                <p><a id="sign-in" href="{StartPage.LoginPath}?post_login_redirect_uri={Uri.EscapeDataString(pagePath)}"><button type="button">Đăng nhập</button></a></p></section>
                """;
            return ApiResults.Html(Render("Đăng nhập", body));
        }

        LeaderBallotCaller caller;
        try
        {
            caller = await ballots.AuthorizeAsync(http, number, leaderEmail: null, hasToken ? token : null);
        }
        catch (ProblemException refused) when (hasToken && refused.Status == StatusCodes.Status403Forbidden)
        {
            // A refused link shows only why: no ballot, no names, nothing to click that needs a sign-in.
            var body = $"""
                <section class="card" id="link-refused"><h1>Không mở được phiếu chấm điểm</h1>
                <p id="refusal">{E(refused.Detail)}</p>
                <p class="muted">Nếu cần đường liên kết mới, vui lòng liên hệ Tổ công tác (Sở Nội vụ).</p></section>
                """;
            return ApiResults.Html(Render("Không mở được phiếu chấm điểm", body), refused.Status);
        }

        var leader = caller.Leader;
        var config = JsonSerializer.Serialize(new
        {
            year = number,
            leaderEmail = leader.Email,
            api = Routes.Path(Routes.LeaderBallot, ("year", yearText), ("leaderEmail", leader.Email)),
            token = hasToken ? token : null,
            tokenHeader = LeaderBallotEndpoints.TokenHeader,
        });
        var userBar = hasToken
            ? $"""<div class="user"><span id="user-name">{E(leader.Name)}</span></div>"""
            : $"""<div class="user"><span id="user-name">{E(leader.Name)}</span><br><a href="/{Routes.StartPage}?year={yearText}">Trang chủ</a> · <a href="{StartPage.LogoutPath}?post_logout_redirect_uri=/{Routes.StartPage}">Đăng xuất</a></div>""";
        var html = $"""
            <meta name="referrer" content="no-referrer">
            <style>{PageResources.Read("leader-ballot.css")}</style>
            <h1 id="ballot-title">{E(Title)}</h1>
            <section class="card" id="ballot-head">
              <p class="leader">Năm đánh giá <strong>{yearText}</strong> · Lãnh đạo: <strong id="leader-name">{E(leader.Name)}</strong></p>
              <p>Hạn chấm điểm: <strong id="deadline">…</strong></p>
              <p id="window-state" class="window-state"></p>
              <p id="progress" class="progress" role="status"></p>
            </section>
            <noscript><section class="card"><p>Phiếu chấm điểm cần bật JavaScript trong trình duyệt.</p></section></noscript>
            <div id="load-state" class="message ok" role="status">Đang tải phiếu chấm điểm…</div>
            <form id="ballot-form" novalidate hidden>
              <p class="muted">Chấm mỗi cơ quan, đơn vị từ 0 đến 4 điểm (nội dung VI), tối đa 2 chữ số thập phân, ví dụ 3,5. Có thể lưu nhiều lần trước hạn.</p>
              <div id="groups"></div>
              <div class="save-bar"><button type="submit" id="save">Lưu điểm</button><span id="save-message" class="form-message" role="status"></span></div>
            </form>
            """;
        var script = PageResources.Script(config, "leader-ballot.js");
        return ApiResults.Html(Render(Title, html, userBar, script));
    });
}
