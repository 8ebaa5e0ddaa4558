using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Evaluation.Functions.Http;

/// <summary>
/// HTTP triggers for the survey. The respondent's ballot route is exempt from the App Service sign-in so the
/// personal link opens on a phone; its token is checked by the handler, and everything else needs the working group.
/// </summary>
public sealed class SurveyFunctions(SurveyEndpoints endpoints)
{
    [Function(nameof(GetQuestionnaire))]
    public Task<IActionResult> GetQuestionnaire(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Questionnaire)] HttpRequest request, string year, string indexSet) =>
        endpoints.GetQuestionnaire(request.HttpContext, year, indexSet).AsActionResult();

    [Function(nameof(PutQuestionnaire))]
    public Task<IActionResult> PutQuestionnaire(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Questionnaire)] HttpRequest request, string year, string indexSet) =>
        endpoints.PutQuestionnaire(request.HttpContext, year, indexSet).AsActionResult();

    [Function(nameof(GetSurveyOverview))]
    public Task<IActionResult> GetSurveyOverview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SurveyOverview)] HttpRequest request, string year) =>
        endpoints.GetOverview(request.HttpContext, year).AsActionResult();

    [Function(nameof(GetSurveyRespondents))]
    public Task<IActionResult> GetSurveyRespondents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SurveyRespondents)] HttpRequest request, string year) =>
        endpoints.GetRespondents(request.HttpContext, year).AsActionResult();

    [Function(nameof(PostSurveyRespondents))]
    public Task<IActionResult> PostSurveyRespondents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.SurveyRespondents)] HttpRequest request, string year) =>
        endpoints.PostRespondents(request.HttpContext, year).AsActionResult();

    [Function(nameof(CreateSurveyLink))]
    public Task<IActionResult> CreateSurveyLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.SurveyLink)] HttpRequest request, string year, string code) =>
        endpoints.CreateLink(request.HttpContext, year, code).AsActionResult();

    [Function(nameof(SendSurveyInvitations))]
    public Task<IActionResult> SendSurveyInvitations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.SurveyInvitations)] HttpRequest request, string year) =>
        endpoints.SendInvitations(request.HttpContext, year).AsActionResult();

    [Function(nameof(GetSurveyBallot))]
    public Task<IActionResult> GetSurveyBallot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.SurveyBallot)] HttpRequest request, string year, string code) =>
        endpoints.GetBallot(request.HttpContext, year, code).AsActionResult();

    [Function(nameof(PutSurveyBallot))]
    public Task<IActionResult> PutSurveyBallot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.SurveyBallot)] HttpRequest request, string year, string code) =>
        endpoints.PutBallot(request.HttpContext, year, code).AsActionResult();

    [Function(nameof(PutSurveyVerification))]
    public Task<IActionResult> PutSurveyVerification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.SurveyVerification)] HttpRequest request, string year, string code) =>
        endpoints.PutVerification(request.HttpContext, year, code).AsActionResult();

    [Function(nameof(GetUnitSurvey))]
    public Task<IActionResult> GetUnitSurvey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.UnitSurvey)] HttpRequest request, string year, string unitId) =>
        endpoints.GetUnitSurvey(request.HttpContext, year, unitId).AsActionResult();

    [Function(nameof(PutUnitSurvey))]
    public Task<IActionResult> PutUnitSurvey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.UnitSurvey)] HttpRequest request, string year, string unitId) =>
        endpoints.PutUnitSurvey(request.HttpContext, year, unitId).AsActionResult();
}
