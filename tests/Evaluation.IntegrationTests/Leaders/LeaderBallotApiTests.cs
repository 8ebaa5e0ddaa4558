using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evaluation.Infrastructure.Leaders;
using Evaluation.Infrastructure.Links;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.Leaders;

/// <summary>
/// The leaders' ballot over real HTTP on the local host: a leader scores through the
/// personal link without signing in; links for another leader or year, tampered or expired are refused and change
/// nothing; saves outside the window are refused with the dates; section VI is the mean of the leaders' scores. Each
/// test uses leaders of its own on the class's year and sets the dates it needs; tests of one class run one after another.
/// </summary>
public sealed class LeaderBallotApiTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const string Finance = "so-tai-chinh";
    private const string Health = "so-y-te";
    private const string District = "ubnd-huyen-thanh-ba";

    private static int Year => LeaderBallotYear.Year;

    private LeaderBallotStore Store => host.Services.GetRequiredService<LeaderBallotStore>();

    [Fact]
    [Trait("Requirement", "R-5.2")]
    public async Task A_leader_scores_through_the_personal_link_without_signing_in()
    {
        await OpenYearAsync();
        var leader = await LeaderBallotYear.AddLeaderAsync(host, "chutich@lanhdao.phutho.vn", "Bùi Văn Quang");
        using var phone = LeaderBallotYear.LinkClient(host, await LeaderBallotYear.TokenAsync(host, leader));

        var before = await phone.GetFromJsonAsync<JsonElement>(LeaderBallotYear.BallotPath(leader));
        Assert.Equal("Bùi Văn Quang", before.GetProperty("leaderName").GetString());
        Assert.True(before.GetProperty("open").GetBoolean());
        Assert.Equal(3, before.GetProperty("missingCount").GetInt32());
        var groups = before.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["01", "02"], groups.Select(group => group.GetProperty("type").GetString()));
        Assert.Equal("Sở, ban, ngành", groups[0].GetProperty("typeName").GetString());
        Assert.Equal([Finance, Health], groups[0].GetProperty("units").EnumerateArray().Select(unit => unit.GetProperty("unitId").GetString()));

        // What the council appraised so far comes with each unit whose index set is loaded (nothing decided yet: 0, all leaves flagged).
        var appraised = groups[0].GetProperty("units")[0].GetProperty("appraised");
        Assert.Equal(["I", "II", "III", "IV", "VII"], appraised.GetProperty("sections").EnumerateObject().Select(section => section.Name));
        Assert.Equal(0m, appraised.GetProperty("subtotal").GetDecimal());
        Assert.True(appraised.GetProperty("unappraised").GetInt32() > 0);
        Assert.False(groups[1].GetProperty("units")[0].TryGetProperty("appraised", out _));

        using (var saved = await phone.PutAsJsonAsync(LeaderBallotYear.BallotPath(leader), new { scores = new Dictionary<string, decimal> { [Finance] = 3.5m, [District] = 4m } }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            var ballot = await saved.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, ballot.GetProperty("missingCount").GetInt32());
            Assert.Equal(3.5m, Score(ballot, Finance));
            Assert.NotNull(saved.Headers.ETag);
        }

        // A later save merges: the scores given before stay; each save leaves a trail row.
        using (var more = await phone.PutAsJsonAsync(LeaderBallotYear.BallotPath(leader), new { scores = new Dictionary<string, decimal> { [Health] = 2.75m } }))
        {
            Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        }

        var after = await phone.GetFromJsonAsync<JsonElement>(LeaderBallotYear.BallotPath(leader));
        Assert.Equal(0, after.GetProperty("missingCount").GetInt32());
        Assert.Equal(3.5m, Score(after, Finance));
        Assert.Equal(2.75m, Score(after, Health));
        Assert.Equal(4m, Score(after, District));
        var stored = (await Store.AllAsync(Year))[leader];
        Assert.Equal(new Dictionary<string, decimal> { [Finance] = 3.5m, [District] = 4m, [Health] = 2.75m }, stored);
        var history = await Store.HistoryAsync(Year, leader);
        Assert.Equal([1, 2], history.Select(entry => entry.Revision));
        Assert.Equal(2, history[0].Scores.Count);
    }

    [Fact]
    [Trait("Requirement", "R-5.2")]
    [Trait("Requirement", "R-9")]
    public async Task Links_for_another_leader_or_year_tampered_or_expired_are_refused_and_change_nothing()
    {
        await OpenYearAsync();
        var leader = await LeaderBallotYear.AddLeaderAsync(host, "phochutich1@lanhdao.phutho.vn", "Hồ Đại Dũng");
        var other = await LeaderBallotYear.AddLeaderAsync(host, "phochutich2@lanhdao.phutho.vn", "Phan Trọng Tấn");
        var valid = await LeaderBallotYear.TokenAsync(host, leader);
        using (var first = LeaderBallotYear.LinkClient(host, valid))
        {
            using var saved = await first.PutAsJsonAsync(LeaderBallotYear.BallotPath(leader), new { scores = new Dictionary<string, decimal> { [Finance] = 2m } });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var tampered = valid[..^2] + (valid[^2] == 'A' ? "B" : "A") + valid[^1];
        var refusals = new (string Token, string Words)[]
        {
            (tampered, "đã bị thay đổi"),
            (await LeaderBallotYear.TokenAsync(host, other), "của một lãnh đạo khác"),
            (await LeaderBallotYear.TokenAsync(host, leader, year: Year - 1), $"năm {Year - 1}"),
            (await LeaderBallotYear.TokenAsync(host, leader, expires: DateTimeOffset.UtcNow.AddMinutes(-5)), "Đã hết hạn chấm điểm lúc"),
            ("not-a-token", "không đúng định dạng"),
        };
        foreach (var (token, words) in refusals)
        {
            using var client = LeaderBallotYear.LinkClient(host, token);
            using (var put = await client.PutAsJsonAsync(LeaderBallotYear.BallotPath(leader), new { scores = new Dictionary<string, decimal> { [Finance] = 4m, [Health] = 4m } }))
            {
                var problem = await ProblemAssert.IsProblemAsync(put, HttpStatusCode.Forbidden);
                Assert.Contains(words, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            using var get = await client.GetAsync(LeaderBallotYear.BallotPath(leader));
            await ProblemAssert.IsProblemAsync(get, HttpStatusCode.Forbidden);
        }

        // Without a link: anonymous is asked to sign in; signed in, only that leader opens that ballot.
        using (var anonymous = host.Client(email: null))
        using (var response = await anonymous.PutAsJsonAsync(LeaderBallotYear.BallotPath(leader), new { scores = new Dictionary<string, decimal> { [Finance] = 4m } }))
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        }

        foreach (var caller in new[] { other, LocalHostFixture.Admin })
        {
            using var client = host.Client(caller);
            using var response = await client.PutAsJsonAsync(LeaderBallotYear.BallotPath(leader), new { scores = new Dictionary<string, decimal> { [Finance] = 4m } });
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        }

        var all = await Store.AllAsync(Year);
        Assert.Equal(new Dictionary<string, decimal> { [Finance] = 2m }, all[leader]);
        Assert.False(all.ContainsKey(other));
        Assert.Single(await Store.HistoryAsync(Year, leader));
    }

    [Fact]
    [Trait("Requirement", "R-5.1")]
    [Trait("Requirement", "R-7.3")]
    public async Task Saves_outside_the_leader_scoring_window_are_refused_with_the_dates()
    {
        await OpenYearAsync();
        var leader = await LeaderBallotYear.AddLeaderAsync(host, "phochutich3@lanhdao.phutho.vn", "Nguyễn Thanh Hải");
        using var phone = LeaderBallotYear.LinkClient(host, await LeaderBallotYear.TokenAsync(host, leader));
        var body = new { scores = new Dictionary<string, decimal> { [Finance] = 3m } };
        try
        {
            // Round 2 still running: not yet.
            await LeaderBallotYear.SetStageAsync(host, AppraisalCalendar.Round2);
            using (var early = await phone.PutAsJsonAsync(LeaderBallotYear.BallotPath(leader), body))
            {
                var problem = await ProblemAssert.IsProblemAsync(early, HttpStatusCode.Conflict);
                Assert.StartsWith("Chưa đến thời gian chấm điểm", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            // The deadline has passed: refused, naming it; the ballot still reads, closed, with the reason.
            await LeaderBallotYear.SetStageAsync(host, "ranking");
            using (var late = await phone.PutAsJsonAsync(LeaderBallotYear.BallotPath(leader), body))
            {
                var problem = await ProblemAssert.IsProblemAsync(late, HttpStatusCode.Conflict);
                Assert.StartsWith("Đã hết hạn chấm điểm lúc", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            var closed = await phone.GetFromJsonAsync<JsonElement>(LeaderBallotYear.BallotPath(leader));
            Assert.False(closed.GetProperty("open").GetBoolean());
            Assert.StartsWith("Đã hết hạn chấm điểm lúc", closed.GetProperty("closedReason").GetString(), StringComparison.Ordinal);
            Assert.False((await Store.AllAsync(Year)).ContainsKey(leader));
        }
        finally
        {
            await LeaderBallotYear.SetStageAsync(host, AppraisalCalendar.Closed);
        }
    }

    [Fact]
    [Trait("Requirement", "R-5.3")]
    public async Task Section_VI_is_the_mean_of_the_leaders_scores()
    {
        await OpenYearAsync();
        var leaders = new[] { ("ct.trungbinh@lanhdao.phutho.vn", 4m), ("pct1.trungbinh@lanhdao.phutho.vn", 3.5m), ("pct2.trungbinh@lanhdao.phutho.vn", 3m) };
        foreach (var (email, score) in leaders)
        {
            await LeaderBallotYear.AddLeaderAsync(host, email, "Lãnh đạo " + email[..email.IndexOf('.', StringComparison.Ordinal)]);
            using var phone = LeaderBallotYear.LinkClient(host, await LeaderBallotYear.TokenAsync(host, email));
            using var saved = await phone.PutAsJsonAsync(LeaderBallotYear.BallotPath(email), new { scores = new Dictionary<string, decimal> { [District] = score } });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var all = await Store.AllAsync(Year);
        var means = await Store.MeansAsync(Year);

        Assert.Equal([4m, 3.5m, 3m], leaders.Select(leader => all[leader.Item1][District]));
        Assert.Equal(3.5m, means[District]);
    }

    [Fact]
    [Trait("Requirement", "R-5.1")]
    [Trait("Requirement", "R-9")]
    public async Task Scores_outside_0_to_4_or_for_unknown_units_are_named_and_nothing_is_saved_while_the_signed_in_leader_needs_no_link()
    {
        await OpenYearAsync();
        var leader = await LeaderBallotYear.AddLeaderAsync(host, "chutich.dangnhap@lanhdao.phutho.vn", "Trịnh Thế Truyền");
        using var desk = host.Client(leader);

        using (var refused = await desk.PutAsync(LeaderBallotYear.BallotPath(leader), LocalHostFixture.Json(
            $$"""{ "scores": { "{{Finance}}": 4.5, "{{Health}}": 3.125, "{{District}}": "3,5", "so-khong-co": 2 } }""")))
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.UnprocessableEntity,
                $"scores.{Finance}", $"scores.{Health}", $"scores.{District}", "scores.so-khong-co");
            Assert.Contains("so-khong-co", problem.GetProperty("errors").GetProperty("scores.so-khong-co")[0].GetString(), StringComparison.Ordinal);
        }

        using (var extra = await desk.PutAsync(LeaderBallotYear.BallotPath(leader), LocalHostFixture.Json("""{ "scores": {}, "note": "x" }""")))
        {
            await ProblemAssert.IsProblemAsync(extra, HttpStatusCode.UnprocessableEntity, "note");
        }

        Assert.False((await Store.AllAsync(Year)).ContainsKey(leader));

        using var saved = await desk.PutAsJsonAsync(LeaderBallotYear.BallotPath(leader), new { scores = new Dictionary<string, decimal> { [Finance] = 0m, [Health] = 3.25m } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // The ETag of that answer guards the next save: a save from an older reading is told to reload.
        var stale = new HttpRequestMessage(HttpMethod.Put, LeaderBallotYear.BallotPath(leader))
        {
            Content = LocalHostFixture.Json($$"""{ "scores": { "{{District}}": 1 } }"""),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0x8D000000000000\"");
        using (var staleResponse = await desk.SendAsync(stale))
        {
            await ProblemAssert.IsProblemAsync(staleResponse, HttpStatusCode.PreconditionFailed);
        }

        Assert.Equal(new Dictionary<string, decimal> { [Finance] = 0m, [Health] = 3.25m }, (await Store.AllAsync(Year))[leader]);
    }

    [Fact]
    [Trait("Requirement", "R-5.2")]
    public async Task Hosts_racing_to_make_the_signing_key_agree_on_one()
    {
        await TestStorage.EnsureReachableAsync();
        var clients = TestStorage.Clients(TestStorage.NewPrefix("k"), out var names);
        var hosts = Enumerable.Range(0, 4).Select(_ => new LeaderLinks(new LinkSigningKey(clients, names), TimeProvider.System)).ToList();
        var expires = DateTimeOffset.UtcNow.AddHours(1);

        var tokens = await Task.WhenAll(hosts.Select(links => links.CreateTokenAsync(2025, "ChuTich@Demo.PhuTho.vn", expires)));

        foreach (var token in tokens)
        {
            foreach (var links in hosts)
            {
                var check = await links.CheckAsync(token, 2025);
                Assert.True(check.IsValid, check.Message);
                Assert.Equal("chutich@demo.phutho.vn", check.LeaderEmail);
            }
        }

        Assert.Single(tokens.Distinct(StringComparer.Ordinal));
        Assert.StartsWith("/app/years/2025/leader-ballot?token=", LeaderLinks.BallotPath(2025, tokens[0]), StringComparison.Ordinal);
        Assert.DoesNotContain('+', tokens[0]);
        Assert.DoesNotContain('/', tokens[0]);
    }

    private async Task OpenYearAsync()
    {
        await LeaderBallotYear.SetStageAsync(host, AppraisalCalendar.Closed);
        await LeaderBallotYear.LoadCatalogueAsync(host);
        await LeaderBallotYear.AddUnitAsync(host, Finance, "Sở Tài chính");
        await LeaderBallotYear.AddUnitAsync(host, Health, "Sở Y tế");
        await LeaderBallotYear.AddUnitAsync(host, District, "UBND huyện Thanh Ba", "02");
    }

    private static decimal? Score(JsonElement ballot, string unitId)
    {
        var unit = ballot.GetProperty("groups").EnumerateArray().SelectMany(group => group.GetProperty("units").EnumerateArray())
            .Single(item => item.GetProperty("unitId").GetString() == unitId);
        return unit.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number ? score.GetDecimal() : null;
    }
}
