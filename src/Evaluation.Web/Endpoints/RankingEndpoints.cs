using Evaluation.Domain.Ranking;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Http;

namespace Evaluation.Web.Endpoints;

/// <summary>API.md "Results and ranking": the pure preview and the year's stored results.</summary>
public sealed class RankingEndpoints(EndpointRunner runner, Access access, ResultStore results)
{
    /// <summary>
    /// <c>POST /api/ranking/preview</c>: ranks the scorecards it is given with the domain engine;
    /// stores nothing, anyone may call it. A section outside 0..maximum is a 422 naming the field.
    /// </summary>
    public Task<IResult> Preview(HttpContext http) => runner.RunAsync(http, async () =>
    {
        using var body = await RequestReader.ReadJsonAsync(http.Request, RequestReader.RankingBody);
        var (request, errors) = RankingRequestReader.Read(body.RootElement);
        if (request is null)
        {
            throw ProblemException.Invalid(errors.ToDictionary());
        }

        var result = RankingEngine.Rank(request.Units, request.Settings);
        return ApiResults.Json(RankingDocument.From(result));
    });

    /// <summary>
    /// <c>GET /api/years/{year}/results</c>: the ranking activity's latest result — to the working group as soon
    /// as it exists (published: false), to everyone once published.
    /// </summary>
    public Task<IResult> GetResults(HttpContext http, string year) => runner.RunAsync(http, async () =>
    {
        var number = PathValues.Year(year);
        var document = await results.GetAsync(number, http.RequestAborted);
        if (document is null)
        {
            throw ProblemException.NotFound($"Chưa có kết quả xếp loại năm {number}.");
        }

        if (document.Published != true)
        {
            var viewer = await access.IdentifyAsync(http);
            if (viewer is not { IsWorkingGroup: true })
            {
                // Unpublished results do not exist for anyone but the working group.
                throw ProblemException.NotFound($"Kết quả xếp loại năm {number} chưa được công bố.");
            }
        }

        return ApiResults.Json(document with { Published = document.Published ?? false });
    });
}
