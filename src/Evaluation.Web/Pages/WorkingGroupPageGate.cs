using System.Globalization;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;
using static Evaluation.Web.Pages.PageLayout;

namespace Evaluation.Web.Pages;

/// <summary>What a working-group page has once its caller passed the gate.</summary>
public sealed record WorkingGroupPageContext(Viewer Viewer, EvaluationYear Year, string YearText, string Login, string StartLink, string UserBar);

/// <summary>
/// How every working-group page of a year opens (the dashboard, the survey, other indices): an anonymous visitor gets
/// the sign-in card that comes back to the page, another role a 403 naming their role, an unknown year a 404.
/// </summary>
public sealed class WorkingGroupPageGate(Access access, YearStore years)
{
    /// <param name="route">The page's route template (with <c>{year}</c>).</param>
    /// <param name="pageName">The page as a sentence names it, lower case ("trang khảo sát").</param>
    /// <returns>The context, or (null, the sign-in card) for an anonymous visitor.</returns>
    public async Task<(WorkingGroupPageContext? Page, IResult? SignIn)> OpenAsync(HttpContext http, string route, string year, string pageName)
    {
        var pagePath = Routes.Path(route, ("year", year));
        var viewer = await access.IdentifyAsync(http);
        if (viewer is null)
        {
            return (null, SignInCard(pagePath, $"của Tổ công tác để mở {pageName}"));
        }

        var number = PathValues.Year(year);
        if (!viewer.IsWorkingGroup)
        {
            throw ProblemException.Forbidden($"{char.ToUpperInvariant(pageName[0])}{pageName[1..]} dành cho Tổ công tác (Sở Nội vụ). Tài khoản {viewer.Email} là: {viewer.RoleName}.");
        }

        var evaluationYear = (await years.GetAsync(number, http.RequestAborted))?.Value
            ?? throw ProblemException.NotFound($"Chưa có năm đánh giá {number}.");
        var yearText = number.ToString(CultureInfo.InvariantCulture);
        var startLink = $"/{Routes.StartPage}?year={yearText}";
        return (new WorkingGroupPageContext(viewer, evaluationYear, yearText, LoginLink(pagePath), startLink, UserBar(viewer, startLink)), null);
    }
}
