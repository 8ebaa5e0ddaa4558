using Microsoft.AspNetCore.Http;
using Evaluation.Web.Identity;
using Evaluation.Web.Http;
using System.Text;
using System.Text.Encodings.Web;

namespace Evaluation.Web.Pages;

/// <summary>The frame every Vietnamese page shares: plain HTML that works on ordinary office browsers.</summary>
public static class PageLayout
{
    public const string SystemName = "Hệ thống đánh giá, xếp loại chất lượng hoạt động các cơ quan, đơn vị tỉnh Phú Thọ";

    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>The start page's sign-in link that comes back to <paramref name="pagePath"/>.</summary>
    public static string LoginLink(string pagePath) => $"{StartPage.LoginPath}?post_login_redirect_uri={Uri.EscapeDataString(pagePath)}";

    /// <summary>What an anonymous visitor of a signed-in page sees: why, and the way to sign in and come back.</summary>
    public static IResult SignInCard(string pagePath, string why) => ApiResults.Html(Render("Đăng nhập", $"""
        <section class="card"><h1>Đăng nhập</h1>
        <p>Bạn chưa đăng nhập. Vui lòng đăng nhập bằng tài khoản công vụ {why}.</p>
        <p><a id="sign-in" href="{LoginLink(pagePath)}"><button type="button">Đăng nhập</button></a></p></section>
        """));

    /// <summary>The signed-in person, their role, a way home (when given) and out.</summary>
    public static string UserBar(Viewer viewer, string? homeLink)
    {
        var home = homeLink is null ? string.Empty : $"""<a href="{homeLink}">Trang chủ</a> · """;
        return $"""<div class="user"><span id="user-name">{E(viewer.DisplayName)}</span> · <span id="user-role">{E(viewer.RoleName)}</span><br>{home}<a href="{StartPage.LogoutPath}?post_logout_redirect_uri=/{Routes.StartPage}">Đăng xuất</a></div>""";
    }

    public static string Render(string title, string body, string? userBar = null, string? script = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append(" – Đánh giá, xếp loại cơ quan, đơn vị</title>")
            .Append("<style>").Append(Styles).Append("</style></head><body>")
            .Append("<header class=\"top\"><div class=\"brand\">UBND TỈNH PHÚ THỌ<br><strong>").Append(E(SystemName)).Append("</strong></div>")
            .Append(userBar ?? string.Empty).Append("</header><main>")
            .Append(body)
            .Append("</main><footer>Quyết định số 2419/QĐ-UBND ngày 15/9/2022 của UBND tỉnh Phú Thọ</footer>");
        if (script is not null)
        {
            html.Append("<script>").Append(script).Append("</script>");
        }

        return html.Append("</body></html>").ToString();
    }

    private const string Styles = """
        *{box-sizing:border-box}body{margin:0;font-family:"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#f4f6f9;font-size:15px}
        header.top{display:flex;justify-content:space-between;align-items:center;gap:1rem;background:#8b0000;color:#fff;padding:.75rem 1.25rem}
        header.top .brand{font-size:.85rem;line-height:1.35}header.top .user{font-size:.9rem;text-align:right}header.top a{color:#ffe082}
        main{max-width:1200px;margin:1rem auto;padding:0 1rem}footer{text-align:center;color:#666;font-size:.8rem;margin:2rem 0}
        section.card{background:#fff;border:1px solid #d9dee5;border-radius:6px;padding:1rem 1.25rem;margin-bottom:1rem}
        h1{font-size:1.35rem;margin:.25rem 0 1rem}h2{font-size:1.1rem;margin:.25rem 0 .75rem;color:#8b0000}h3{font-size:1rem;margin:1rem 0 .5rem}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e3e6ea;padding:.4rem .5rem;text-align:left;vertical-align:top}
        th{background:#f0f2f5;font-weight:600}td.num{text-align:right}
        .phase{display:inline-block;padding:.1rem .5rem;border-radius:10px;background:#e8eef8;color:#1a3d7c;font-size:.85rem}
        .phase.setup{background:#eee;color:#555}.phase.selfAssessment{background:#fff4d6;color:#7a5200}.phase.ranking,.phase.published{background:#e2f4e5;color:#1d6b2c}
        .years a{display:inline-block;margin:0 .5rem .5rem 0;padding:.3rem .75rem;border:1px solid #c9ced6;border-radius:4px;text-decoration:none;color:#1a3d7c;background:#fff}
        .years a.current{background:#1a3d7c;color:#fff;border-color:#1a3d7c}
        form.inline{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end}label{display:flex;flex-direction:column;font-size:.85rem;gap:.2rem}
        input,select,button{font:inherit;padding:.35rem .5rem}button{background:#1a3d7c;color:#fff;border:0;border-radius:4px;cursor:pointer;padding:.45rem 1rem}
        button.danger{background:#8b0000}button:disabled{opacity:.6;cursor:wait}
        .message{margin-top:.75rem;padding:.6rem .8rem;border-radius:4px;display:none}.message.ok{display:block;background:#e2f4e5;color:#1d6b2c}
        .message.error{display:block;background:#fdecea;color:#8b0000}.message ul{margin:.4rem 0 0 1.1rem;padding:0}
        .muted{color:#666;font-size:.85rem}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:1rem}
        """;
}
