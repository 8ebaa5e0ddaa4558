using System.Globalization;
using System.Text;
using System.Text.Json;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Common;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Exports;
using Evaluation.Web.Endpoints;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>
/// The published results (R-8.1, R-8.2, R-6.1–R-6.3, journeys 8 and 9): the public results page with a chart per unit
/// type, the printable table for the PC's decision (A4 landscape) and a unit's own result page with the council's
/// reasons and "why this rank". Who sees what is decided by <see cref="ResultsReader"/>, the same as the API. The
/// server renders the frame and embeds the data; results.js draws the tables and the chart (inline SVG, no libraries).
/// </summary>
public sealed class ResultsPages(EndpointRunner runner, ResultsReader reader, TimeProvider clock)
{
    /// <summary><c>GET /app/years/{year}/results</c>: every unit type's ranking table and bar chart.</summary>
    public Task<IResult> Ranking(HttpContext http, string year) => runner.RunPageAsync(http, async () =>
    {
        var found = await reader.ReadAsync(http, year);
        var number = found.Year.Year;
        var viewer = found.Viewer;
        var settings = found.Ranking.Settings?.ToSettings() ?? found.Year.Setup.Settings;
        var config = PageJson(new
        {
            view = "ranking",
            year = number,
            ranking = found.Document,
            typeNames = found.TypeNames,
            goodMinScore = settings.GoodMinScore,
            doneMinScore = settings.DoneMinScore,
            unitPagePrefix = $"/app/years/{number.ToString(CultureInfo.InvariantCulture)}/units/",
            linkAll = viewer is { IsWorkingGroup: true } || viewer?.Person?.Role == Role.Appraiser,
            ownUnitId = viewer?.Person?.UnitId,
        });
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<style>{PageResources.Read("results.css")}</style>");
        html.Append(CultureInfo.InvariantCulture, $"<nav class=\"crumbs\"><a href=\"{StartLink(number)}\">Trang chủ</a> › Năm {number} › Kết quả xếp loại</nav>");
        html.Append(CultureInfo.InvariantCulture, $"<h1 id=\"results-title\">Kết quả đánh giá, xếp loại năm {number}</h1>");
        AppendStatus(html, found);
        html.Append("<p class=\"downloads\">")
            .Append(CultureInfo.InvariantCulture, $"<a id=\"workbook-link\" href=\"{E(Routes.Path(Routes.ResultsWorkbook, ("year", Year(number))))}\" download>Tải bảng kết quả (.xlsx)</a>")
            .Append(CultureInfo.InvariantCulture, $" · <a id=\"print-link\" href=\"{E(Routes.Path(Routes.PrintableResultsPage, ("year", Year(number))))}\">Bản in (khổ A4 ngang)</a>");
        if (viewer?.Person?.UnitId is { } own && found.Ranking.Groups.Any(group => group.Units.Any(unit => unit.UnitId == own)))
        {
            html.Append(CultureInfo.InvariantCulture, $" · <a id=\"own-result-link\" href=\"{E(UnitPage(number, own))}\">Kết quả của đơn vị mình</a>");
        }

        html.Append("</p>");
        AppendFlags(html, found);
        html.Append("<noscript><section class=\"card\"><p>Bảng và biểu đồ cần bật JavaScript; bản in và tệp .xlsx dùng được không cần JavaScript.</p></section></noscript>");
        html.Append("<div id=\"results\"></div>");
        return ApiResults.Html(Render($"Kết quả xếp loại năm {number}", html.ToString(), UserBar(viewer, http, number), PageResources.Script(config, "results.js")));
    });

    /// <summary><c>GET /app/years/{year}/results/print</c>: one A4 landscape table per unit type, for the PC's decision.</summary>
    public Task<IResult> Printable(HttpContext http, string year) => runner.RunPageAsync(http, async () =>
    {
        var found = await reader.ReadAsync(http, year);
        var number = found.Year.Year;
        var dated = ProvinceTime.ToProvince(found.PublishedAt is { } published && found.Published ? published : clock.GetUtcNow());
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<style>{PageResources.Read("results-print.css")}</style>");
        html.Append("<div class=\"print-toolbar no-print\"><button type=\"button\" id=\"print-button\">In bảng kết quả</button>")
            .Append(CultureInfo.InvariantCulture, $" <a href=\"{E(Routes.Path(Routes.ResultsPage, ("year", Year(number))))}\">Về trang kết quả</a>")
            .Append(" <span class=\"muted\">Khổ A4 ngang; mỗi loại hình một trang.</span></div>");
        if (!found.Published)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"watermark\" id=\"draft-watermark\" aria-hidden=\"true\">{E(ResultLabels.Draft.ToUpperInvariant())}</div>");
        }

