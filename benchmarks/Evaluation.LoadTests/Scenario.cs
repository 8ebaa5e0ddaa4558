using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.Infrastructure.Seed;

namespace Evaluation.LoadTests;

/// <summary>A criterion a unit scores itself: a leaf of a scored or bonus section of the sample index set.</summary>
public sealed record Leaf(string Code, decimal MaxScore, IReadOnlyList<decimal> AllowedScores)
{
    /// <summary>
    /// A valid score for the <paramref name="round"/>-th save: one of the allowed scores, or a multiple of a tenth of
    /// the maximum (two decimals at most), so that consecutive saves differ.
    /// </summary>
    public decimal Score(int round) => AllowedScores.Count > 0
        ? AllowedScores[round % AllowedScores.Count]
        : Math.Round(MaxScore * (round % 11) / 10m, 2, MidpointRounding.ToZero);
}

/// <summary>A unit in self-assessment and the staff who may edit it.</summary>
public sealed record ScenarioUnit(string UnitId, IReadOnlyList<string> Staff);

/// <summary>
/// A started year whose units are in self-assessment, set up through the public API as admin@localhost, the way the
/// integration tests' AssessmentScenario does: next year (the regulation's default deadlines are months away), the
/// sample index set 01, the units, their staff, then the year's start and a wait until every unit's orchestration
/// has put it in "selfAssessment".
/// </summary>
public sealed class Scenario
{
    private const string IndexSet = "01";

    private Scenario(int year, IReadOnlyList<ScenarioUnit> units, IReadOnlyList<Leaf> leaves)
    {
        Year = year;
        Units = units;
        Leaves = leaves;
    }

    public int Year { get; }

    public IReadOnlyList<ScenarioUnit> Units { get; }

    /// <summary>Every self-assessed leaf of index set 01, in catalogue order.</summary>
    public IReadOnlyList<Leaf> Leaves { get; }

    public string CriterionPath(string unitId, string code) => $"/api/years/{Year.ToString(CultureInfo.InvariantCulture)}/units/{unitId}/assessment/criteria/{code}";

    public string EvidencePath(string unitId, string code) => CriterionPath(unitId, code) + "/evidence";

    public static async Task<Scenario> CreateAsync(ApiClient api, int unitCount, int staffPerUnit, CancellationToken cancellationToken = default)
    {
        var year = DateTime.UtcNow.Year + 1;
        var yearPath = $"/api/years/{year.ToString(CultureInfo.InvariantCulture)}";
        await EnsureAsync(api, HttpMethod.Put, yearPath, "{}", cancellationToken, HttpStatusCode.OK, HttpStatusCode.Created);

        var catalogue = JsonNode.Parse(SeedData.ReadBytes($"catalogues/2025/{IndexSet}.json"))!;
        catalogue["year"] = year;
        await EnsureAsync(api, HttpMethod.Put, $"{yearPath}/catalogues/{IndexSet}", catalogue.ToJsonString(), cancellationToken, HttpStatusCode.OK, HttpStatusCode.Created);

        var units = new List<ScenarioUnit>();
        for (var u = 1; u <= unitCount; u++)
        {
            var unitId = $"don-vi-tai-{u:D2}";
            var unit = new JsonObject { ["name"] = $"Đơn vị thử tải {u:D2}", ["type"] = IndexSet };
            await EnsureAsync(api, HttpMethod.Put, $"{yearPath}/units/{unitId}", unit.ToJsonString(), cancellationToken, HttpStatusCode.OK, HttpStatusCode.Created);

            var staff = new List<string>();
            for (var s = 1; s <= staffPerUnit; s++)
            {
                var email = $"canbo{s:D2}.{unitId}@thu.phutho.vn";
                var person = new JsonObject { ["name"] = $"Cán bộ {s:D2}", ["role"] = "unitStaff", ["unitId"] = unitId };
                await EnsureAsync(api, HttpMethod.Put, $"/api/people/{Uri.EscapeDataString(email)}", person.ToJsonString(), cancellationToken, HttpStatusCode.OK, HttpStatusCode.Created);
                staff.Add(email);
            }

            units.Add(new ScenarioUnit(unitId, staff));
        }

        await EnsureAsync(api, HttpMethod.Post, $"{yearPath}/start", null, cancellationToken, HttpStatusCode.Accepted);
        await WaitForSelfAssessmentAsync(api, yearPath, units, TimeSpan.FromSeconds(120), cancellationToken);
        return new Scenario(year, units, SelfAssessedLeaves(catalogue));
    }

    private static async Task WaitForSelfAssessmentAsync(ApiClient api, string yearPath, List<ScenarioUnit> units, TimeSpan limit, CancellationToken cancellationToken)
    {
        // The phase is set by each unit's orchestration on the Durable sidecar: poll for it, with a deadline.
        var deadline = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var expected = units.Select(unit => unit.UnitId).ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            using var response = await api.SendAsync(HttpMethod.Get, $"{yearPath}/units", ApiClient.Admin, cancellationToken: cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                var ready = json.RootElement.GetProperty("units").EnumerateArray()
                    .Count(unit => expected.Contains(unit.GetProperty("unitId").GetString() ?? string.Empty)
                        && unit.GetProperty("phase").GetString() == "selfAssessment");
                if (ready == expected.Count)
                {
                    return;
                }
            }

            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"The units did not all enter self-assessment within {limit.TotalSeconds:0} s.");
            }

            await poll.WaitForNextTickAsync(cancellationToken);
        }
    }

    /// <summary>Leaves of scored and bonus sections: the ones a unit scores itself (survey, leaders and penalty are scored by others, other indices imported).</summary>
    private static List<Leaf> SelfAssessedLeaves(JsonNode catalogue)
    {
        var leaves = new List<Leaf>();
        foreach (var section in catalogue["sections"]!.AsArray())
        {
            if (section!["kind"]?.GetValue<string>() is "scored" or "bonus")
            {
                Collect(section["criteria"]?.AsArray(), leaves);
            }
        }

        return leaves.Count > 0 ? leaves : throw new InvalidDataException($"Index set {IndexSet} has no self-assessed leaf.");
    }

    private static void Collect(JsonArray? criteria, List<Leaf> leaves)
    {
        foreach (var criterion in criteria ?? [])
        {
            if (criterion!["children"] is JsonArray { Count: > 0 } children)
            {
                Collect(children, leaves);
                continue;
            }

            if (criterion["otherIndex"] is not null)
            {
                continue; // scored from another index the working group imports, not by the unit
            }

            var allowed = criterion["allowedScores"]?.AsArray().Select(score => score!.GetValue<decimal>()).ToList() ?? [];
            leaves.Add(new Leaf(criterion["code"]!.GetValue<string>(), criterion["maxScore"]!.GetValue<decimal>(), allowed));
        }
    }

    private static async Task EnsureAsync(ApiClient api, HttpMethod method, string path, string? json, CancellationToken cancellationToken, params HttpStatusCode[] expected)
    {
        using var response = await api.SendAsync(method, path, ApiClient.Admin, json is null ? null : ApiClient.Json(json), cancellationToken: cancellationToken);
        if (!expected.Contains(response.StatusCode))
        {
            throw new InvalidOperationException(
                $"Scenario setup: {method} {path} answered {(int)response.StatusCode}: {ApiClient.Shorten(await response.Content.ReadAsStringAsync(cancellationToken))}");
        }
    }
}
