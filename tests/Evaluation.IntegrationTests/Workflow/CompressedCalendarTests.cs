using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.Infrastructure.Seed;
using Evaluation.IntegrationTests.Infrastructure;

namespace Evaluation.IntegrationTests.Workflow;

/// <summary>
/// The yearly orchestrations on the real Durable Task backend (Azure Storage on Azurite) with a calendar compressed
/// to seconds: each unit's phase advances at its deadline, never before, and follows calendar changes.
/// </summary>
public sealed class CompressedCalendarTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private static readonly string[] PhaseOrder = ["selfAssessment", "appraisalRound1", "explanation", "appraisalRound2", "leaderScoring", "ranking"];

    /// <summary>How late a phase change may be observed: backend polling plus Azurite on a busy 2-core machine.</summary>
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(10);

    [Fact]
    [Trait("Requirement", "R-7.1")]
    [Trait("Requirement", "R-3.4")]
    public async Task Every_unit_moves_through_its_phases_on_time()
    {
        using var admin = host.Client();
        var start = WholeSecond(DateTimeOffset.UtcNow);
        var dues = Enumerable.Range(0, 6).Select(i => start.AddSeconds(8 + (3 * i))).ToArray();
        var unitIds = new[] { "so-y-te", "so-tai-chinh", "ubnd-huyen-tam-nong" };
        var year = DateTime.UtcNow.Year; // a calendar must lie within its year; this fixture has its own storage
        await SetUpYearAsync(admin, year, dues, unitIds);

        using var started = await admin.PostAsync($"/api/years/{year}/start", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

        var seen = unitIds.ToDictionary(id => id, _ => new List<(string Phase, DateTimeOffset Since)>());
        await Eventually.ReturnsAsync(
            async () =>
            {
                foreach (var unit in (await admin.GetFromJsonAsync<JsonElement>($"/api/years/{year}/units")).GetProperty("units").EnumerateArray())
                {
                    var phase = unit.GetProperty("phase").GetString()!;
                    var list = seen[unit.GetProperty("unitId").GetString()!];
                    if (phase != "setup" && (list.Count == 0 || list[^1].Phase != phase))
                    {
                        list.Add((phase, unit.GetProperty("phaseSince").GetDateTimeOffset()));
                    }
                }

                return seen.Values.All(list => list.Count > 0 && list[^1].Phase == "ranking");
            },
            done => done,
            TimeSpan.FromSeconds(90),
            "every unit to reach the ranking phase");

        foreach (var (unitId, phases) in seen)
        {
            Assert.Equal(PhaseOrder, phases.Select(p => p.Phase));
            for (var i = 1; i < PhaseOrder.Length; i++)
            {
                var due = dues[i - 1];
                var since = phases[i].Since;
                Assert.True(since >= due, $"{unitId} entered {phases[i].Phase} at {since:O}, before its deadline {due:O}");
                Assert.True(since - due < Lateness, $"{unitId} entered {phases[i].Phase} at {since:O}, {since - due} after its deadline {due:O}");
            }
        }

        // The province's orchestration reaches "ranking" once its ranking activity ran, just after the units.
        await Eventually.ReturnsAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/years/{year}")).GetProperty("phase").GetString(),
            phase => phase == "ranking",
            TimeSpan.FromSeconds(30),
            "the year to reach the ranking phase");
    }

    [Fact]
    [Trait("Requirement", "R-7.1")]
    public async Task A_calendar_change_reaches_running_orchestrations_and_moves_the_pending_deadline()
    {
        using var admin = host.Client();
        var start = WholeSecond(DateTimeOffset.UtcNow);
        var dues = new[] { start.AddSeconds(8), start.AddSeconds(60), start.AddSeconds(70), start.AddSeconds(80), start.AddSeconds(90), start.AddSeconds(100) };
        var year = DateTime.UtcNow.Year - 1; // its calendar may reach into the next year; the other test uses this year
        await SetUpYearAsync(admin, year, dues, ["so-noi-vu"]);
        using var started = await admin.PostAsync($"/api/years/{year}/start", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

        // The working group extends self-assessment by 12 seconds while the unit's timer is pending.
        var extended = start.AddSeconds(20);
        using var moved = await admin.PutAsync($"/api/years/{year}", LocalHostFixture.Json(CalendarBody([extended, .. dues[1..]])));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        // Past the old deadline (plus the usual lateness) the unit must still be self-assessing…
        await WaitUntilAsync(dues[0] + TimeSpan.FromSeconds(4));
        Assert.Equal("selfAssessment", await UnitPhaseAsync(admin, year, "so-noi-vu"));

        // …and it moves on at the new deadline.
        var unit = await Eventually.ReturnsAsync(
            () => UnitAsync(admin, year, "so-noi-vu"),
            u => u.GetProperty("phase").GetString() == "appraisalRound1",
            TimeSpan.FromSeconds(60),
            "the unit to enter appraisal round 1 after the extended deadline");
        var since = unit.GetProperty("phaseSince").GetDateTimeOffset();
        Assert.True(since >= extended, $"Entered round 1 at {since:O}, before the extended deadline {extended:O}");
        Assert.True(since - extended < Lateness, $"Entered round 1 at {since:O}, {since - extended} after the extended deadline");
    }

    private static async Task SetUpYearAsync(HttpClient admin, int year, DateTimeOffset[] dues, string[] unitIds)
    {
        using var created = await admin.PutAsync($"/api/years/{year}", LocalHostFixture.Json(CalendarBody(dues)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var catalogue = JsonNode.Parse(SeedData.ReadBytes("catalogues/2025/01.json"))!;
        catalogue["year"] = year;
        using var loaded = await admin.PutAsync($"/api/years/{year}/catalogues/01", LocalHostFixture.Json(catalogue.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        foreach (var unitId in unitIds)
        {
            using var unit = await admin.PutAsync($"/api/years/{year}/units/{unitId}", LocalHostFixture.Json($$"""{ "name": "Đơn vị {{unitId}}", "type": "01" }"""));
            Assert.Equal(HttpStatusCode.Created, unit.StatusCode);
        }
    }

    private static string CalendarBody(DateTimeOffset[] dues)
    {
        string[] fields = ["selfAssessmentDue", "appraisalRound1Due", "explanationDue", "appraisalRound2Due", "leaderScoringDue", "publicationDue"];
        var calendar = new JsonObject();
        for (var i = 0; i < fields.Length; i++)
        {
            calendar[fields[i]] = dues[i].ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        }

        return new JsonObject { ["calendar"] = calendar }.ToJsonString();
    }

    private static async Task<JsonElement> UnitAsync(HttpClient admin, int year, string unitId) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/years/{year}/units")).GetProperty("units").EnumerateArray()
            .Single(unit => unit.GetProperty("unitId").GetString() == unitId);

    private static async Task<string?> UnitPhaseAsync(HttpClient admin, int year, string unitId) =>
        (await UnitAsync(admin, year, unitId)).GetProperty("phase").GetString();

    /// <summary>The calendar travels as text with whole seconds; compare against the same instants.</summary>
    private static DateTimeOffset WholeSecond(DateTimeOffset instant) => new(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerSecond), instant.Offset);

    /// <summary>Waits until a wall-clock instant: the behaviour under test is about what has not happened by then.</summary>
    private static async Task WaitUntilAsync(DateTimeOffset instant)
    {
        var remaining = instant - DateTimeOffset.UtcNow;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }
}
