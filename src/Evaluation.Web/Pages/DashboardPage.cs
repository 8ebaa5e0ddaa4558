using System.Text.Json;
using Evaluation.Web.Http;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>
/// The working group's dashboard (<c>GET /app/years/{year}/dashboard</c>, R-7.1, R-9): the year's phase, calendar and
/// time to the next deadline, totals, the council's progress per agency and one row per unit (phase, % of criteria
/// scored, files, submission, both appraisal rounds, overdue work). The server renders the frame; the script
/// (dashboard.js) polls the dashboard API and redraws without reloading, with filters and sort kept in the address.
/// </summary>
public sealed class DashboardPage(EndpointRunner runner, WorkingGroupPageGate gate)
{
    public Task<IResult> Get(HttpContext http, string year) => runner.RunPageAsync(http, async () =>
    {
        var (page, signIn) = await gate.OpenAsync(http, Routes.DashboardPage, year, "bảng theo dõi tiến độ");
        if (page is null)
        {
            return signIn!;
        }

        var (_, evaluationYear, yearText, login, startLink, userBar) = page;
        var number = evaluationYear.Year;
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
