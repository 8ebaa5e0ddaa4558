using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Evaluation.Functions.Http;

/// <summary>HTTP triggers for the appraisal council: council, queue, decisions, penalties, release (API.md), and the appraiser's work page.</summary>
public sealed class AppraisalFunctions(AppraisalEndpoints endpoints, AppraisalPage page)
{
    [Function(nameof(GetCouncil))]
    public Task<IActionResult> GetCouncil(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Council)] HttpRequest request, string year) =>
        endpoints.GetCouncil(request.HttpContext, year).AsActionResult();

    [Function(nameof(PutCouncil))]
    public Task<IActionResult> PutCouncil(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Council)] HttpRequest request, string year) =>
        endpoints.PutCouncil(request.HttpContext, year).AsActionResult();

    [Function(nameof(GetAppraisalQueue))]
    public Task<IActionResult> GetAppraisalQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AppraisalQueue)] HttpRequest request, string year) =>
        endpoints.GetQueue(request.HttpContext, year).AsActionResult();

    [Function(nameof(PutAppraisalDecision))]
    public Task<IActionResult> PutAppraisalDecision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.AppraisalDecision)] HttpRequest request, string year, string unitId, string round, string code,
        [DurableClient] DurableTaskClient durable) =>
        endpoints.PutDecision(request.HttpContext, year, unitId, round, code, durable).AsActionResult();

    [Function(nameof(ReleaseAppraisal))]
    public Task<IActionResult> ReleaseAppraisal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ReleaseAppraisal)] HttpRequest request, string year) =>
        endpoints.ReleaseFinal(request.HttpContext, year).AsActionResult();

    [Function(nameof(GetPenalties))]
    public Task<IActionResult> GetPenalties(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Penalties)] HttpRequest request, string year, string unitId) =>
        endpoints.GetPenalties(request.HttpContext, year, unitId).AsActionResult();

    [Function(nameof(PutPenalties))]
    public Task<IActionResult> PutPenalties(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Penalties)] HttpRequest request, string year, string unitId) =>
        endpoints.PutPenalties(request.HttpContext, year, unitId).AsActionResult();

    [Function(nameof(AppraisalPage))]
    public Task<IActionResult> AppraisalPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AppraisalPage)] HttpRequest request, string year) =>
        page.Get(request.HttpContext, year).AsActionResult();
}
