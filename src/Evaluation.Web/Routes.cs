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

    // Results and ranking, API.md
    public const string RankingPreview = "api/ranking/preview";
    public const string Results = "api/years/{year}/results";

    // Pages (Vietnamese UI)
    public const string StartPage = "app";
}
