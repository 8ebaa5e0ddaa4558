using System.Globalization;
using System.Text.Json;
using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>
/// The unit's self-assessment form (<c>GET /app/years/{year}/units/{unitId}/assessment</c>, R-2.1–,
/// journeys 2, 3 and 5). The server renders the frame, checks sign-in and that the year and unit exist; the script
/// (assessment.js) loads the form from the public API and saves each criterion as the person types. Once round 1
/// closes the same page shows the council's decisions, and in the explanation window the unit head explains the
/// questioned criteria there. Rights are the API's business: a refusal there is shown on the page with its reason.
/// </summary>
public sealed class AssessmentPage(EndpointRunner runner, Access access, YearStore years, UnitStore units)
{

    public Task<IResult> Get(HttpContext http, string year, string unitId) => runner.RunPageAsync(http, async () =>
    {
        var pagePath = Routes.Path(Routes.AssessmentPage, ("year", year), ("unitId", unitId));
        var viewer = await access.IdentifyAsync(http);
        if (viewer is null)
        {
            return SignInCard(pagePath, "để mở bản tự đánh giá của cơ quan, đơn vị");
        }

        var number = PathValues.Year(year);
        if (!UnitIds.IsValid(unitId))
        {
            throw ProblemException.NotFound($"Không có cơ quan, đơn vị mã \"{unitId}\". {UnitIds.Rule}");
        }

        if (await years.GetAsync(number, http.RequestAborted) is null)
        {
            throw ProblemException.NotFound($"Chưa có năm đánh giá {number}.");
        }

        var unit = await units.GetAsync(number, unitId, http.RequestAborted)
            ?? throw ProblemException.NotFound($"Năm {number} không có cơ quan, đơn vị mã \"{unitId}\".");

        var startLink = $"/{Routes.StartPage}?year={number.ToString(CultureInfo.InvariantCulture)}";
        var userBar = UserBar(viewer, startLink);
        var config = JsonSerializer.Serialize(new
        {
            year = number,
            unitId,
            api = Routes.Path(Routes.Assessment, ("year", year), ("unitId", unitId)),
            evidenceApi = Routes.Path(Routes.Evidence, ("year", year), ("unitId", unitId), ("evidenceId", string.Empty)),
            login = $"{StartPage.LoginPath}?post_login_redirect_uri={Uri.EscapeDataString(pagePath)}",
        });
        var html = $"""
            <style>{PageResources.Read("assessment.css")}</style>
            <nav class="crumbs"><a href="{startLink}">Trang chủ</a> › Năm {number} › Tự đánh giá</nav>
            <h1 id="assessment-title">Tự đánh giá năm {number} · <span id="unit-name">{E(unit.Value.Unit.Name)}</span></h1>
            <noscript><section class="card"><p>Trang tự đánh giá cần bật JavaScript trong trình duyệt.</p></section></noscript>
            <div id="load-state" class="message ok" role="status">Đang tải bản tự đánh giá…</div>
            <div id="assessment" hidden></div>
            """;
        var script = PageResources.Script(config, "assessment.js");
        return ApiResults.Html(Render($"Tự đánh giá {number} – {unit.Value.Unit.Name}", html, userBar, script));
    });
}
