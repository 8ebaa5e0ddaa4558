using System.Globalization;
using System.Text.Json;
using Evaluation.Domain.Common;
using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>
/// The appraiser's work page (<c>GET /app/years/{year}/appraisal</c>, R-3.1–, journey 4): the queue of the
/// appraiser's agency across units, each criterion with the unit's self-score, explanation and signed evidence, and
/// the decision form of the open round; progress per unit and per appraiser. The working group sees any agency's
/// queue (<c>?agency=</c>) and names substitutes for conflicts of interest. The server renders the frame; the script
/// (appraisal.js) works against the public API, which decides every right and every rule.
/// </summary>
public sealed class AppraisalPage(EndpointRunner runner, Access access, YearStore years)
{

    public Task<IResult> Get(HttpContext http, string year) => runner.RunPageAsync(http, async () =>
    {
        var pagePath = Routes.Path(Routes.AppraisalPage, ("year", year));
        var viewer = await access.IdentifyAsync(http);
        if (viewer is null)
        {
            return SignInCard(pagePath, "để mở trang thẩm định");
        }

        var number = PathValues.Year(year);
        if (await years.GetAsync(number, http.RequestAborted) is null)
        {
            throw ProblemException.NotFound($"Chưa có năm đánh giá {number}.");
        }

        var isAppraiser = viewer.Person is { Role: Role.Appraiser, AgencyId: not null };
        if (!viewer.IsWorkingGroup && !isAppraiser)
        {
            throw ProblemException.Forbidden($"Trang thẩm định dành cho thành viên Hội đồng thẩm định và Tổ công tác. Tài khoản {viewer.Email} là: {viewer.RoleName}.");
        }

        // Only the working group chooses an agency; an appraiser always works on their own agency's queue.
        var agency = viewer.IsWorkingGroup ? NullIfEmpty(http.Request.Query["agency"].ToString()) : viewer.Person!.AgencyId;
        if (agency is not null && !Codes.IsAgencyCode(agency))
        {
            agency = null;
        }

        var yearText = number.ToString(CultureInfo.InvariantCulture);
        var startLink = $"/{Routes.StartPage}?year={yearText}";
        var userBar = UserBar(viewer, startLink);
        var config = JsonSerializer.Serialize(new
        {
            year = number,
            agency,
            isWorkingGroup = viewer.IsWorkingGroup,
            canDecide = isAppraiser,
            queueApi = Routes.Path(Routes.AppraisalQueue, ("year", yearText)),
            councilApi = Routes.Path(Routes.Council, ("year", yearText)),
            unitsApi = "/api/years/" + yearText + "/units/",
            assessmentPage = "/app/years/" + yearText + "/units/",
            login = $"{StartPage.LoginPath}?post_login_redirect_uri={Uri.EscapeDataString(pagePath)}",
        });
        var councilTab = viewer.IsWorkingGroup
            ? """<nav class="tabs" role="tablist"><button type="button" id="tab-queue" class="tab active" role="tab" aria-selected="true">Hàng đợi thẩm định</button><button type="button" id="tab-council" class="tab" role="tab" aria-selected="false">Hội đồng thẩm định</button></nav>"""
            : string.Empty;
        var html = $"""
            <style>{PageResources.Read("appraisal.css")}</style>
            <nav class="crumbs"><a href="{startLink}">Trang chủ</a> › Năm {yearText} › Thẩm định</nav>
            <h1 id="appraisal-title">Thẩm định năm {yearText}<span id="agency-title"></span></h1>
            <noscript><section class="card"><p>Trang thẩm định cần bật JavaScript trong trình duyệt.</p></section></noscript>
            {councilTab}
            <div id="load-state" class="message ok" role="status">Đang tải hàng đợi thẩm định…</div>
            <div id="queue-view" hidden></div>
            <div id="council-view" hidden></div>
            """;
        var script = PageResources.Script(config, "appraisal.js");
        return ApiResults.Html(Render($"Thẩm định năm {yearText}", html, userBar, script));
    });

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
