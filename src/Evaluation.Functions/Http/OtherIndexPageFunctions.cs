using Evaluation.Web;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Evaluation.Functions.Http;

/// <summary>HTTP trigger for the working group's page for other indices: values, points and the import of each index.</summary>
public sealed class OtherIndexPageFunctions(OtherIndexPage page)
{
    [Function(nameof(OtherIndicesPage))]
    public Task<IActionResult> OtherIndicesPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OtherIndicesPage)] HttpRequest request, string year) =>
        page.Get(request.HttpContext, year).AsActionResult();
}
