using System.Globalization;
using System.Text.Json;
using Evaluation.Infrastructure.Survey;
using Evaluation.Web.Endpoints;
using Evaluation.Web.Http;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>
/// The respondent's questionnaire (<c>GET /app/years/{year}/survey-ballot?token=…</c>, R-4.2, journey 6): opened on a
/// phone from the personal link, without an account; the token is the credential. The server checks the link and
/// renders the frame only: a refused link (altered, expired, another year's) shows only why, with nothing about the
/// respondent or the unit. The script (survey-ballot.js) reads and answers through the ballot API with the token in
/// the <see cref="SurveyEndpoints.TokenHeader"/> header (never a cookie), and the API checks every rule again.
/// </summary>
public sealed class SurveyBallotPage(EndpointRunner runner, SurveyLinks links)
{
    public const string Title = "Phiếu khảo sát ý kiến";

    public Task<IResult> Get(HttpContext http, string year) => runner.RunPageAsync(http, async () =>
    {
        var number = PathValues.Year(year);
        var token = http.Request.Query["token"].ToString();
        var check = await links.CheckAsync(token, number, http.RequestAborted);
        if (!check.IsValid)
        {
            var refused = $"""
                <meta name="referrer" content="no-referrer">
                <section class="card" id="link-refused"><h1>Không mở được phiếu khảo sát</h1>
                <p id="refusal">{E(check.Message)}</p>
                <p class="muted">Nếu cần đường liên kết mới, vui lòng liên hệ Sở Nội vụ tỉnh Phú Thọ.</p></section>
                """;
            return ApiResults.Html(Render("Không mở được phiếu khảo sát", refused), StatusCodes.Status403Forbidden);
        }

        var yearText = number.ToString(CultureInfo.InvariantCulture);
        var config = JsonSerializer.Serialize(new
        {
            year = number,
            api = Routes.Path(Routes.SurveyBallot, ("year", yearText), ("code", check.RespondentCode!)),
            token,
            tokenHeader = SurveyEndpoints.TokenHeader,
        });

        // The token is in the address: no referrer may carry it to another site.
        var html = $"""
            <meta name="referrer" content="no-referrer">
            <style>{PageResources.Read("survey-ballot.css")}</style>
            <section class="card" id="survey-head">
              <p class="asker">Sở Nội vụ tỉnh Phú Thọ đề nghị Ông/Bà cho ý kiến đánh giá về</p>
              <h1 id="unit-name">…</h1>
              <p>Năm đánh giá <strong>{yearText}</strong></p>
              <p id="respondent" class="respondent"></p>
              <p id="deadline" class="deadline"></p>
            </section>
            <noscript><section class="card"><p>Phiếu khảo sát cần bật JavaScript trong trình duyệt.</p></section></noscript>
            <div id="load-state" class="message ok" role="status">Đang tải phiếu khảo sát…</div>
            <p id="load-retry-bar" hidden><button type="button" id="load-retry">Tải lại phiếu</button></p>
            <section class="card" id="answered" hidden>
              <h2 id="answered-title"></h2>
              <p id="answered-note" class="muted"></p>
              <ol id="answered-list" class="answers"></ol>
            </section>
            <form id="survey-form" novalidate hidden>
              <p class="muted">Mỗi câu chọn một phương án. Phiếu chỉ gửi được một lần; sau khi gửi không sửa được câu trả lời.</p>
              <div id="questions"></div>
              <div class="send-bar">
                <p id="send-message" class="form-message" role="alert"></p>
                <button type="submit" id="send">Gửi phiếu</button>
              </div>
            </form>
            """;
        var script = PageResources.Script(config, "survey-ballot.js");
        return ApiResults.Html(Render(Title, html, userBar: null, script));
    });
}
