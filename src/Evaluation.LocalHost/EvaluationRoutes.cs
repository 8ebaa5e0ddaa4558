using Evaluation.Web;
using Evaluation.Web.Endpoints;
using Evaluation.Web.Pages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace Evaluation.LocalHost;

/// <summary>Binds every route of <see cref="Routes"/> to the shared handlers — the local twin of the Functions triggers.</summary>
public static class EvaluationRoutes
{
    public static void MapEvaluationRoutes(this IEndpointRouteBuilder app)
    {
        // Setup (working group)
        app.MapGet(P(Routes.Years), (HttpContext http, [FromServices] SetupEndpoints e) => e.ListYears(http));
        app.MapPut(P(Routes.Year), (HttpContext http, string year, [FromServices] SetupEndpoints e, [FromServices] DurableTaskClient durable) => e.PutYear(http, year, durable));
        app.MapGet(P(Routes.Year), (HttpContext http, string year, [FromServices] SetupEndpoints e) => e.GetYear(http, year));
        app.MapGet(P(Routes.Catalogues), (HttpContext http, string year, [FromServices] SetupEndpoints e) => e.ListCatalogues(http, year));
        app.MapPut(P(Routes.Catalogue), (HttpContext http, string year, string indexSet, [FromServices] SetupEndpoints e) => e.PutCatalogue(http, year, indexSet));
        app.MapGet(P(Routes.Catalogue), (HttpContext http, string year, string indexSet, [FromServices] SetupEndpoints e) => e.GetCatalogue(http, year, indexSet));
        app.MapPut(P(Routes.Unit), (HttpContext http, string year, string unitId, [FromServices] SetupEndpoints e, [FromServices] DurableTaskClient durable) => e.PutUnit(http, year, unitId, durable));
        app.MapGet(P(Routes.Units), (HttpContext http, string year, [FromServices] SetupEndpoints e) => e.GetUnits(http, year));
        app.MapPost(P(Routes.StartYear), (HttpContext http, string year, [FromServices] SetupEndpoints e, [FromServices] DurableTaskClient durable) => e.StartYear(http, year, durable));
        app.MapPut(P(Routes.Person), (HttpContext http, string email, [FromServices] SetupEndpoints e) => e.PutPerson(http, email));
        app.MapGet(P(Routes.Person), (HttpContext http, string email, [FromServices] SetupEndpoints e) => e.GetPerson(http, email));
        app.MapGet(P(Routes.People), (HttpContext http, [FromServices] SetupEndpoints e) => e.ListPeople(http));
        app.MapGet(P(Routes.Me), (HttpContext http, [FromServices] SetupEndpoints e) => e.Me(http));

        // Self-assessment
        app.MapGet(P(Routes.Assessment), (HttpContext http, string year, string unitId, [FromServices] AssessmentEndpoints e) => e.GetAssessment(http, year, unitId));
        app.MapPut(P(Routes.AssessmentCriterion), (HttpContext http, string year, string unitId, string code, [FromServices] AssessmentEndpoints e) => e.PutCriterion(http, year, unitId, code));
        app.MapPost(P(Routes.CriterionEvidence), (HttpContext http, string year, string unitId, string code, [FromServices] AssessmentEndpoints e) => e.UploadEvidence(http, year, unitId, code));
        app.MapGet(P(Routes.CriterionHistory), (HttpContext http, string year, string unitId, string code, [FromServices] AssessmentEndpoints e) => e.GetCriterionHistory(http, year, unitId, code));
        app.MapPost(P(Routes.SubmitAssessment), (HttpContext http, string year, string unitId, [FromServices] AssessmentEndpoints e, [FromServices] DurableTaskClient durable) => e.Submit(http, year, unitId, durable));
        app.MapGet(P(Routes.Evidence), (HttpContext http, string year, string unitId, string evidenceId, [FromServices] AssessmentEndpoints e) => e.DownloadEvidence(http, year, unitId, evidenceId));
        app.MapDelete(P(Routes.Evidence), (HttpContext http, string year, string unitId, string evidenceId, [FromServices] AssessmentEndpoints e) => e.RemoveEvidence(http, year, unitId, evidenceId));

        // Appraisal council
        app.MapGet(P(Routes.Council), (HttpContext http, string year, [FromServices] AppraisalEndpoints e) => e.GetCouncil(http, year));
        app.MapPut(P(Routes.Council), (HttpContext http, string year, [FromServices] AppraisalEndpoints e) => e.PutCouncil(http, year));
        app.MapGet(P(Routes.AppraisalQueue), (HttpContext http, string year, [FromServices] AppraisalEndpoints e) => e.GetQueue(http, year));
        app.MapPut(P(Routes.AppraisalDecision), (HttpContext http, string year, string unitId, string round, string code, [FromServices] AppraisalEndpoints e, [FromServices] DurableTaskClient durable) => e.PutDecision(http, year, unitId, round, code, durable));
        app.MapPost(P(Routes.ReleaseAppraisal), (HttpContext http, string year, [FromServices] AppraisalEndpoints e) => e.ReleaseFinal(http, year));
        app.MapGet(P(Routes.Penalties), (HttpContext http, string year, string unitId, [FromServices] AppraisalEndpoints e) => e.GetPenalties(http, year, unitId));
        app.MapPut(P(Routes.Penalties), (HttpContext http, string year, string unitId, [FromServices] AppraisalEndpoints e) => e.PutPenalties(http, year, unitId));

        // Results and ranking
        app.MapPost(P(Routes.RankingPreview), (HttpContext http, [FromServices] RankingEndpoints e) => e.Preview(http));
        app.MapGet(P(Routes.Results), (HttpContext http, string year, [FromServices] RankingEndpoints e) => e.GetResults(http, year));

        // Publication and results
        app.MapGet(P(Routes.ResultsWorkbook), (HttpContext http, string year, [FromServices] ResultsEndpoints e) => e.Workbook(http, year));
        app.MapGet(P(Routes.UnitResult), (HttpContext http, string year, string unitId, [FromServices] ResultsEndpoints e) => e.UnitResult(http, year, unitId));
        app.MapGet(P(Routes.ResultsPage), (HttpContext http, string year, [FromServices] ResultsPages page) => page.Ranking(http, year));
        app.MapGet(P(Routes.PrintableResultsPage), (HttpContext http, string year, [FromServices] ResultsPages page) => page.Printable(http, year));
        app.MapGet(P(Routes.UnitResultPage), (HttpContext http, string year, string unitId, [FromServices] ResultsPages page) => page.Unit(http, year, unitId));
        app.MapPost(P(Routes.Publish), (HttpContext http, string year, [FromServices] CycleEndpoints e, [FromServices] DurableTaskClient durable) => e.Publish(http, year, durable));
        app.MapPost(P(Routes.RankAgain), (HttpContext http, string year, [FromServices] CycleEndpoints e, [FromServices] DurableTaskClient durable) => e.RankAgain(http, year, durable));

        // The yearly cycle: dashboard, leader scoring open/close (working group)
        app.MapGet(P(Routes.Dashboard), (HttpContext http, string year, [FromServices] DashboardEndpoints e) => e.GetDashboard(http, year));
        app.MapGet(P(Routes.DashboardPage), (HttpContext http, string year, [FromServices] DashboardPage page) => page.Get(http, year));
        app.MapPost(P(Routes.OpenLeaderScoring), (HttpContext http, string year, [FromServices] CycleEndpoints e, [FromServices] DurableTaskClient durable) => e.OpenLeaderScoring(http, year, durable));
        app.MapPost(P(Routes.CloseLeaderScoring), (HttpContext http, string year, [FromServices] CycleEndpoints e, [FromServices] DurableTaskClient durable) => e.CloseLeaderScoring(http, year, durable));

        // Leaders' ballot
        app.MapGet(P(Routes.LeaderBallot), (HttpContext http, string year, string leaderEmail, [FromServices] LeaderBallotEndpoints e) => e.Get(http, year, leaderEmail));
        app.MapPut(P(Routes.LeaderBallot), (HttpContext http, string year, string leaderEmail, [FromServices] LeaderBallotEndpoints e) => e.Put(http, year, leaderEmail));
        app.MapGet(P(Routes.LeaderBallotPage), (HttpContext http, string year, [FromServices] LeaderBallotPage page) => page.Get(http, year));
        app.MapGet(P(Routes.LeaderBallotTab), (HttpContext http, [FromServices] LeaderBallotTabPage page) => page.Get(http));

        // Survey: questionnaire, respondents, links, ballots, re-verification, section V
        app.MapGet(P(Routes.Questionnaire), (HttpContext http, string year, string indexSet, [FromServices] SurveyEndpoints e) => e.GetQuestionnaire(http, year, indexSet));
        app.MapPut(P(Routes.Questionnaire), (HttpContext http, string year, string indexSet, [FromServices] SurveyEndpoints e) => e.PutQuestionnaire(http, year, indexSet));
        app.MapGet(P(Routes.SurveyOverview), (HttpContext http, string year, [FromServices] SurveyEndpoints e) => e.GetOverview(http, year));
        app.MapGet(P(Routes.SurveyRespondents), (HttpContext http, string year, [FromServices] SurveyEndpoints e) => e.GetRespondents(http, year));
        app.MapPost(P(Routes.SurveyRespondents), (HttpContext http, string year, [FromServices] SurveyEndpoints e) => e.PostRespondents(http, year));
        app.MapPost(P(Routes.SurveyLink), (HttpContext http, string year, string code, [FromServices] SurveyEndpoints e) => e.CreateLink(http, year, code));
        app.MapPost(P(Routes.SurveyInvitations), (HttpContext http, string year, [FromServices] SurveyEndpoints e) => e.SendInvitations(http, year));
        app.MapGet(P(Routes.SurveyBallot), (HttpContext http, string year, string code, [FromServices] SurveyEndpoints e) => e.GetBallot(http, year, code));
        app.MapPut(P(Routes.SurveyBallot), (HttpContext http, string year, string code, [FromServices] SurveyEndpoints e) => e.PutBallot(http, year, code));
        app.MapPut(P(Routes.SurveyVerification), (HttpContext http, string year, string code, [FromServices] SurveyEndpoints e) => e.PutVerification(http, year, code));
        app.MapGet(P(Routes.UnitSurvey), (HttpContext http, string year, string unitId, [FromServices] SurveyEndpoints e) => e.GetUnitSurvey(http, year, unitId));
        app.MapPut(P(Routes.UnitSurvey), (HttpContext http, string year, string unitId, [FromServices] SurveyEndpoints e) => e.PutUnitSurvey(http, year, unitId));
        // Survey: spreadsheet template and import
        app.MapGet(P(Routes.SurveyTemplate), (HttpContext http, string year, string indexSet, [FromServices] SurveyImportEndpoints e) => e.Template(http, year, indexSet));
        app.MapPost(P(Routes.SurveyImport), (HttpContext http, string year, string indexSet, [FromServices] SurveyImportEndpoints e) => e.Import(http, year, indexSet));

        // Other indices
        app.MapGet(P(Routes.OtherIndices), (HttpContext http, string year, [FromServices] OtherIndexEndpoints e) => e.List(http, year));
        app.MapPut(P(Routes.OtherIndex), (HttpContext http, string year, string indexCode, [FromServices] OtherIndexEndpoints e) => e.Import(http, year, indexCode));

        // Pages
        app.MapGet(P(Routes.StartPage), (HttpContext http, [FromServices] StartPage page) => page.Get(http));
        app.MapGet(P(Routes.AssessmentPage), (HttpContext http, string year, string unitId, [FromServices] AssessmentPage page) => page.Get(http, year, unitId));
        app.MapGet(P(Routes.AppraisalPage), (HttpContext http, string year, [FromServices] AppraisalPage page) => page.Get(http, year));
        app.MapGet(P(Routes.SurveyPage), (HttpContext http, string year, [FromServices] SurveyPage page) => page.Get(http, year));
        app.MapGet(P(Routes.SurveyBallotPage), (HttpContext http, string year, [FromServices] SurveyBallotPage page) => page.Get(http, year));
        app.MapGet(P(Routes.OtherIndicesPage), (HttpContext http, string year, [FromServices] OtherIndexPage page) => page.Get(http, year));
    }

    private static string P(string route) => "/" + route;
}
