using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.IntegrationTests.Infrastructure;

namespace Evaluation.IntegrationTests.Api;

/// <summary>
/// <c>POST /api/ranking/preview</c> over real HTTP, checked against API.md's shape and against a reference ranking
/// written here independently of the engine (per-unit counting instead of walking tie groups).
/// </summary>
public sealed class RankingPreviewApiTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private static readonly string[] SectionCodes = ["I", "II", "III", "IV", "V", "VI", "VII"];
    private static readonly decimal[] Maxima = [39m, 27m, 8m, 8m, 14m, 4m, 10m];

    [Theory]
    [Trait("Requirement", "R-6.2")]
    [Trait("Requirement", "R-6.3")]
    [Trait("Requirement", "R-6.4")]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task Preview_answers_as_the_contract_specifies_on_data_it_has_not_seen(int seed)
    {
        var random = new Random(seed);
        var request = RandomRequest(random);
        using var client = host.Client(email: null);

        using var response = await client.PostAsync("/api/ranking/preview", LocalHostFixture.Json(request.ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var actual = JsonNode.Parse(body)!.AsObject();
        var expected = ReferenceRanking(request);
        Assert.Equal(["flags", "groups"], actual.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(expected["groups"], actual["groups"]), $"groups differ\nexpected {expected["groups"]}\nactual {actual["groups"]}");
        Assert.Equal(Flags(expected), Flags(actual));
        Assert.All(actual["flags"]!.AsArray(), flag => Assert.False(string.IsNullOrWhiteSpace(flag!["message"]!.GetValue<string>())));
    }

    [Fact]
    public void The_random_cases_above_contain_ties_and_ties_at_the_cap()
    {
        // Guards the theory: without these cases it would not exercise the subtle part of R-6.3.
        var kinds = Enumerable.Range(1, 8).SelectMany(seed => Flags(ReferenceRanking(RandomRequest(new Random(seed))))).Select(flag => flag.Split('|')[0]).ToList();

        Assert.Contains("tieAtCap", kinds);
        Assert.Contains("unresolvedTie", kinds);
    }

    [Fact]
    [Trait("Requirement", "R-1.3")]
    public async Task Sections_out_of_range_are_refused_with_422_naming_each_field()
    {
        const string json = """
            { "units": [
              { "unitId": "u1", "name": "A", "type": "01", "sections": { "I": 39.5, "II": 26 } },
              { "unitId": "u2", "name": "B", "type": "01", "sections": { "V": -1, "VI": 4.25, "VIII": 1 } } ] }
            """;
        using var client = host.Client(email: null);

        using var response = await client.PostAsync("/api/ranking/preview", LocalHostFixture.Json(json));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity,
            "units[0].sections.I", "units[1].sections.V", "units[1].sections.VI", "units[1].sections.VIII");
    }

    [Fact]
    public async Task Malformed_bodies_get_clear_4xx_answers()
    {
        using var client = host.Client(email: null);

        using var notJson = await client.PostAsync("/api/ranking/preview", LocalHostFixture.Json("{ \"units\": [ "));
        using var wrongType = await client.PostAsync("/api/ranking/preview", new StringContent("units=1", Encoding.UTF8, "application/x-www-form-urlencoded"));
        using var tooLarge = await client.PostAsync("/api/ranking/preview", LocalHostFixture.Json("{\"units\":[" + new string(' ', 9 * 1024 * 1024) + "]}"));

        await ProblemAssert.IsProblemAsync(notJson, HttpStatusCode.BadRequest, "$");
        await ProblemAssert.IsProblemAsync(wrongType, HttpStatusCode.UnsupportedMediaType);
        await ProblemAssert.IsProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    [Trait("Requirement", "R-6.3")]
    public async Task The_example_of_the_contract_ranks_as_documented()
    {
        // API.md's request example: one unit, all sections given → total 38.5+26+8+7.5+13.25+3.5−0.5 = 96.25 (R-6.1).
        const string json = """
            { "settings": { "excellentCapPercent": 20, "capRounding": "floor", "excellentMinScore": 80, "goodMinScore": 80, "doneMinScore": 65 },
              "units": [ { "unitId": "u1", "name": "Sở Y tế", "type": "01",
                           "sections": { "I": 38.5, "II": 26, "III": 8, "IV": 7.5, "V": 13.25, "VI": 3.5, "VII": 0.5 } } ] }
            """;
        using var client = host.Client(email: null);

        using var response = await client.PostAsync("/api/ranking/preview", LocalHostFixture.Json(json));
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var group = result["groups"]![0]!;
        var unit = group["units"]![0]!;
        Assert.Equal("01", group["type"]!.GetValue<string>());
        Assert.Equal(1, group["unitCount"]!.GetValue<int>());
        Assert.Equal(0, group["excellentCap"]!.GetValue<int>());
        Assert.Equal(96.25m, unit["total"]!.GetValue<decimal>());
        Assert.Equal(1, unit["rank"]!.GetValue<int>());
        Assert.Equal("good", unit["class"]!.GetValue<string>());
        Assert.False(unit["tie"]!.GetValue<bool>());
        Assert.Equal(13.25m, unit["sections"]!["V"]!.GetValue<decimal>());
    }

    private static JsonObject RandomRequest(Random random)
    {
        var roundings = new[] { "floor", "nearest", "ceiling" };
        var settings = new JsonObject
        {
            ["excellentCapPercent"] = new[] { 20m, 20m, 25m, 10m }[random.Next(4)],
            ["capRounding"] = roundings[random.Next(3)],
            ["excellentMinScore"] = new[] { 80m, 85m }[random.Next(2)],
        };
        var units = new JsonArray();
        var types = new[] { "01", "02", "03", "04", "05" }[..random.Next(1, 6)];
        var count = random.Next(5, 40);
        for (var i = 0; i < count; i++)
        {
            var sections = new JsonObject();
            for (var s = 0; s < SectionCodes.Length; s++)
            {
                // Few distinct values so that ties on total, section I and section II actually happen.
                var value = s == 6 ? random.Next(0, 2) * 0.5m : Maxima[s] - (random.Next(0, s < 2 ? 2 : 3) * 0.5m);
                sections[SectionCodes[s]] = value;
            }

            units.Add(new JsonObject
            {
                ["unitId"] = $"u{seedSafe(i)}",
                ["name"] = $"Đơn vị {i}",
                ["type"] = types[random.Next(types.Length)],
                ["sections"] = sections,
            });
        }

        return new JsonObject { ["settings"] = settings, ["units"] = units };

        static string seedSafe(int i) => i.ToString("D3", CultureInfo.InvariantCulture);
    }

    /// <summary>The contract, restated per unit: rank = 1 + units strictly ahead; excellent iff the unit reaches the
    /// threshold and everyone ahead plus everyone tied with it fit under the cap.</summary>
    private static JsonObject ReferenceRanking(JsonObject request)
    {
        var settings = request["settings"]!;
        var percent = settings["excellentCapPercent"]!.GetValue<decimal>();
        var rounding = settings["capRounding"]!.GetValue<string>();
        var excellentMin = Math.Max(settings["excellentMinScore"]!.GetValue<decimal>(), 80m); // R-6.3: also the good threshold
        var units = request["units"]!.AsArray().Select(node => new
        {
            Id = node!["unitId"]!.GetValue<string>(),
            Name = node["name"]!.GetValue<string>(),
            Type = node["type"]!.GetValue<string>(),
            Sections = node["sections"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<decimal>()),
        }).Select(u => new
        {
            u.Id, u.Name, u.Type, u.Sections,
            Total = Math.Max(0, u.Sections.Where(p => p.Key != "VII").Sum(p => p.Value) - u.Sections["VII"]),
        }).ToList();

        var groups = new JsonArray();
        var flags = new JsonArray();
        foreach (var type in units.Select(u => u.Type).Distinct().Order(StringComparer.Ordinal))
        {
            var members = units.Where(u => u.Type == type).ToList();
            var exact = percent * members.Count / 100m;
            var cap = (int)Math.Min(members.Count, rounding switch
            {
                "floor" => Math.Floor(exact),
                "ceiling" => Math.Ceiling(exact),
                _ => Math.Round(exact, MidpointRounding.AwayFromZero),
            });

            int Compare((decimal, decimal, decimal) a, (decimal, decimal, decimal) b) =>
                a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : a.Item2 != b.Item2 ? a.Item2.CompareTo(b.Item2) : a.Item3.CompareTo(b.Item3);

            var rows = members.Select(u =>
            {
                var key = (u.Total, u.Sections["I"], u.Sections["II"]);
                var ahead = members.Count(o => Compare((o.Total, o.Sections["I"], o.Sections["II"]), key) > 0);
                var tied = members.Where(o => Compare((o.Total, o.Sections["I"], o.Sections["II"]), key) == 0).Select(o => o.Id).Order(StringComparer.Ordinal).ToList();
                var excellent = u.Total >= excellentMin && ahead + tied.Count <= cap;
                var unitClass = excellent ? "excellent" : u.Total >= 80 ? "good" : u.Total >= 65 ? "done" : "notDone";
                return (Unit: u, Rank: ahead + 1, Tied: tied, Class: unitClass, Straddles: u.Total >= excellentMin && ahead < cap && ahead + tied.Count > cap);
            }).OrderBy(r => r.Rank).ThenBy(r => r.Unit.Id, StringComparer.Ordinal).ToList();

            var list = new JsonArray();
            foreach (var row in rows)
            {
                var sections = new JsonObject();
                foreach (var code in SectionCodes)
                {
                    sections[code] = N(row.Unit.Sections[code]);
                }

                list.Add(new JsonObject
                {
                    ["unitId"] = row.Unit.Id,
                    ["name"] = row.Unit.Name,
                    ["total"] = N(row.Unit.Total),
                    ["rank"] = row.Rank,
                    ["class"] = row.Class,
                    ["tie"] = row.Tied.Count > 1,
                    ["sections"] = sections,
                });
            }

            foreach (var tie in rows.Where(r => r.Tied.Count > 1).GroupBy(r => r.Rank))
            {
                var first = tie.First();
                flags.Add(new JsonObject
                {
                    ["kind"] = first.Straddles ? "tieAtCap" : "unresolvedTie",
                    ["type"] = type,
                    ["unitIds"] = new JsonArray(first.Tied.Select(id => (JsonNode)id).ToArray()),
                });
            }

            groups.Add(new JsonObject { ["type"] = type, ["unitCount"] = members.Count, ["excellentCap"] = cap, ["units"] = list });
        }

        return new JsonObject { ["groups"] = groups, ["flags"] = flags };
    }

    /// <summary>The same number without trailing zeros (39.0 → 39), as JSON numbers are compared textually here.</summary>
    private static decimal N(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>Flags without their free-text message, order-independent.</summary>
    private static List<string> Flags(JsonObject result) =>
        result["flags"]!.AsArray()
            .Select(flag => $"{flag!["kind"]}|{flag["type"]}|{string.Join(",", flag["unitIds"]!.AsArray().Select(id => id!.GetValue<string>()).Order(StringComparer.Ordinal))}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
