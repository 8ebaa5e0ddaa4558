using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Evaluation.Functions.Http;

/// <summary>HTTP triggers for API.md "Results and ranking" and the Vietnamese pages.</summary>
public sealed class RankingFunctions(RankingEndpoints endpoints, StartPage startPage)
{
    [Function(nameof(RankingPreview))]
    public Task<IActionResult> RankingPreview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RankingPreview)] HttpRequest request) =>
        endpoints.Preview(request.HttpContext).AsActionResult();

    [Function(nameof(GetResults))]
    public Task<IActionResult> GetResults([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Results)] HttpRequest request, string year) =>
        endpoints.GetResults(request.HttpContext, year).AsActionResult();

    [Function(nameof(StartPage))]
    public Task<IActionResult> StartPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.StartPage)] HttpRequest request) =>
        startPage.Get(request.HttpContext).AsActionResult();
}
