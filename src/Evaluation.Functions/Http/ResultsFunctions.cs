using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Evaluation.Functions.Http;

/// <summary>HTTP triggers for the published results: the workbook, a unit's result and their pages.</summary>
public sealed class ResultsFunctions(ResultsEndpoints endpoints, ResultsPages pages)
{
    [Function(nameof(ResultsWorkbook))]
    public Task<IActionResult> ResultsWorkbook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ResultsWorkbook)] HttpRequest request, string year) =>
        endpoints.Workbook(request.HttpContext, year).AsActionResult();

    [Function(nameof(UnitResult))]
    public Task<IActionResult> UnitResult(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.UnitResult)] HttpRequest request, string year, string unitId) =>
        endpoints.UnitResult(request.HttpContext, year, unitId).AsActionResult();

    [Function(nameof(ResultsPage))]
    public Task<IActionResult> ResultsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ResultsPage)] HttpRequest request, string year) =>
        pages.Ranking(request.HttpContext, year).AsActionResult();

    [Function(nameof(PrintableResultsPage))]
    public Task<IActionResult> PrintableResultsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.PrintableResultsPage)] HttpRequest request, string year) =>
        pages.Printable(request.HttpContext, year).AsActionResult();

    [Function(nameof(UnitResultPage))]
    public Task<IActionResult> UnitResultPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.UnitResultPage)] HttpRequest request, string year, string unitId) =>
        pages.Unit(request.HttpContext, year, unitId).AsActionResult();
}
