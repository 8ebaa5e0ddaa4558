using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Evaluation.Functions.Http;

/// <summary>HTTP triggers for the scores of other indices imported per unit, working group only.</summary>
public sealed class OtherIndexFunctions(OtherIndexEndpoints endpoints)
{
    [Function(nameof(ListOtherIndices))]
    public Task<IActionResult> ListOtherIndices(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OtherIndices)] HttpRequest request, string year) =>
        endpoints.List(request.HttpContext, year).AsActionResult();

    [Function(nameof(ImportOtherIndex))]
    public Task<IActionResult> ImportOtherIndex(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.OtherIndex)] HttpRequest request, string year, string indexCode) =>
        endpoints.Import(request.HttpContext, year, indexCode).AsActionResult();
}
