using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Evaluation.Functions.Http;

/// <summary>HTTP triggers for the working group's dashboard: its JSON and its page.</summary>
public sealed class DashboardFunctions(DashboardEndpoints endpoints, DashboardPage page)
{
    [Function(nameof(GetDashboard))]
    public Task<IActionResult> GetDashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Dashboard)] HttpRequest request, string year) =>
        endpoints.GetDashboard(request.HttpContext, year).AsActionResult();

    [Function(nameof(DashboardPage))]
    public Task<IActionResult> DashboardPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.DashboardPage)] HttpRequest request, string year) =>
        page.Get(request.HttpContext, year).AsActionResult();
}
