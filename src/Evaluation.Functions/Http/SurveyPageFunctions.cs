using Evaluation.Web;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Evaluation.Functions.Http;

/// <summary>
/// HTTP triggers for the survey's two pages: the working group's survey page, and the respondent's questionnaire
/// that the personal link opens on a phone. The questionnaire page must be exempt from the App Service sign-in like the
/// ballot API it calls; its token (in the address, sent by the page as a header) is checked by the handler.
/// </summary>
public sealed class SurveyPageFunctions(SurveyPage surveyPage, SurveyBallotPage ballotPage)
{
    [Function(nameof(SurveyPage))]
    public Task<IActionResult> SurveyPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SurveyPage)] HttpRequest request, string year) =>
        surveyPage.Get(request.HttpContext, year).AsActionResult();

    [Function(nameof(SurveyBallotPage))]
    public Task<IActionResult> SurveyBallotPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SurveyBallotPage)] HttpRequest request, string year) =>
        ballotPage.Get(request.HttpContext, year).AsActionResult();
}
