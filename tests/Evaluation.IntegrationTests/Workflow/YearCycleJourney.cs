using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.Infrastructure.Notifications;
using Evaluation.IntegrationTests.Infrastructure;
using Evaluation.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.Workflow;

/// <summary>
/// The people of a compressed yearly cycle, acting through the HTTP API as they would: three units of index set 01
/// (two submit early, one never does), the seven council agencies, two leaders and the working group. Shared by the
/// end-to-end test and the restart test.
/// </summary>
public sealed class YearCycleJourney(LocalHostFixture host, int year)
{
    public const string UnitA = "don-vi-a";
    public const string UnitB = "don-vi-b";
    public const string UnitC = "don-vi-c";
    public const string Leader1 = "chutich@thu.phutho.vn";
    public const string Leader2 = "phochutich@thu.phutho.vn";
    public const string WorkingGroup = "tocongtac@thu.phutho.vn";
    public const string DisagreedCode = "I.1.2";

    public static readonly string[] Agencies = ["SNV", "VPUBND", "STC", "SKHDT", "STP", "STTTT", "TTT"];

    public static readonly string[] Units = [UnitA, UnitB, UnitC];

    /// <summary>Criteria the units score at their maximum with a PDF; every other leaf is scored 0.</summary>
    public static readonly string[] ScoredCodes = ["I.1.2", "I.2.1", "II.1.1"];

    public int Year => year;

    public static string Head(string unitId) => $"thutruong.{unitId}@thu.phutho.vn";

    public static string Appraiser(string agency) => $"thamdinh.{agency.ToLowerInvariant()}@thu.phutho.vn";

    /// <summary>Year, catalogue, units, people, started with dates days ahead and reminders <paramref name="leadTime"/> before each deadline.</summary>
    public async Task SetUpAsync(string leadTime)
    {
        using var admin = host.Client();
        await EnsureAsync(admin.PutAsync($"/api/years/{year}", LocalHostFixture.Json(new JsonObject
        {
            ["calendar"] = AppraisalCalendar.For(AppraisalCalendar.SelfAssessment),
            ["reminders"] = new JsonObject { ["leadTimes"] = new JsonArray(leadTime) },
        }.ToJsonString())));
        var catalogue = JsonNode.Parse(Evaluation.Infrastructure.Seed.SeedData.ReadBytes("catalogues/2025/01.json"))!;
        catalogue["year"] = year;
        await EnsureAsync(admin.PutAsync($"/api/years/{year}/catalogues/01", LocalHostFixture.Json(catalogue.ToJsonString())));
        foreach (var unitId in Units)
        {
            await EnsureAsync(admin.PutAsync($"/api/years/{year}/units/{unitId}", LocalHostFixture.Json(new JsonObject { ["name"] = "Sở thử " + unitId[^1..].ToUpperInvariant(), ["type"] = "01" }.ToJsonString())));
            await PersonAsync(admin, Head(unitId), "Thủ trưởng " + unitId, new JsonObject { ["role"] = "unitHead", ["unitId"] = unitId });
        }

        foreach (var agency in Agencies)
        {
            await PersonAsync(admin, Appraiser(agency), "Thẩm định " + agency, new JsonObject { ["role"] = "appraiser", ["agencyId"] = agency });
        }

        await PersonAsync(admin, Leader1, "Chủ tịch UBND tỉnh", new JsonObject { ["role"] = "leader" });
        await PersonAsync(admin, Leader2, "Phó Chủ tịch UBND tỉnh", new JsonObject { ["role"] = "leader" });
        await PersonAsync(admin, WorkingGroup, "Tổ công tác", new JsonObject { ["role"] = "workingGroup" });
        await EnsureAsync(admin.PostAsync($"/api/years/{year}/start", null));
        await WaitForUnitPhasesAsync(admin, "selfAssessment", Units);
    }

    /// <summary>The unit scores every leaf (three at the maximum with a PDF, the rest 0) and its head submits.</summary>
    public async Task SelfAssessAndSubmitAsync(string unitId)
    {
        using var head = host.Client(Head(unitId));
        var form = await head.GetFromJsonAsync<JsonElement>($"/api/years/{year}/units/{unitId}/assessment");
        var leaves = Leaves(form).ToList();
        await Parallel.ForEachAsync(leaves, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (leaf, token) =>
        {
            var scored = ScoredCodes.Contains(leaf.Code);
            await EnsureAsync(head.PutAsJsonAsync($"/api/years/{year}/units/{unitId}/assessment/criteria/{leaf.Code}",
                new { selfScore = scored ? leaf.Max : 0m, explanation = $"Kết quả thực hiện {leaf.Code}." }, token));
            if (scored)
            {
                using var pdf = new MemoryStream();
                SignedPdfBuilder.Create(pdf, text: "Minh chung " + leaf.Code);
                using var file = new ByteArrayContent(pdf.ToArray());
                file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
                using var content = new MultipartFormDataContent { { file, "file", $"minh-chung-{leaf.Code}.pdf" } };
                await EnsureAsync(head.PostAsync($"/api/years/{year}/units/{unitId}/assessment/criteria/{leaf.Code}/evidence", content, token));
            }
        });
        await EnsureAsync(head.PostAsync($"/api/years/{year}/units/{unitId}/assessment/submit", null));
    }

