using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Evaluation.Functions.Http;

/// <summary>HTTP triggers for the survey spreadsheet: the template of an index set and the import of the filled-in file.</summary>
public sealed class SurveyImportFunctions(SurveyImportEndpoints endpoints)
{
    [Function(nameof(GetSurveyTemplate))]
    public Task<IActionResult> GetSurveyTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SurveyTemplate)] HttpRequest request, string year, string indexSet) =>
        endpoints.Template(request.HttpContext, year, indexSet).AsActionResult();

    [Function(nameof(ImportSurveyBallots))]
    public Task<IActionResult> ImportSurveyBallots(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.SurveyImport)] HttpRequest request, string year, string indexSet) =>
        endpoints.Import(request.HttpContext, year, indexSet).AsActionResult();
}
