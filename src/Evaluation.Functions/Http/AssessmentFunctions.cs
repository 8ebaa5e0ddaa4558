using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Evaluation.Functions.Http;

/// <summary>HTTP triggers for API.md "Self-assessment" and the unit's form page.</summary>
public sealed class AssessmentFunctions(AssessmentEndpoints endpoints, AssessmentPage page)
{
    [Function(nameof(GetAssessment))]
    public Task<IActionResult> GetAssessment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Assessment)] HttpRequest request, string year, string unitId) =>
        endpoints.GetAssessment(request.HttpContext, year, unitId).AsActionResult();

    [Function(nameof(PutCriterion))]
    public Task<IActionResult> PutCriterion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.AssessmentCriterion)] HttpRequest request, string year, string unitId, string code) =>
        endpoints.PutCriterion(request.HttpContext, year, unitId, code).AsActionResult();

    [Function(nameof(UploadEvidence))]
    public Task<IActionResult> UploadEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CriterionEvidence)] HttpRequest request, string year, string unitId, string code) =>
        endpoints.UploadEvidence(request.HttpContext, year, unitId, code).AsActionResult();

    [Function(nameof(GetCriterionHistory))]
    public Task<IActionResult> GetCriterionHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CriterionHistory)] HttpRequest request, string year, string unitId, string code) =>
        endpoints.GetCriterionHistory(request.HttpContext, year, unitId, code).AsActionResult();

    [Function(nameof(SubmitAssessment))]
    public Task<IActionResult> SubmitAssessment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.SubmitAssessment)] HttpRequest request, string year, string unitId,
        [DurableClient] DurableTaskClient durable) =>
        endpoints.Submit(request.HttpContext, year, unitId, durable).AsActionResult();

    [Function(nameof(DownloadEvidence))]
    public Task<IActionResult> DownloadEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Evidence)] HttpRequest request, string year, string unitId, string evidenceId) =>
        endpoints.DownloadEvidence(request.HttpContext, year, unitId, evidenceId).AsActionResult();

    [Function(nameof(RemoveEvidence))]
    public Task<IActionResult> RemoveEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Routes.Evidence)] HttpRequest request, string year, string unitId, string evidenceId) =>
        endpoints.RemoveEvidence(request.HttpContext, year, unitId, evidenceId).AsActionResult();

    [Function(nameof(AssessmentPage))]
    public Task<IActionResult> AssessmentPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AssessmentPage)] HttpRequest request, string year, string unitId) =>
        page.Get(request.HttpContext, year, unitId).AsActionResult();
}
