namespace Evaluation.Web;

/// <summary>
/// Every HTTP route of the system, without the leading slash. Both hosts bind these exact templates: the Functions
/// triggers (host.json routePrefix "") and the local host's endpoints. The contract test compares the two.
/// </summary>
public static class Routes
{
    // Setup (working group), API.md
    public const string Year = "api/years/{year}";
    public const string Catalogue = "api/years/{year}/catalogues/{indexSet}";
    public const string Catalogues = "api/years/{year}/catalogues";
    public const string Unit = "api/years/{year}/units/{unitId}";
    public const string Units = "api/years/{year}/units";
    public const string StartYear = "api/years/{year}/start";
    public const string Person = "api/people/{email}";
    public const string People = "api/people";
    public const string Years = "api/years";
    public const string Me = "api/me";

    // Self-assessment (unit staff and head), API.md
    public const string Assessment = "api/years/{year}/units/{unitId}/assessment";
    public const string AssessmentCriterion = "api/years/{year}/units/{unitId}/assessment/criteria/{code}";
    public const string CriterionEvidence = "api/years/{year}/units/{unitId}/assessment/criteria/{code}/evidence";
    public const string CriterionHistory = "api/years/{year}/units/{unitId}/assessment/criteria/{code}/history";
    public const string SubmitAssessment = "api/years/{year}/units/{unitId}/assessment/submit";
    public const string Evidence = "api/years/{year}/units/{unitId}/evidence/{evidenceId}";

    // Appraisal council (appraisers, working group), API.md
    public const string Council = "api/years/{year}/council";
    public const string AppraisalQueue = "api/years/{year}/appraisal/queue";
    public const string AppraisalDecision = "api/years/{year}/units/{unitId}/appraisal/{round}/criteria/{code}";
    public const string ReleaseAppraisal = "api/years/{year}/appraisal/release";
    public const string Penalties = "api/years/{year}/units/{unitId}/penalties";

    // Results and ranking, API.md
    public const string RankingPreview = "api/ranking/preview";
    public const string Results = "api/years/{year}/results";
    public const string ResultsWorkbook = "api/years/{year}/results/workbook";
    public const string Publish = "api/years/{year}/publish";
    public const string RankAgain = "api/years/{year}/results/recompute";
    public const string UnitResult = "api/years/{year}/units/{unitId}/result";

    // The yearly cycle (working group): dashboard, opening and closing leader scoring early
    public const string Dashboard = "api/years/{year}/dashboard";
    public const string OpenLeaderScoring = "api/years/{year}/leader-scoring/open";
    public const string CloseLeaderScoring = "api/years/{year}/leader-scoring/close";

    // Leaders' ballot, API.md; the personal link's token may stand in for the sign-in
    public const string LeaderBallot = "api/years/{year}/leader-ballots/{leaderEmail}";

    // Survey: questionnaire per index set, respondents, ballots (spreadsheet, one-time link, typed in),
    // re-verification, each unit's section V with its inputs
    public const string Questionnaire = "api/years/{year}/catalogues/{indexSet}/questionnaire";
    public const string SurveyOverview = "api/years/{year}/survey";
    public const string SurveyRespondents = "api/years/{year}/survey/respondents";
    public const string SurveyLink = "api/years/{year}/survey/respondents/{code}/link";
    public const string SurveyInvitations = "api/years/{year}/survey/invitations";
    public const string SurveyTemplate = "api/years/{year}/survey/template/{indexSet}";
    public const string SurveyImport = "api/years/{year}/survey/imports/{indexSet}";
    public const string SurveyBallot = "api/years/{year}/survey/ballots/{code}";
    public const string SurveyVerification = "api/years/{year}/survey/ballots/{code}/verification";
    public const string UnitSurvey = "api/years/{year}/units/{unitId}/survey";

    // Other indices: each unit's value of an index the province already runs, imported by the working group
    public const string OtherIndices = "api/years/{year}/other-indices";
    public const string OtherIndex = "api/years/{year}/other-indices/{indexCode}";

    // Pages (Vietnamese UI)
    public const string StartPage = "app";
    public const string AssessmentPage = "app/years/{year}/units/{unitId}/assessment";
    public const string AppraisalPage = "app/years/{year}/appraisal";
    public const string DashboardPage = "app/years/{year}/dashboard";
    public const string LeaderBallotPage = "app/years/{year}/leader-ballot";
    public const string LeaderBallotTab = "app/leader-ballot-tab";
    public const string ResultsPage = "app/years/{year}/results";
    public const string PrintableResultsPage = "app/years/{year}/results/print";
    public const string UnitResultPage = "app/years/{year}/units/{unitId}/result";
    public const string SurveyPage = "app/years/{year}/survey";
    public const string SurveyBallotPage = "app/years/{year}/survey-ballot";
    public const string OtherIndicesPage = "app/years/{year}/other-indices";

    /// <summary>A route template with its values filled in, as a path from the site root.</summary>
    public static string Path(string template, params (string Name, string Value)[] values)
    {
        var path = "/" + template;
        foreach (var (name, value) in values)
        {
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        return path;
    }
}
