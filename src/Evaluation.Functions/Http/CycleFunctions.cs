using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Evaluation.Functions.Http;

/// <summary>HTTP triggers for the working group's acts on the yearly cycle: leader scoring open/close, publication.</summary>
public sealed class CycleFunctions(CycleEndpoints endpoints)
{
    [Function(nameof(OpenLeaderScoring))]
    public Task<IActionResult> OpenLeaderScoring(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.OpenLeaderScoring)] HttpRequest request, string year, [DurableClient] DurableTaskClient durable) =>
        endpoints.OpenLeaderScoring(request.HttpContext, year, durable).AsActionResult();

    [Function(nameof(CloseLeaderScoring))]
    public Task<IActionResult> CloseLeaderScoring(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CloseLeaderScoring)] HttpRequest request, string year, [DurableClient] DurableTaskClient durable) =>
        endpoints.CloseLeaderScoring(request.HttpContext, year, durable).AsActionResult();

    [Function(nameof(RankAgain))]
    public Task<IActionResult> RankAgain(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RankAgain)] HttpRequest request, string year, [DurableClient] DurableTaskClient durable) =>
        endpoints.RankAgain(request.HttpContext, year, durable).AsActionResult();

    [Function(nameof(Publish))]
    public Task<IActionResult> Publish(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Publish)] HttpRequest request, string year, [DurableClient] DurableTaskClient durable) =>
        endpoints.Publish(request.HttpContext, year, durable).AsActionResult();
}
