using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Evaluation.Functions.Http;

/// <summary>
/// HTTP triggers for the leaders' ballot: the ballot API and its page. The deployment exempts these two routes
/// from the App Service sign-in so the personal link opens from Teams on a phone; the token is checked by the handler.
/// </summary>
public sealed class LeaderBallotFunctions(LeaderBallotEndpoints endpoints, LeaderBallotPage page)
{
    [Function(nameof(GetLeaderBallot))]
    public Task<IActionResult> GetLeaderBallot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.LeaderBallot)] HttpRequest request, string year, string leaderEmail) =>
        endpoints.Get(request.HttpContext, year, leaderEmail).AsActionResult();

    [Function(nameof(PutLeaderBallot))]
    public Task<IActionResult> PutLeaderBallot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.LeaderBallot)] HttpRequest request, string year, string leaderEmail) =>
        endpoints.Put(request.HttpContext, year, leaderEmail).AsActionResult();

    [Function(nameof(LeaderBallotPage))]
    public Task<IActionResult> LeaderBallotPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.LeaderBallotPage)] HttpRequest request, string year) =>
        page.Get(request.HttpContext, year).AsActionResult();
}
