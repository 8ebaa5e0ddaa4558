using System.Text.Json;
using Evaluation.Infrastructure.Leaders;
using Evaluation.Web.Http;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>
/// The Teams app's personal tab (<c>GET /app/leader-ballot-tab?token=…</c>, teams/manifest.json, R-5.2). Graph accepts
/// a Teams notification with a text topic only when its link is a Teams address, so a leader's notification is a deep
/// link to this tab that carries the ballot token as the tab's sub-entity. Teams writes the sub-entity into the tab's
/// content URL (the manifest's <c>{subEntityId}</c> placeholder, which the phone apps fill too), so the tab needs no
/// Teams script: this route only sends the leader on to the ballot page of the token's year, which checks the token
/// as for any personal link. Like that page it is exempt from the App Service sign-in (a sign-in cannot run inside
/// the Teams frame).
/// </summary>
public sealed class LeaderBallotTabPage(EndpointRunner runner)
{
    /// <summary>The static tab's <c>entityId</c> in teams/manifest.json; the deep link opens the tab by it.</summary>
    public const string EntityId = "leaderBallot";

    /// <summary>The query parameter of the tab's content URL that Teams fills with the sub-entity (the token).</summary>
    public const string TokenParameter = "token";

    /// <summary>The tab's name in the manifest and the deep link's label.</summary>
    public const string TabName = "Phiếu chấm điểm";

    public Task<IResult> Get(HttpContext http) => runner.RunPageAsync(http, () =>
    {
        var token = http.Request.Query[TokenParameter].ToString().Trim();
        if (LeaderLinks.YearOf(token) is { } year)
        {
            return Task.FromResult(ApiResults.Redirect(LeaderLinks.BallotPath(year, token)));
        }

        // Opened from the app bar (Teams leaves the sub-entity empty) or with a token cut short: say where the ballot is.
        var (status, message) = token.Length == 0
            ? (StatusCodes.Status200OK,
                "Phiếu chấm điểm được mở từ thông báo trong mục Hoạt động (Activity) của Teams hoặc từ đường liên kết trong thư điện tử mời chấm điểm. " +
                "Khi Hội đồng thẩm định hoàn thành thẩm định, đồng chí sẽ nhận được thông báo.")
            : (StatusCodes.Status400BadRequest,
                "Đường liên kết phiếu chấm điểm không đúng định dạng. Vui lòng mở lại thông báo trong mục Hoạt động của Teams hoặc đường liên kết trong thư điện tử.");
        var body = $"""
            <section class="card" id="tab-guide"><h1>{E(LeaderBallotPage.Title)}</h1>
            <p id="tab-message">{E(message)}</p>
            <p class="muted">Nếu cần hỗ trợ, vui lòng liên hệ Tổ công tác (Sở Nội vụ).</p></section>
            """;
        return Task.FromResult(ApiResults.Html(Render(TabName, body), status));
    });

    /// <summary>
    /// The Teams deep link that opens this tab on the ballot of <paramref name="token"/>
    /// (<c>https://teams.microsoft.com/l/entity/{appId}/{entityId}?webUrl=…&amp;label=…&amp;context={"subEntityId":…}</c>).
    /// <paramref name="teamsAppId"/> is the app's id in the organisation's catalogue; <paramref name="webUrl"/> is where
    /// a client that cannot show the tab goes instead (the ballot page itself).
    /// </summary>
    public static string DeepLink(string teamsAppId, string token, string webUrl)
    {
        var context = JsonSerializer.Serialize(new { subEntityId = token });
        return $"https://teams.microsoft.com/l/entity/{Uri.EscapeDataString(teamsAppId)}/{EntityId}" +
               $"?webUrl={Uri.EscapeDataString(webUrl)}&label={Uri.EscapeDataString(TabName)}&context={Uri.EscapeDataString(context)}";
    }
}
