using Evaluation.Infrastructure.Exports;
using Evaluation.Web.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evaluation.Web.Endpoints;

/// <summary>
/// Publication and results: the results workbook and one unit's result with the council's reasons and
/// why it ranks where it does. Who may see what is <see cref="ResultsReader"/>'s business; figures come from the
/// ranking activity's stored ranking and score sheet.
/// </summary>
public sealed class ResultsEndpoints(EndpointRunner runner, ResultsReader reader, ILogger<ResultsEndpoints> logger)
{
    /// <summary>
    /// <c>GET /api/years/{year}/results/workbook</c>: the results as .xlsx, one sheet per unit type — everyone's once
    /// published, the working group's draft before.
    /// </summary>
    public Task<IResult> Workbook(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        var found = await reader.ReadAsync(http, year);
        var content = ResultsWorkbook.Write(found.Year.Year, found.Ranking, found.TypeNames, found.Published, found.PublishedAt);
        logger.LogInformation("Results workbook of {Year} ({Published}) for {Email}", found.Year.Year, found.Published ? "published" : "draft", found.Viewer?.Email ?? "anonymous");
        return new FileResponse(content, ResultsWorkbook.ContentType, ResultsWorkbook.FileName(found.Year.Year));
    });

    /// <summary><c>GET /api/years/{year}/units/{unitId}/result</c>: the unit's rank, sections, the council's reasons, penalties and "why this rank".</summary>
    public Task<IResult> UnitResult(HttpContext http, string year, string unitId) => runner.RunAsync(http, async () =>
    {
        var found = await reader.ReadAsync(http, year);
        return ApiResults.Json(await reader.UnitResultAsync(found, unitId, http.RequestAborted));
    });

    /// <summary>A file to download, written with the same headers on both hosts.</summary>
    private sealed class FileResponse(byte[] content, string contentType, string fileName) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = content.Length;
            response.Headers.CacheControl = "no-store";
            response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            return response.Body.WriteAsync(content, httpContext.RequestAborted).AsTask();
        }
    }
}