        foreach (var group in found.Ranking.Groups)
        {
            AppendPrintSheet(html, found, group, dated);
        }

        if (found.Ranking.Groups.Count == 0)
        {
            html.Append("<p>Chưa có cơ quan, đơn vị nào được xếp loại.</p>");
        }

        const string script = "document.getElementById('print-button').addEventListener('click', () => window.print());";
        return ApiResults.Html(Render($"Bản in kết quả xếp loại năm {number}", html.ToString(), UserBar(found.Viewer, http, number), script));
    });

    /// <summary><c>GET /app/years/{year}/units/{unitId}/result</c>: the unit's result, the council's reasons, "why this rank".</summary>
    public Task<IResult> Unit(HttpContext http, string year, string unitId) => runner.RunPageAsync(http, async () =>
    {
        var found = await reader.ReadAsync(http, year);
        var number = found.Year.Year;
        if (found.Viewer is null)
        {
            var pagePath = Routes.Path(Routes.UnitResultPage, ("year", Year(number)), ("unitId", unitId));
            var body = $"""
                <section class="card"><h1>Đăng nhập</h1>
                <p>Kết quả chi tiết của một cơ quan, đơn vị dành cho chính đơn vị, Hội đồng thẩm định và Tổ công tác. Vui lòng đăng nhập bằng tài khoản công vụ.</p>
                <p><a id="sign-in" href="{StartPage.LoginPath}?post_login_redirect_uri={Uri.EscapeDataString(pagePath)}"><button type="button">Đăng nhập</button></a>
                · <a href="{E(Routes.Path(Routes.ResultsPage, ("year", Year(number))))}">Bảng xếp hạng chung</a></p></section>
                """;
            return ApiResults.Html(Render("Đăng nhập", body));
        }

        var result = await reader.UnitResultAsync(found, unitId, http.RequestAborted);
        var config = PageJson(new
        {
            view = "unit",
            year = number,
            result,
            resultsPage = Routes.Path(Routes.ResultsPage, ("year", Year(number))),
        });
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<style>{PageResources.Read("results.css")}</style>");
        html.Append(CultureInfo.InvariantCulture, $"<nav class=\"crumbs\"><a href=\"{StartLink(number)}\">Trang chủ</a> › Năm {number} › <a href=\"{E(Routes.Path(Routes.ResultsPage, ("year", Year(number))))}\">Kết quả xếp loại</a> › {E(result.Name)}</nav>");
        html.Append(CultureInfo.InvariantCulture, $"<h1 id=\"unit-result-title\">Kết quả năm {number} · <span id=\"unit-name\">{E(result.Name)}</span></h1>");
        AppendStatus(html, found);
        html.Append("<noscript><section class=\"card\"><p>Trang kết quả cần bật JavaScript trong trình duyệt.</p></section></noscript>");
        html.Append("<div id=\"unit-result\"></div>");
        return ApiResults.Html(Render($"Kết quả năm {number} – {result.Name}", html.ToString(), UserBar(found.Viewer, http, number), PageResources.Script(config, "results.js")));
    });

    private static void AppendStatus(StringBuilder html, YearResults found)
    {
        if (found.Published)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"publication\" id=\"publication\">{E(found.Publication)}</p>");
            return;
        }

        var computed = found.Ranking.ComputedAt is { } at ? $" Kết quả tính lúc {ProvinceTime.Format(at)}." : string.Empty;
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"publication draft\" id=\"publication\" role=\"note\"><strong>{E(ResultLabels.Draft)}</strong> – chỉ Tổ công tác xem được.{E(computed)}</p>");
    }

    /// <summary>The ranking's open questions (ties at the cap, unresolved ties), for the working group only.</summary>
    private static void AppendFlags(StringBuilder html, YearResults found)
    {
        if (found.Viewer is not { IsWorkingGroup: true } || found.Ranking.Flags.Count == 0)
        {
            return;
        }

        html.Append("<section class=\"card flags\" id=\"flags\"><h2>Cần Tổ công tác xem xét</h2><ul>");
        foreach (var flag in found.Ranking.Flags)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li data-kind=\"{E(flag.Kind)}\">{E(flag.Message)}</li>");
        }

        html.Append("</ul></section>");
    }

    private static void AppendPrintSheet(StringBuilder html, YearResults found, RankedGroupDocument group, DateTimeOffset dated)
    {
        var typeName = found.TypeNames.GetValueOrDefault(group.Type);
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"print-sheet\" id=\"print-{E(group.Type)}\">");
        html.Append("<div class=\"letterhead\"><div>UBND TỈNH PHÚ THỌ<br><strong>TỔ CÔNG TÁC ĐÁNH GIÁ, XẾP LOẠI</strong></div>")
            .Append("<div>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br><strong class=\"motto\">Độc lập – Tự do – Hạnh phúc</strong><br>")
            .Append(CultureInfo.InvariantCulture, $"<em class=\"print-date\">Phú Thọ, ngày {dated.Day:00} tháng {dated.Month:00} năm {dated.Year}</em></div></div>");
        html.Append(CultureInfo.InvariantCulture, $"<h1 class=\"print-title\">{E(ResultLabels.TitleOf(found.Year.Year))}</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"print-type\">Loại hình {E(group.Type)}{(typeName is null ? string.Empty : " – " + E(typeName))} ({group.UnitCount} cơ quan, đơn vị; tối đa {group.ExcellentCap} đơn vị hoàn thành xuất sắc nhiệm vụ)</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"print-status\">{E(found.Published ? found.Publication : ResultLabels.Draft)}</p>");
        html.Append("<table class=\"print-table\"><thead><tr><th>Hạng</th><th>Cơ quan, đơn vị</th>");
        foreach (var (_, heading) in ResultLabels.SectionColumns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th class=\"num\">{E(heading)}</th>");
        }

        html.Append("<th class=\"num\">Tổng điểm</th><th>Xếp loại</th></tr></thead><tbody>");
        foreach (var unit in group.Units)
        {
            var tie = unit.Tie ? $" <span class=\"tie\" title=\"{ResultLabels.TieMark}\">(đồng hạng)</span>" : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<tr data-unit-id=\"{E(unit.UnitId)}\"><td class=\"rank\">{unit.Rank}{tie}</td><td>{E(unit.Name)}</td>");
            foreach (var (code, _) in ResultLabels.SectionColumns)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{E(ScoreText.Format(unit.Sections.GetValueOrDefault(code)))}</td>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<td class=\"num total\">{E(ScoreText.Format(unit.Total))}</td><td class=\"class {E(unit.Class)}\">{E(ResultLabels.ClassName(unit.Class))}</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static string UserBar(Viewer? viewer, HttpContext http, int year)
    {
        var start = StartLink(year);
        if (viewer is null)
        {
            var returnTo = Uri.EscapeDataString(http.Request.Path.ToString());
            return $"""<div class="user"><a id="sign-in-link" href="{StartPage.LoginPath}?post_login_redirect_uri={returnTo}">Đăng nhập</a></div>""";
        }

        return $"""<div class="user"><span id="user-name">{E(viewer.DisplayName)}</span> · <span id="user-role">{E(viewer.RoleName)}</span><br><a href="{start}">Trang chủ</a> · <a href="{StartPage.LogoutPath}?post_logout_redirect_uri=/{Routes.StartPage}">Đăng xuất</a></div>""";
    }

    private static string StartLink(int year) => $"/{Routes.StartPage}?year={Year(year)}";

    private static string UnitPage(int year, string unitId) => Routes.Path(Routes.UnitResultPage, ("year", Year(year)), ("unitId", unitId));

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The page's data as a script literal: the system's JSON with every '&lt;' escaped, so no text in it can close the
    /// script element ('&lt;' only occurs inside JSON strings, where \u003c means the same).
    /// </summary>
    private static string PageJson(object value) =>
        JsonSerializer.Serialize(value, EvaluationJson.Options).Replace("<", "\\u003c", StringComparison.Ordinal);
}
