using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Evaluation.Functions.Http;

/// <summary>HTTP triggers for API.md "Setup": each binds a route of <see cref="Routes"/> to its shared handler.</summary>
public sealed class SetupFunctions(SetupEndpoints endpoints)
{
    [Function(nameof(ListYears))]
    public Task<IActionResult> ListYears([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Years)] HttpRequest request) =>
        endpoints.ListYears(request.HttpContext).AsActionResult();

    [Function(nameof(PutYear))]
    public Task<IActionResult> PutYear(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Year)] HttpRequest request, string year, [DurableClient] DurableTaskClient durable) =>
        endpoints.PutYear(request.HttpContext, year, durable).AsActionResult();

    [Function(nameof(GetYear))]
    public Task<IActionResult> GetYear([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Year)] HttpRequest request, string year) =>
        endpoints.GetYear(request.HttpContext, year).AsActionResult();

    [Function(nameof(ListCatalogues))]
    public Task<IActionResult> ListCatalogues([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Catalogues)] HttpRequest request, string year) =>
        endpoints.ListCatalogues(request.HttpContext, year).AsActionResult();

    [Function(nameof(PutCatalogue))]
    public Task<IActionResult> PutCatalogue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Catalogue)] HttpRequest request, string year, string indexSet) =>
        endpoints.PutCatalogue(request.HttpContext, year, indexSet).AsActionResult();

    [Function(nameof(GetCatalogue))]
    public Task<IActionResult> GetCatalogue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Catalogue)] HttpRequest request, string year, string indexSet) =>
        endpoints.GetCatalogue(request.HttpContext, year, indexSet).AsActionResult();

    [Function(nameof(PutUnit))]
    public Task<IActionResult> PutUnit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Unit)] HttpRequest request, string year, string unitId, [DurableClient] DurableTaskClient durable) =>
        endpoints.PutUnit(request.HttpContext, year, unitId, durable).AsActionResult();

    [Function(nameof(GetUnits))]
    public Task<IActionResult> GetUnits([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Units)] HttpRequest request, string year) =>
        endpoints.GetUnits(request.HttpContext, year).AsActionResult();

    [Function(nameof(StartYear))]
    public Task<IActionResult> StartYear(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.StartYear)] HttpRequest request, string year, [DurableClient] DurableTaskClient durable) =>
        endpoints.StartYear(request.HttpContext, year, durable).AsActionResult();

    [Function(nameof(PutPerson))]
    public Task<IActionResult> PutPerson([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Person)] HttpRequest request, string email) =>
        endpoints.PutPerson(request.HttpContext, email).AsActionResult();

    [Function(nameof(GetPerson))]
    public Task<IActionResult> GetPerson([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Person)] HttpRequest request, string email) =>
        endpoints.GetPerson(request.HttpContext, email).AsActionResult();

    [Function(nameof(ListPeople))]
    public Task<IActionResult> ListPeople([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.People)] HttpRequest request) =>
        endpoints.ListPeople(request.HttpContext).AsActionResult();

    [Function(nameof(Me))]
    public Task<IActionResult> Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Me)] HttpRequest request) =>
        endpoints.Me(request.HttpContext).AsActionResult();
}
