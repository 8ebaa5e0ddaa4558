using System.Text;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web;
using Evaluation.Web.Identity;
using Evaluation.Web.Pages;
using Microsoft.Extensions.Options;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.LocalHost.Development;

/// <summary>
/// Stands in for App Service Authentication on a developer machine, in the Development environment only: a page to
/// pick who you are, a cookie that remembers it, and a middleware that turns the cookie into the same
/// X-MS-CLIENT-PRINCIPAL header Easy Auth sends in Azure. Outside Development the header is stripped instead,
/// because nothing in front of this host vouches for it.
/// </summary>
public static class DevelopmentSignIn
{
    public const string CookieName = "dev-principal";
    public const string PagePath = "/dev/sign-in";

    /// <summary>Endpoints only the local host has; the contract test leaves them out.</summary>
    public const string LocalOnlyTag = "local-only";

    public static void UseClientPrincipal(this WebApplication app)
    {
        var development = app.Environment.IsDevelopment();
        if (!development)
        {
            app.Logger.LogWarning("Not in Development: X-MS-CLIENT-PRINCIPAL is ignored and the development sign-in is off; every request is anonymous");
        }

        app.Use(async (context, next) =>
        {
            if (!development)
            {
                context.Request.Headers.Remove(ClientPrincipal.HeaderName);
            }
            else if (!context.Request.Headers.ContainsKey(ClientPrincipal.HeaderName)
                     && context.Request.Cookies.TryGetValue(CookieName, out var email) && !string.IsNullOrWhiteSpace(email))
            {
                context.Request.Headers[ClientPrincipal.HeaderName] = ClientPrincipal.Encode(email);
            }

            await next(context);
        });
    }

    public static void MapDevelopmentSignIn(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }

        app.MapGet(PagePath, async (HttpContext http, PersonStore people, IOptions<EvaluationOptions> options) =>
            Results.Content(await RenderAsync(http, people, options.Value), "text/html; charset=utf-8")).WithTags(LocalOnlyTag);

        app.MapPost(PagePath, async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var email = Domain.Units.EmailAddresses.Normalize(form["email"]);
            if (email is null)
            {
                return Results.Redirect($"{PagePath}?error=1");
            }

            http.Response.Cookies.Append(CookieName, email, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
            return Results.Redirect(LocalPath(form["returnTo"]));
        }).WithTags(LocalOnlyTag).DisableAntiforgery();

        // The same sign-in and sign-out URLs as Easy Auth, so pages link to one place on both hosts.
        app.MapGet(StartPage.LoginPath, (HttpContext http) =>
            Results.Redirect($"{PagePath}?returnTo={Uri.EscapeDataString(LocalPath(http.Request.Query["post_login_redirect_uri"]))}")).WithTags(LocalOnlyTag);
        app.MapGet(StartPage.LogoutPath, (HttpContext http) =>
        {
            http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
            return Results.Redirect(LocalPath(http.Request.Query["post_logout_redirect_uri"]));
        }).WithTags(LocalOnlyTag);
    }

    /// <summary>Only redirect within this site.</summary>
    private static string LocalPath(string? candidate) =>
        candidate is { Length: > 0 } path && path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && !path.Contains('\\', StringComparison.Ordinal)
            ? path
            : "/" + Routes.StartPage;

    private static async Task<string> RenderAsync(HttpContext http, PersonStore people, EvaluationOptions options)
    {
        var returnTo = LocalPath(http.Request.Query["returnTo"]);
        var html = new StringBuilder("<section class=\"card\"><h1>Đăng nhập thử (máy phát triển)</h1>");
        html.Append("<p class=\"muted\">Trang này chỉ có trên máy phát triển; trên Azure, đăng nhập bằng Microsoft Entra ID.</p>");
        html.Append("<p><a id=\"dev-outbox\" href=\"").Append(OutboxPage.PagePath).Append("\">Hộp thư đi</a>: thư và thông báo Teams mà hệ thống đã gửi trên máy này.</p>");
        if (http.Request.Query.ContainsKey("error"))
        {
            html.Append("<div class=\"message error\">Địa chỉ thư điện tử không hợp lệ.</div>");
        }

        html.Append("<form method=\"post\" class=\"inline\"><input type=\"hidden\" name=\"returnTo\" value=\"").Append(E(returnTo)).Append("\">")
            .Append("<label>Thư điện tử<input id=\"dev-email\" name=\"email\" type=\"email\" required placeholder=\"ten@phutho.gov.vn\"></label>")
            .Append("<button id=\"dev-sign-in\" type=\"submit\">Đăng nhập</button></form>");

        var accounts = options.BootstrapAdminSet().Select(email => (Email: email, Name: "Quản trị ban đầu", Role: "Tổ công tác"))
            .Concat((await people.ListAsync(http.RequestAborted)).Select(person => (person.Email, person.Name, Role: Domain.Units.Roles.Vietnamese(person.Role))))
            .DistinctBy(account => account.Email)
            .ToList();
        html.Append("<h3>Hoặc chọn tài khoản mẫu</h3><table><tbody>");
        foreach (var account in accounts)
        {
            html.Append("<tr><td>").Append(E(account.Name)).Append("<br><span class=\"muted\">").Append(E(account.Email)).Append("</span></td><td>")
                .Append(E(account.Role)).Append("</td><td><form method=\"post\"><input type=\"hidden\" name=\"returnTo\" value=\"").Append(E(returnTo))
                .Append("\"><input type=\"hidden\" name=\"email\" value=\"").Append(E(account.Email)).Append("\"><button type=\"submit\">Đăng nhập</button></form></td></tr>");
        }

        html.Append("</tbody></table></section>");
        return Render("Đăng nhập thử", html.ToString());
    }
}
