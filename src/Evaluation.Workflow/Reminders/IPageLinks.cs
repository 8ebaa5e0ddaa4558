namespace Evaluation.Workflow.Reminders;

/// <summary>Absolute links to the pages a message points at; the web layer owns the routes and implements this.</summary>
public interface IPageLinks
{
    string Assessment(int year, string unitId);

    string Appraisal(int year);

    string Dashboard(int year);

    string LeaderBallot(int year, string token);
}
