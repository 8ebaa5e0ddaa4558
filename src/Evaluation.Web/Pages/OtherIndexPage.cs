using System.Text.Json;
using Evaluation.Infrastructure.OtherIndices;
using Evaluation.Web.Http;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>
/// The working group's page for other indices (<c>GET /app/years/{year}/other-indices</c>, R-1.4): each index the
/// year's catalogues score leaves from, with those criteria and their conversion rule, the current import and the
/// earlier ones, each unit's value and points (the units still without a value marked), and the import of a file
/// with its row errors. The server renders the frame; the script (other-indices.js) works against the other-indices
/// API, which decides every right and every rule.
/// </summary>
public sealed class OtherIndexPage(EndpointRunner runner, WorkingGroupPageGate gate)
{
    public Task<IResult> Get(HttpContext http, string year) => runner.RunPageAsync(http, async () =>
    {
        var (page, signIn) = await gate.OpenAsync(http, Routes.OtherIndicesPage, year, "trang kết quả các chỉ số khác");
        if (page is null)
        {
            return signIn!;
        }

        var (_, evaluationYear, yearText, login, startLink, userBar) = page;
        var number = evaluationYear.Year;

        // The import route keeps its {indexCode}; the script fills it (encoded) per index.
        var config = JsonSerializer.Serialize(new
        {
            year = number,
            types = evaluationYear.Setup.UnitTypes.Select(type => new { code = type.Code, name = type.Name }),
            listApi = Routes.Path(Routes.OtherIndices, ("year", yearText)),
            importApi = Routes.Path(Routes.OtherIndex, ("year", yearText)),
            maxBytes = OtherIndexFile.MaxBytes,
            maxRows = OtherIndexFile.MaxRows,
            login,
        });
        var html = $"""
            <style>{PageResources.Read("other-indices.css")}</style>
            <nav class="crumbs"><a href="{startLink}">Trang chủ</a> › Năm {yearText} › Các chỉ số khác</nav>
            <h1 id="other-indices-title">Kết quả các chỉ số khác năm {yearText}</h1>
            <p class="muted">Một số tiêu chí lấy điểm từ chỉ số tỉnh đã tổ chức đánh giá (Điều 3.1, 8.5): Tổ công tác nhập giá trị của từng cơ quan, đơn vị; hệ thống quy đổi ra điểm theo bộ chỉ số. Đơn vị không tự chấm và Hội đồng không thẩm định các tiêu chí này.</p>
            <noscript><section class="card"><p>Trang này cần bật JavaScript trong trình duyệt.</p></section></noscript>
            <div id="load-state" class="message ok" role="status">Đang tải kết quả các chỉ số…</div>
            <div id="lock-reason" class="message error" role="status" hidden></div>
            <nav id="index-nav" class="index-nav" hidden></nav>
            <div id="indices"></div>
            """;
        var script = PageResources.Script(config, "other-indices.js");
        return ApiResults.Html(Render($"Các chỉ số khác năm {yearText}", html, userBar, script));
    });
}
