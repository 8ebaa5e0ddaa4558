using Evaluation.Web;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Evaluation.Functions.Http;

/// <summary>
/// The Teams app's personal tab (teams/manifest.json): sends the leader from a Teams notification on to the ballot.
/// Exempt from the App Service sign-in like the ballot page; the ballot page checks the token.
/// </summary>
public sealed class TeamsTabFunctions(LeaderBallotTabPage page)
{
    [Function(nameof(LeaderBallotTab))]
    public Task<IActionResult> LeaderBallotTab([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.LeaderBallotTab)] HttpRequest request) =>
        page.Get(request.HttpContext).AsActionResult();
}
