using Evaluation.Infrastructure.Leaders;
using Evaluation.Infrastructure.Notifications;
using Evaluation.Workflow.Reminders;

namespace Evaluation.Web;

/// <summary>Links in messages, built from <see cref="Routes"/> so they always match what the hosts serve.</summary>
public sealed class PageLinks(SiteAddress site) : IPageLinks
{
    public string Assessment(int year, string unitId) =>
        site.Link(Routes.Path(Routes.AssessmentPage, ("year", year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)), ("unitId", unitId)));

    public string Appraisal(int year) => site.Link(Routes.Path(Routes.AppraisalPage, ("year", Year(year))));

    public string Dashboard(int year) => site.Link(Routes.Path(Routes.DashboardPage, ("year", Year(year))));

    public string LeaderBallot(int year, string token) => site.Link(LeaderLinks.BallotPath(year, token));

    private static string Year(int year) => year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
