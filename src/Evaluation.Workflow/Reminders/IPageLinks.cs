namespace Evaluation.Workflow.Reminders;

/// <summary>Absolute links to the pages a message points at; the web layer owns the routes and implements this.</summary>
public interface IPageLinks
{
    string Assessment(int year, string unitId);

    string Appraisal(int year);

    string Dashboard(int year);

    string LeaderBallot(int year, string token);

    /// <summary>
    /// Where the leader's Teams notification points: a Teams deep link to the Teams app's ballot tab (Graph accepts
    /// only a Teams address for a text topic), or the ballot page itself when no Teams app id is configured (the local
    /// host's recorder).
    /// </summary>
    string LeaderBallotInTeams(int year, string token);
}
