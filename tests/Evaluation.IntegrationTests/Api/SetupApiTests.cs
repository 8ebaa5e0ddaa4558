using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evaluation.Domain.Ranking;
using Evaluation.Infrastructure.Seed;
using Evaluation.Infrastructure.Storage;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.Api;

/// <summary>API.md "Setup" over real HTTP on the local host: rights, validation, concurrency, refusals change nothing.</summary>
public sealed class SetupApiTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    [Trait("Requirement", "R-9")]
    public async Task No_principal_is_401_and_a_person_without_the_right_is_403()
    {
        using var anonymous = host.Client(email: null);
        using var stranger = host.Client("nguoi.la@phutho.gov.vn");

        using var unauthenticated = await anonymous.PutAsync("/api/years/2040", LocalHostFixture.Json("{}"));
        using var forbidden = await stranger.PutAsync("/api/years/2040", LocalHostFixture.Json("{}"));
        using var stillMissing = await host.Client().GetAsync("/api/years/2040");

        await ProblemAssert.IsProblemAsync(unauthenticated, HttpStatusCode.Unauthorized);
        var problem = await ProblemAssert.IsProblemAsync(forbidden, HttpStatusCode.Forbidden);
        Assert.Contains("nguoi.la@phutho.gov.vn", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, stillMissing.StatusCode);
    }

    [Theory]
    [Trait("Requirement", "R-9")]
    [InlineData("not*base64!")]
    [InlineData("eyJjbGFpbXMiOltdfQ==")] // {"claims":[]}: signed in as nobody
    public async Task An_unreadable_principal_is_401_not_an_anonymous_or_admin_call(string header)
    {
        using var client = host.Client(email: null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-MS-CLIENT-PRINCIPAL", header);

        using var response = await client.GetAsync("/api/me");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    [Trait("Requirement", "R-9")]
    public async Task Rights_come_from_the_people_directory()
    {
        using var admin = host.Client();
        using var newcomer = host.Client("TruongPhong.SNV@PhuTho.gov.vn");

        using var before = await newcomer.PutAsync("/api/years/2041", LocalHostFixture.Json("{}"));
        using var granted = await admin.PutAsync("/api/people/truongphong.snv%40phutho.gov.vn",
            LocalHostFixture.Json("""{ "name": "Trần Thị Hoa", "role": "workingGroup" }"""));
        using var after = await newcomer.PutAsync("/api/years/2041", LocalHostFixture.Json("{}"));
        var me = await newcomer.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal("workingGroup", me.GetProperty("role").GetString());
        Assert.Equal("truongphong.snv@phutho.gov.vn", me.GetProperty("email").GetString());
    }

    [Fact]
    [Trait("Requirement", "R-7.1")]
    public async Task A_year_created_with_no_calendar_gets_the_regulations_dates_in_Vietnam_time()
    {
        using var admin = host.Client();

        using var created = await admin.PutAsync("/api/years/2042", LocalHostFixture.Json("""{ "calendar": { "leaderScoringDue": "2042-12-27T17:00:00+07:00" } }"""));
        var year = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(created.Headers.ETag);
        Assert.Equal("setup", year["phase"]!.GetValue<string>());
        Assert.Equal("2042-12-15T00:00:00+07:00", year["calendar"]!["selfAssessmentDue"]!.GetValue<string>());
        Assert.Equal("2042-12-26T00:00:00+07:00", year["calendar"]!["appraisalRound2Due"]!.GetValue<string>());
        Assert.Equal("2042-12-27T17:00:00+07:00", year["calendar"]!["leaderScoringDue"]!.GetValue<string>());
        Assert.Equal("2042-12-31T00:00:00+07:00", year["calendar"]!["publicationDue"]!.GetValue<string>());
        Assert.Equal("floor", year["settings"]!["capRounding"]!.GetValue<string>());
        Assert.Equal(4, year["unitTypes"]!.AsArray().Count);
    }

    [Fact]
    [Trait("Requirement", "R-7.1")]
    public async Task Bad_year_input_is_422_naming_every_field_and_changes_nothing()
    {
        using var admin = host.Client();
        using var created = await admin.PutAsync("/api/years/2043", LocalHostFixture.Json("""{ "settings": { "capRounding": "nearest" } }"""));
        var before = await admin.GetStringAsync("/api/years/2043");

        using var refused = await admin.PutAsync("/api/years/2043", LocalHostFixture.Json("""
            { "calendar": { "selfAssessmentDue": "2043-12-15T00:00:00", "explanationDue": "2043-12-10T00:00:00+07:00", "deadline": "x" },
              "settings": { "excellentCapPercent": 120, "capRounding": "up" }, "colour": "red" }
            """));
        var after = await admin.GetStringAsync("/api/years/2043");

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.UnprocessableEntity,
            "calendar.selfAssessmentDue", "calendar.deadline", "settings.excellentCapPercent", "settings.capRounding", "colour");
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_the_newer_write_stays()
    {
        using var admin = host.Client();
        using var created = await admin.PutAsync("/api/years/2044", LocalHostFixture.Json("{}"));
        var etag = created.Headers.ETag!.ToString();

        using var first = await Put(admin, "/api/years/2044", """{ "settings": { "excellentCapPercent": 15 } }""", etag);
        using var second = await Put(admin, "/api/years/2044", """{ "settings": { "excellentCapPercent": 25 } }""", etag);
        var stored = await admin.GetFromJsonAsync<JsonElement>("/api/years/2044");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.PreconditionFailed);
        Assert.Equal(15m, stored.GetProperty("settings").GetProperty("excellentCapPercent").GetDecimal());
    }

    [Fact]
    [Trait("Requirement", "R-1.2")]
    [Trait("Requirement", "R-1.3")]
    public async Task A_catalogue_loads_and_reads_back_while_a_bad_one_is_refused_listing_every_problem()
    {
        using var admin = host.Client();
        await admin.PutAsync("/api/years/2025", LocalHostFixture.Json("{}"));
        var bad = JsonNode.Parse(SeedData.ReadBytes("catalogues/2025/03.json"))!;
        bad["sections"]![1]!["criteria"]![0]!["maxScore"] = 100;           // section II no longer sums to 27
        bad["sections"]![5]!["maxScore"] = 5;                              // leaders are 4 points
        bad["sections"]![0]!["criteria"]![0]!["code"] = "II.9";            // not under section I
        bad["sections"]![2]!["criteria"]![0]!["weight"] = 1;               // unknown field

        using var refused = await admin.PutAsync("/api/years/2025/catalogues/03", LocalHostFixture.Json(bad.ToJsonString()));
        using var notThere = await admin.GetAsync("/api/years/2025/catalogues/03");
        using var loaded = await admin.PutAsync("/api/years/2025/catalogues/03", LocalHostFixture.Json(System.Text.Encoding.UTF8.GetString(SeedData.ReadBytes("catalogues/2025/03.json"))));
        var stored = JsonNode.Parse(await admin.GetStringAsync("/api/years/2025/catalogues/03"))!;

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.UnprocessableEntity,
            "sections[1].criteria", "sections[5].maxScore", "sections[0].criteria[0].code", "sections[2].criteria[0].weight");
        Assert.True(problem.GetProperty("errors").EnumerateObject().Count() >= 4);
        Assert.Contains(problem.GetProperty("errors").GetProperty("sections[1].criteria").EnumerateArray(), m => m.GetString()!.Contains("Nội dung II", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, notThere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        var original = SeedData.Catalogues(2025).Single(c => c.IndexSet == "03");
        Assert.Equal(original.Title, stored["title"]!.GetValue<string>());
        Assert.Equal(7, stored["sections"]!.AsArray().Count);
        Assert.Equal(original.Leaves().Count(), CountLeaves(stored));
    }

    [Fact]
    [Trait("Requirement", "R-1.2")]
    public async Task A_catalogue_for_an_index_set_the_year_does_not_have_is_refused()
    {
        using var admin = host.Client();
        await admin.PutAsync("/api/years/2045", LocalHostFixture.Json("""{ "unitTypes": [ { "code": "01", "name": "Sở, ban, ngành" } ] }"""));

        using var refused = await admin.PutAsync("/api/years/2045/catalogues/02", LocalHostFixture.Json("{}"));

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "indexSet");
    }

    [Fact]
    [Trait("Requirement", "R-1.1")]
    public async Task Units_are_added_with_a_type_of_the_year_and_listed_with_their_phase()
    {
        using var admin = host.Client();
        await admin.PutAsync("/api/years/2046", LocalHostFixture.Json("""
            { "unitTypes": [ { "code": "01", "name": "Sở, ban, ngành" }, { "code": "05", "name": "UBND cấp xã" } ] }
            """));

        using var badType = await admin.PutAsync("/api/years/2046/units/xa-a", LocalHostFixture.Json("""{ "name": "UBND xã A", "type": "03" }"""));
        using var badId = await admin.PutAsync("/api/years/2046/units/Xã A", LocalHostFixture.Json("""{ "name": "UBND xã A", "type": "05" }"""));
        using var created = await admin.PutAsync("/api/years/2046/units/xa-a", LocalHostFixture.Json("""{ "name": "  UBND xã A  ", "type": "05" }"""));
        using var renamed = await admin.PutAsync("/api/years/2046/units/xa-a", LocalHostFixture.Json("""{ "name": "UBND xã An Đạo", "type": "05" }"""));
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/years/2046/units");

        await ProblemAssert.IsProblemAsync(badType, HttpStatusCode.UnprocessableEntity, "type");
        await ProblemAssert.IsProblemAsync(badId, HttpStatusCode.BadRequest, "unitId");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var unit = Assert.Single(list.GetProperty("units").EnumerateArray());
        Assert.Equal("UBND xã An Đạo", unit.GetProperty("name").GetString());
        Assert.Equal("UBND cấp xã", unit.GetProperty("typeName").GetString());
        Assert.Equal("setup", unit.GetProperty("phase").GetString());
    }

    [Fact]
    [Trait("Requirement", "R-9")]
    public async Task A_person_entry_must_fit_its_role()
    {
        using var admin = host.Client();

        using var staffWithoutUnit = await admin.PutAsync("/api/people/a%40b.vn", LocalHostFixture.Json("""{ "name": "A", "role": "unitStaff" }"""));
        using var appraiserWithUnit = await admin.PutAsync("/api/people/b%40b.vn", LocalHostFixture.Json("""{ "name": "B", "role": "appraiser", "unitId": "so-y-te" }"""));
        using var unknownRole = await admin.PutAsync("/api/people/c%40b.vn", LocalHostFixture.Json("""{ "name": "", "role": "admin" }"""));
        using var badEmail = await admin.PutAsync("/api/people/khong-phai-email", LocalHostFixture.Json("""{ "name": "D", "role": "leader" }"""));
        using var people = await admin.GetAsync("/api/people");
        var list = await people.Content.ReadFromJsonAsync<JsonElement>();

        await ProblemAssert.IsProblemAsync(staffWithoutUnit, HttpStatusCode.UnprocessableEntity, "unitId");
        await ProblemAssert.IsProblemAsync(appraiserWithUnit, HttpStatusCode.UnprocessableEntity, "unitId", "agencyId");
        await ProblemAssert.IsProblemAsync(unknownRole, HttpStatusCode.UnprocessableEntity, "name", "role");
        await ProblemAssert.IsProblemAsync(badEmail, HttpStatusCode.BadRequest, "email");
        Assert.DoesNotContain(list.GetProperty("people").EnumerateArray(), p => p.GetProperty("email").GetString()!.EndsWith("@b.vn", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "R-7.1")]
    public async Task Starting_needs_units_and_their_catalogues_and_is_idempotent()
    {
        using var admin = host.Client();
        await admin.PutAsync("/api/years/2047", LocalHostFixture.Json("{}"));
        using var noUnits = await admin.PostAsync("/api/years/2047/start", null);
        await admin.PutAsync("/api/years/2047/units/so-y-te", LocalHostFixture.Json("""{ "name": "Sở Y tế", "type": "01" }"""));
        using var noCatalogue = await admin.PostAsync("/api/years/2047/start", null);
        var catalogue = JsonNode.Parse(SeedData.ReadBytes("catalogues/2025/01.json"))!;
        catalogue["year"] = 2047;
        await admin.PutAsync("/api/years/2047/catalogues/01", LocalHostFixture.Json(catalogue.ToJsonString()));

        using var started = await admin.PostAsync("/api/years/2047/start", null);
        using var again = await admin.PostAsync("/api/years/2047/start", null);
        var first = await started.Content.ReadFromJsonAsync<JsonElement>();
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();

        await ProblemAssert.IsProblemAsync(noUnits, HttpStatusCode.Conflict);
        var problem = await ProblemAssert.IsProblemAsync(noCatalogue, HttpStatusCode.Conflict);
        Assert.Contains("01", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(2, first.GetProperty("scheduled").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(0, second.GetProperty("scheduled").GetInt32());
        Assert.Equal(2, second.GetProperty("alreadyRunning").GetInt32());
    }

    [Fact]
    [Trait("Requirement", "R-6.4")]
    [Trait("Requirement", "R-8.1")]
    public async Task Results_show_to_the_working_group_before_publication_and_to_everyone_after()
    {
        using var admin = host.Client();
        using var anonymous = host.Client(email: null);
        using var none = await admin.GetAsync("/api/years/2048/results");
        var results = host.Services.GetRequiredService<ResultStore>();
        var cards = new[] { new Scorecard("so-y-te", "Sở Y tế", "01", new SectionScores(new Dictionary<string, decimal> { ["I"] = 39, ["II"] = 27, ["III"] = 8, ["V"] = 10 })) };
        var document = RankingDocument.From(RankingEngine.Rank(cards, RankingSettings.Default)) with { Published = false };
        await results.SaveAsync(2048, document);

        using var draftForAdmin = await admin.GetAsync("/api/years/2048/results");
        using var draftForPublic = await anonymous.GetAsync("/api/years/2048/results");
        await results.SaveAsync(2048, document with { Published = true });
        using var publishedForPublic = await anonymous.GetAsync("/api/years/2048/results");
        var published = await publishedForPublic.Content.ReadFromJsonAsync<JsonElement>();

        await ProblemAssert.IsProblemAsync(none, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, draftForAdmin.StatusCode);
        Assert.False((await draftForAdmin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("published").GetBoolean());
        await ProblemAssert.IsProblemAsync(draftForPublic, HttpStatusCode.NotFound);
        Assert.True(published.GetProperty("published").GetBoolean());
        Assert.Equal(84m, published.GetProperty("groups")[0].GetProperty("units")[0].GetProperty("total").GetDecimal());
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, string url, string json, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = LocalHostFixture.Json(json) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    private static int CountLeaves(JsonNode node) => node switch
    {
        JsonObject obj when obj["children"] is JsonArray children && children.Count > 0 => children.Sum(child => CountLeaves(child!)),
        JsonObject obj when obj["criteria"] is JsonArray criteria => criteria.Sum(child => CountLeaves(child!)),
        JsonObject obj when obj["sections"] is JsonArray sections => sections.Sum(section => CountLeaves(section!)),
        JsonObject obj when obj["code"] is not null && obj["maxScore"] is not null && obj["kind"] is null => 1,
        _ => 0,
    };
}
