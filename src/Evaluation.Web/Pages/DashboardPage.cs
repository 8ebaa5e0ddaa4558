using System.Globalization;
using System.Text.Json;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>
/// The working group's dashboard (<c>GET /app/years/{year}/dashboard</c>, R-7.1, R-9): the year's phase, calendar and
/// time to the next deadline, totals, the council's progress per agency and one row per unit (phase, % of criteria
/// scored, files, submission, both appraisal rounds, overdue work). The server renders the frame; the script
/// (dashboard.js) polls the dashboard API and redraws without reloading, with filters and sort kept in the address.
/// </summary>
public sealed class DashboardPage(EndpointRunner runner, Access access, YearStore years)
{
    public Task<IResult> Get(HttpContext http, string year) => runner.RunPageAsync(http, async () =>
    {
        var pagePath = Routes.Path(Routes.DashboardPage, ("year", year));
        var login = LoginLink(pagePath);
        var viewer = await access.IdentifyAsync(http);
        if (viewer is null)
        {
            return SignInCard(pagePath, "của Tổ công tác để mở bảng theo dõi tiến độ");
        }

        var number = PathValues.Year(year);
        if (!viewer.IsWorkingGroup)
        {
            throw ProblemException.Forbidden($"Bảng theo dõi tiến độ dành cho Tổ công tác (Sở Nội vụ). Tài khoản {viewer.Email} là: {viewer.RoleName}.");
        }

        if (await years.GetAsync(number, http.RequestAborted) is null)
        {
            throw ProblemException.NotFound($"Chưa có năm đánh giá {number}.");
        }

        var yearText = number.ToString(CultureInfo.InvariantCulture);
        var startLink = $"/{Routes.StartPage}?year={yearText}";
        var userBar = UserBar(viewer, startLink);
        var config = JsonSerializer.Serialize(new
        {
            year = number,
            api = Routes.Path(Routes.Dashboard, ("year", yearText)),
            appraisalPage = Routes.Path(Routes.AppraisalPage, ("year", yearText)),
            login,
        });
        var html = $"""
            <style>{PageResources.Read("dashboard.css")}</style>
            <nav class="crumbs"><a href="{startLink}">Trang chủ</a> › Năm {yearText} › Bảng theo dõi</nav>
            <h1 id="dashboard-title">Bảng theo dõi tiến độ năm {yearText}</h1>
            <noscript><section class="card"><p>Bảng theo dõi cần bật JavaScript trong trình duyệt.</p></section></noscript>
            <div id="load-state" class="message ok" role="status">Đang tải bảng theo dõi…</div>
            <div id="dashboard" hidden></div>
            """;
        var script = PageResources.Script(config, "dashboard.js");
        return ApiResults.Html(Render($"Bảng theo dõi năm {yearText}", html, userBar, script));
    });
}
