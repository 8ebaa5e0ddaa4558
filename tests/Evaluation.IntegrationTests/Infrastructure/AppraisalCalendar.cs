using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Evaluation.IntegrationTests.Infrastructure;

/// <summary>
/// Moves a started year through the appraisal stages the way the working group moves dates: the deadlines
/// before the wanted stage are put a few minutes in the past, the rest days ahead, and the test waits until the
/// units' orchestrations have recorded the new phase. The year is the current one (minus two days, so that "a few
/// minutes ago" is always inside it), because only such a year accepts deadlines around now.
/// </summary>
public static class AppraisalCalendar
{
    public const string SelfAssessment = "selfAssessment";
    public const string Round1 = "appraisalRound1";
    public const string Explanation = "explanation";
    public const string Round2 = "appraisalRound2";
    public const string Closed = "leaderScoring";

    private static readonly string[] Stages = [SelfAssessment, Round1, Explanation, Round2, Closed, "ranking"];

    private static readonly string[] Fields = ["selfAssessmentDue", "appraisalRound1Due", "explanationDue", "appraisalRound2Due", "leaderScoringDue", "publicationDue"];

    public static int Year => DateTimeOffset.UtcNow.AddDays(-2).Year;

    /// <summary>A calendar in which now falls in <paramref name="stage"/>.</summary>
    public static JsonObject For(string stage)
    {
        var index = Array.IndexOf(Stages, stage);
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown stage.");
        }

        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7));
        var calendar = new JsonObject();
        for (var i = 0; i < Fields.Length; i++)
        {
            var due = i < index ? now.AddMinutes(i - index - 1) : now.AddDays(i - index + 1);
            calendar[Fields[i]] = due.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        }

        return calendar;
    }

    /// <summary>Moves the year's dates so now is in <paramref name="stage"/> and waits for each unit to record it.</summary>
    public static async Task MoveToAsync(LocalHostFixture host, int year, string stage, params string[] unitIds)
    {
        using var admin = host.Client();
        using (var response = await admin.PutAsync($"/api/years/{year}", LocalHostFixture.Json(new JsonObject { ["calendar"] = For(stage) }.ToJsonString())))
        {
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
            {
                throw new InvalidOperationException($"Moving {year} to {stage}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        foreach (var unitId in unitIds)
        {
            await Eventually.ReturnsAsync(
                async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/years/{year}/units?progress=false")).GetProperty("units").EnumerateArray()
                    .First(unit => unit.GetProperty("unitId").GetString() == unitId).GetProperty("phase").GetString(),
                phase => phase == stage,
                TimeSpan.FromSeconds(60),
                $"unit {unitId} of {year} to enter {stage}");
        }
    }

    /// <summary>Adds an appraiser of <paramref name="agencyId"/> to the people directory and returns the e-mail.</summary>
    public static async Task<string> AddAppraiserAsync(LocalHostFixture host, string agencyId, string name = "Nguyễn Văn Thẩm")
    {
        var email = $"thamdinh.{agencyId.ToLowerInvariant()}@thu.phutho.vn";
        using var admin = host.Client();
        using var response = await admin.PutAsync($"/api/people/{Uri.EscapeDataString(email)}", LocalHostFixture.Json(
            new JsonObject { ["name"] = name, ["role"] = "appraiser", ["agencyId"] = agencyId }.ToJsonString()));
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            throw new InvalidOperationException($"Adding appraiser {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return email;
    }
}
