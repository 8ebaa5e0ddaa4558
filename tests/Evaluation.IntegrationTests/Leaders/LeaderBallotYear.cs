using System.Net;
using System.Text.Json.Nodes;
using Evaluation.Infrastructure.Leaders;
using Evaluation.Infrastructure.Seed;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.Leaders;

/// <summary>
/// A year set up for the leaders' ballot through the public API as the working group would: the current year (so its
/// dates can sit around now), a calendar from <see cref="AppraisalCalendar"/>, units and leaders in the directory. The
/// year need not be started: the ballot follows the calendar, not the orchestration.
/// </summary>
public static class LeaderBallotYear
{
    public static int Year => AppraisalCalendar.Year;

    /// <summary>Sets the year's dates so that now falls in <paramref name="stage"/> (leader scoring: <see cref="AppraisalCalendar.Closed"/>).</summary>
    public static Task SetStageAsync(LocalHostFixture host, string stage) =>
        PutAsync(host, $"/api/years/{Year}", new JsonObject { ["calendar"] = AppraisalCalendar.For(stage) });

    public static Task AddUnitAsync(LocalHostFixture host, string unitId, string name, string type = "01") =>
        PutAsync(host, $"/api/years/{Year}/units/{unitId}", new JsonObject { ["name"] = name, ["type"] = type });

    /// <summary>Loads the sample index set (2025 file, this year) so units of that type have appraised sections to show.</summary>
    public static Task LoadCatalogueAsync(LocalHostFixture host, string indexSet = "01")
    {
        var catalogue = JsonNode.Parse(SeedData.ReadBytes($"catalogues/2025/{indexSet}.json"))!.AsObject();
        catalogue["year"] = Year;
        // 409: the index set is already loaded and in use (an earlier test of the class loaded it).
        return PutAsync(host, $"/api/years/{Year}/catalogues/{indexSet}", catalogue, HttpStatusCode.Conflict);
    }

    public static async Task<string> AddLeaderAsync(LocalHostFixture host, string email, string name)
    {
        await PutAsync(host, $"/api/people/{Uri.EscapeDataString(email)}", new JsonObject { ["name"] = name, ["role"] = "leader" });
        return email;
    }

    /// <summary>The leader's personal link token, as the notification workflow makes it.</summary>
    public static Task<string> TokenAsync(LocalHostFixture host, string email, DateTimeOffset? expires = null, int? year = null) =>
        host.Services.GetRequiredService<LeaderLinks>().CreateTokenAsync(year ?? Year, email, expires ?? DateTimeOffset.UtcNow.AddDays(2));

    public static string BallotPath(string email, int? year = null) => $"/api/years/{year ?? Year}/leader-ballots/{Uri.EscapeDataString(email)}";

    /// <summary>An anonymous client (no sign-in), as a phone opening the link from Teams is.</summary>
    public static HttpClient LinkClient(LocalHostFixture host, string token)
    {
        var client = host.Client(email: null);
        client.DefaultRequestHeaders.Add("X-Ballot-Token", token);
        return client;
    }

    private static async Task PutAsync(LocalHostFixture host, string path, JsonObject body, HttpStatusCode? alsoFine = null)
    {
        using var admin = host.Client();
        using var response = await admin.PutAsync(path, LocalHostFixture.Json(body.ToJsonString()));
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created) && response.StatusCode != alsoFine)
        {
            throw new InvalidOperationException($"Setup: PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
