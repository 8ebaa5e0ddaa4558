using Evaluation.Infrastructure.Leaders;
using Evaluation.Infrastructure.Notifications;
using Evaluation.Web.Pages;
using Evaluation.Workflow.Reminders;
using Microsoft.Extensions.Options;

namespace Evaluation.Web;

/// <summary>Links in messages, built from <see cref="Routes"/> so they always match what the hosts serve.</summary>
public sealed class PageLinks(SiteAddress site, IOptions<GraphOptions> graph) : IPageLinks
{
    public string Assessment(int year, string unitId) =>
        site.Link(Routes.Path(Routes.AssessmentPage, ("year", year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)), ("unitId", unitId)));

    public string Appraisal(int year) => site.Link(Routes.Path(Routes.AppraisalPage, ("year", Year(year))));

    public string Dashboard(int year) => site.Link(Routes.Path(Routes.DashboardPage, ("year", Year(year))));

    public string LeaderBallot(int year, string token) => site.Link(LeaderLinks.BallotPath(year, token));

    public string LeaderBallotInTeams(int year, string token) =>
        string.IsNullOrWhiteSpace(graph.Value.TeamsAppId)
            ? LeaderBallot(year, token)
            : LeaderBallotTabPage.DeepLink(graph.Value.TeamsAppId.Trim(), token, LeaderBallot(year, token));

    private static string Year(int year) => year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
