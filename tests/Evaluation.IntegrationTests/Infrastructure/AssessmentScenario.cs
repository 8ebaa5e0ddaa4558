using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.Infrastructure.Seed;

namespace Evaluation.IntegrationTests.Infrastructure;

/// <summary>
/// A started year with one unit in self-assessment, set up through the public API as the working group would:
/// next year (its default deadlines are months away whenever tests run), the sample index set 01, the unit, its
/// focal official and its head. Several units may share the year; each call adds its own unit.
/// </summary>
public sealed record AssessmentScenario(int Year, string UnitId, string StaffEmail, string HeadEmail)
{
    public static int NextYear => DateTime.UtcNow.Year + 1;

    public string AssessmentPath => $"/api/years/{Year}/units/{UnitId}/assessment";

    public string CriterionPath(string code) => $"{AssessmentPath}/criteria/{code}";

    /// <param name="calendar">The year's calendar as JSON (API.md field names); null keeps the regulation's dates.</param>
    public static async Task<AssessmentScenario> CreateAsync(LocalHostFixture host, string unitId, int? year = null, string indexSet = "01", JsonObject? calendar = null)
    {
        var number = year ?? NextYear;
        using var admin = host.Client();
        var setup = calendar is null ? "{}" : new JsonObject { ["calendar"] = calendar.DeepClone() }.ToJsonString();
        await EnsureAsync(await admin.PutAsync($"/api/years/{number}", LocalHostFixture.Json(setup)), HttpStatusCode.OK, HttpStatusCode.Created);

        var catalogue = JsonNode.Parse(SeedData.ReadBytes($"catalogues/2025/{indexSet}.json"))!;
        catalogue["year"] = number;
        await EnsureAsync(await admin.PutAsync($"/api/years/{number}/catalogues/{indexSet}", LocalHostFixture.Json(catalogue.ToJsonString())), HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Conflict);

        var unit = new JsonObject { ["name"] = "Đơn vị thử " + unitId, ["type"] = indexSet };
        await EnsureAsync(await admin.PutAsync($"/api/years/{number}/units/{unitId}", LocalHostFixture.Json(unit.ToJsonString())), HttpStatusCode.OK, HttpStatusCode.Created);

        var staff = $"canbo.{unitId}@thu.phutho.vn";
        var head = $"thutruong.{unitId}@thu.phutho.vn";
        await EnsureAsync(await admin.PutAsync($"/api/people/{Uri.EscapeDataString(staff)}", LocalHostFixture.Json(
            new JsonObject { ["name"] = "Phạm Thu Hà", ["role"] = "unitStaff", ["unitId"] = unitId }.ToJsonString())), HttpStatusCode.OK, HttpStatusCode.Created);
        await EnsureAsync(await admin.PutAsync($"/api/people/{Uri.EscapeDataString(head)}", LocalHostFixture.Json(
            new JsonObject { ["name"] = "Lê Minh Tuấn", ["role"] = "unitHead", ["unitId"] = unitId }.ToJsonString())), HttpStatusCode.OK, HttpStatusCode.Created);

        await EnsureAsync(await admin.PostAsync($"/api/years/{number}/start", null), HttpStatusCode.Accepted);
        await Eventually.ReturnsAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/years/{number}/units")).GetProperty("units").EnumerateArray()
                .FirstOrDefault(u => u.GetProperty("unitId").GetString() == unitId).GetProperty("phase").GetString(),
            phase => phase == "selfAssessment",
            TimeSpan.FromSeconds(60),
            $"unit {unitId} of {number} to enter self-assessment");
        return new AssessmentScenario(number, unitId, staff, head);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        using (response)
        {
            if (!expected.Contains(response.StatusCode))
            {
                throw new InvalidOperationException($"Scenario setup: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }
}