    /// <summary>
    /// Every open item of the unit decided by its agency in <paramref name="round"/>: agree, except that
    /// <paramref name="disagreeOn"/> gets "disagree" with one point less in round 1.
    /// </summary>
    public async Task AppraiseAsync(string unitId, int round, string? disagreeOn = null)
    {
        using var admin = host.Client();
        var queue = await admin.GetFromJsonAsync<JsonElement>($"/api/years/{year}/appraisal/queue?unitId={unitId}");
        var items = queue.GetProperty("items").EnumerateArray()
            .Where(item => round == 1 || item.GetProperty("appraisal").TryGetProperty("round1", out var r1) && r1.GetProperty("decision").GetString() != "agree")
            .Select(item => (Code: item.GetProperty("code").GetString()!, Agency: item.GetProperty("appraisal").GetProperty("agencyId").GetString()!, Counted: item.GetProperty("countedScore").GetDecimal()))
            .ToList();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, token) =>
        {
            using var appraiser = host.Client(Appraiser(item.Agency));
            object body = item.Code == disagreeOn && round == 1
                ? new { decision = "disagree", score = item.Counted - 1, reason = "Tài liệu kiểm chứng chưa thể hiện đủ kết quả; đề nghị giải trình." }
                : new { decision = "agree" };
            await EnsureAsync(appraiser.PutAsJsonAsync($"/api/years/{year}/units/{unitId}/appraisal/{round}/criteria/{item.Code}", body, token));
        });
    }

    /// <summary>The same scoring through the personal link's token, as from Teams.</summary>
    public async Task ScoreThroughLinkAsync(string leaderEmail, IReadOnlyDictionary<string, decimal> scores)
    {
        var link = (await OutboxAsync(leaderEmail)).First(message => message.Kind == OutboxKinds.Teams).WebUrl!;
        var token = Uri.UnescapeDataString(new Uri(link).Query.Split("token=")[1].Split('&')[0]);
        using var anonymous = host.Client(email: null);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/years/{year}/leader-ballots/{Uri.EscapeDataString(leaderEmail)}")
        {
            Content = JsonContent.Create(new { scores }),
        };
        request.Headers.Add("X-Ballot-Token", token);
        await EnsureAsync(anonymous.SendAsync(request));
    }

    public async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(string? to = null) =>
        await host.Services.GetRequiredService<OutboxStore>().ListAsync(to, take: 500);

    /// <summary>Puts the calendar <paramref name="offsets"/> seconds from now (in API order) and returns the deadlines.</summary>
    public async Task<DateTimeOffset[]> CompressCalendarAsync(params int[] offsets)
    {
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddSeconds(1);
        var dues = offsets.Select(offset => start.AddSeconds(offset)).ToArray();
        string[] fields = ["selfAssessmentDue", "appraisalRound1Due", "explanationDue", "appraisalRound2Due", "leaderScoringDue", "publicationDue"];
        var calendar = new JsonObject();
        for (var i = 0; i < fields.Length; i++)
        {
            calendar[fields[i]] = dues[i].ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        }

        using var admin = host.Client();
        var current = await admin.GetFromJsonAsync<JsonElement>($"/api/years/{year}");
        var reminders = JsonNode.Parse(current.GetProperty("reminders").GetRawText());
        await EnsureAsync(admin.PutAsync($"/api/years/{year}", LocalHostFixture.Json(new JsonObject { ["calendar"] = calendar, ["reminders"] = reminders }.ToJsonString())));
        return dues;
    }

    public async Task<string> YearPhaseAsync()
    {
        using var admin = host.Client();
        return (await admin.GetFromJsonAsync<JsonElement>($"/api/years/{year}")).GetProperty("phase").GetString()!;
    }

    public async Task WaitForYearPhaseAsync(string phase, TimeSpan within) =>
        await Eventually.ReturnsAsync(YearPhaseAsync, current => current == phase, within, $"year {year} to reach {phase}");

    public async Task WaitForUnitPhasesAsync(HttpClient admin, string phase, params string[] unitIds) =>
        await Eventually.ReturnsAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/years/{year}/units?progress=false")).GetProperty("units").EnumerateArray()
                .Where(unit => unitIds.Contains(unit.GetProperty("unitId").GetString()))
                .Select(unit => unit.GetProperty("phase").GetString())
                .ToList(),
            phases => phases.Count == unitIds.Length && phases.All(current => current == phase),
            TimeSpan.FromSeconds(60),
            $"units {string.Join(", ", unitIds)} to reach {phase}");

    public static IEnumerable<(string Code, decimal Max)> Leaves(JsonElement form) =>
        form.GetProperty("sections").EnumerateArray()
            .Where(section => section.GetProperty("selfAssessed").GetBoolean())
            .SelectMany(section => section.GetProperty("criteria").EnumerateArray())
            .Where(item => item.GetProperty("isLeaf").GetBoolean() && !item.TryGetProperty("otherIndex", out _)) // R-1.4: imported, not self-assessed
            .Select(item => (item.GetProperty("code").GetString()!, item.GetProperty("maxScore").GetDecimal()));

    private static async Task PersonAsync(HttpClient admin, string email, string name, JsonObject person)
    {
        person["name"] = name;
        await EnsureAsync(admin.PutAsync($"/api/people/{Uri.EscapeDataString(email)}", LocalHostFixture.Json(person.ToJsonString())));
    }

    public static async Task EnsureAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        if ((int)response.StatusCode >= 300)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
