using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Evaluation.Domain.Ranking;
using Evaluation.Infrastructure.Exports;
using Evaluation.Infrastructure.Notifications;
using Evaluation.IntegrationTests.Infrastructure;
using static Evaluation.IntegrationTests.Workflow.YearCycleJourney;

namespace Evaluation.IntegrationTests.Workflow;

/// <summary>
/// Issue 5's end-to-end test: a whole year on the local host (Durable Task on Azurite, Graph calls to the recording
/// endpoint) with deadlines seconds apart. Steps end early when people finish, reminders and escalations reach the
/// outbox exactly once, a calendar change moves a pending deadline, leaders score through their links, the ranking
/// activity's result equals the domain engine's, and publication freezes the year.
/// </summary>
public sealed class YearCycleEndToEndTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(10);

    [Fact]
    [Trait("Requirement", "R-7.1")]
    [Trait("Requirement", "R-7.2")]
    [Trait("Requirement", "R-5.2")]
    [Trait("Requirement", "R-5.3")]
    [Trait("Requirement", "R-6.4")]
    [Trait("Requirement", "R-8.1")]
    public async Task A_compressed_year_runs_from_self_assessment_to_publication()
    {
        var journey = new YearCycleJourney(host, AppraisalCalendar.Year);
        var year = journey.Year;
        using var admin = host.Client();
        await journey.SetUpAsync("PT4S");

        // Submission ends the unit's self-assessment early: A and B are in round 1 while the year is not.
        await journey.SelfAssessAndSubmitAsync(UnitA);
        await journey.SelfAssessAndSubmitAsync(UnitB);
        await journey.WaitForUnitPhasesAsync(admin, "appraisalRound1", UnitA, UnitB);
        Assert.Equal("selfAssessment", await journey.YearPhaseAsync());
        await journey.AppraiseAsync(UnitA, 1);
        await journey.AppraiseAsync(UnitB, 1, disagreeOn: DisagreedCode);

        // A calendar change reaches the running orchestrations: the self-assessment deadline first a minute away,
        // then moved to ten seconds away; unit C (never submitted) leaves self-assessment at the new deadline.
        await journey.CompressCalendarAsync(60, 70, 80, 90, 100, 110);
        var dues = await journey.CompressCalendarAsync(12, 32, 40, 68, 88, 108);
        await journey.WaitForUnitPhasesAsync(admin, "appraisalRound1", UnitC);
        var unitC = (await admin.GetFromJsonAsync<JsonElement>($"/api/years/{year}/units?progress=false")).GetProperty("units").EnumerateArray()
            .First(unit => unit.GetProperty("unitId").GetString() == UnitC);
        var since = unitC.GetProperty("phaseSince").GetDateTimeOffset();
        Assert.InRange(since, dues[0], dues[0] + Lateness);

        // C's head was reminded before the deadline and, with the working group, told once it passed.
        // The escalations go out several at a time, in no fixed order: wait for both recipients.
        await Eventually.ReturnsAsync(
            () => journey.OutboxAsync(),
            messages => new[] { WorkingGroup, Head(UnitC) }.All(to => messages.Any(message =>
                message.To == to && message.Subject?.StartsWith("Quá hạn: Tự đánh giá", StringComparison.Ordinal) == true)),
            TimeSpan.FromSeconds(30),
            "the self-assessment escalation to the working group and the head of C");
        var headOfC = await journey.OutboxAsync(Head(UnitC));
        Assert.Single(headOfC, message => message.Subject!.StartsWith("Nhắc hạn: Tự đánh giá", StringComparison.Ordinal));
        Assert.Single(headOfC, message => message.Subject!.StartsWith("Quá hạn: Tự đánh giá", StringComparison.Ordinal));
        Assert.All(headOfC, message => Assert.Contains($"/app/years/{year}/units/{UnitC}/assessment", message.HtmlBody, StringComparison.Ordinal));
        Assert.DoesNotContain(await journey.OutboxAsync(Head(UnitA)), message => message.Subject!.Contains("Tự đánh giá", StringComparison.Ordinal));

        // The council finishes C in round 1 (nothing questioned) and B's questioned criterion in round 2: every unit
        // is appraised, so the province opens leader scoring before the round-2 deadline.
        await journey.AppraiseAsync(UnitC, 1);
        await journey.WaitForUnitPhasesAsync(admin, "appraisalRound2", UnitB);
        await journey.AppraiseAsync(UnitB, 2);
        await journey.WaitForYearPhaseAsync("leaderScoring", TimeSpan.FromSeconds(30));
        Assert.True(DateTimeOffset.UtcNow < dues[3], "leader scoring should open before the round-2 deadline once every unit is appraised");

        // Each leader got the personal link by Teams and by e-mail and scores through it.
        foreach (var leader in new[] { Leader1, Leader2 })
        {
            var messages = await Eventually.ReturnsAsync(() => journey.OutboxAsync(leader), list => list.Count >= 2, TimeSpan.FromSeconds(20), $"the links to {leader}");
            Assert.Single(messages, message => message.Kind == OutboxKinds.Teams);
            Assert.Single(messages, message => message.Kind == OutboxKinds.Mail && message.Subject!.StartsWith("Mời chấm điểm", StringComparison.Ordinal));
        }

        await journey.ScoreThroughLinkAsync(Leader1, new Dictionary<string, decimal> { [UnitA] = 4m, [UnitB] = 3m, [UnitC] = 2m });
        await journey.ScoreThroughLinkAsync(Leader2, new Dictionary<string, decimal> { [UnitA] = 3.5m, [UnitB] = 3m });

        // Leader scoring closes at its deadline; the ranking activity ranks from the stored scores.
        await journey.WaitForYearPhaseAsync("ranking", TimeSpan.FromSeconds(90));
        var results = await admin.GetFromJsonAsync<RankingDocument>($"/api/years/{year}/results", Evaluation.Domain.Common.EvaluationJson.Options);
        Assert.NotNull(results);
        Assert.False(results.Published);
        var expected = RankingDocument.From(RankingEngine.Rank(
        [
            Card(UnitA, i: 6m, ii: 1m, vi: 3.75m),
            Card(UnitB, i: 6m, ii: 1m, vi: 3m),
            Card(UnitC, i: 0m, ii: 0m, vi: 2m),
        ], RankingSettings.Default));
        var group = Assert.Single(results.Groups);
        Assert.Equal(
            expected.Groups[0].Units.Select(unit => (unit.UnitId, unit.Total, unit.Rank, unit.Class, unit.Tie)),
            group.Units.Select(unit => (unit.UnitId, unit.Total, unit.Rank, unit.Class, unit.Tie)));
        Assert.Empty(results.Flags);

        // Leader 2 left C unscored: reminded before the deadline, and the working group told after it.
        Assert.Single(await journey.OutboxAsync(Leader2), message => message.Subject!.StartsWith("Nhắc hạn: Chấm điểm", StringComparison.Ordinal));
        Assert.DoesNotContain(await journey.OutboxAsync(Leader1), message => message.Subject!.StartsWith("Nhắc hạn", StringComparison.Ordinal));

        // The working group may have the ranking computed again before publishing: same figures, a newer result.
        using (var again = await admin.PostAsync($"/api/years/{year}/results/recompute", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        var recomputed = await Eventually.ReturnsAsync(
            async () => (await admin.GetFromJsonAsync<RankingDocument>($"/api/years/{year}/results", Evaluation.Domain.Common.EvaluationJson.Options))!,
            document => document.ComputedAt > results.ComputedAt,
            TimeSpan.FromSeconds(30),
            "the ranking to be computed again");
        Assert.Equal(group.Units.Select(unit => unit.Total), recomputed.Groups[0].Units.Select(unit => unit.Total));

        // Publication freezes the year.
        using (var published = await admin.PostAsync($"/api/years/{year}/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }

        await journey.WaitForYearPhaseAsync("published", TimeSpan.FromSeconds(30));
        await journey.WaitForUnitPhasesAsync(admin, "published", Units);
        using var anonymous = host.Client(email: null);
        var open = await anonymous.GetFromJsonAsync<RankingDocument>($"/api/years/{year}/results", Evaluation.Domain.Common.EvaluationJson.Options);
        Assert.True(open!.Published);
        Assert.Equal(group.Units.Select(unit => unit.Total), open.Groups[0].Units.Select(unit => unit.Total));

        // The workbook for the PC's decision holds the published figures, in rank order.
        var bytes = await anonymous.GetByteArrayAsync($"/api/years/{year}/results/workbook");
        using (var workbook = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            var sheet = Assert.Single(WorkbookCells.Sheets(workbook)).Part;
            var header = ResultsWorkbook.HeaderRow;
            for (var i = 0; i < open.Groups[0].Units.Count; i++)
            {
                var unit = open.Groups[0].Units[i];
                Assert.Equal(unit.Name, WorkbookCells.CellText(workbook, sheet, $"B{header + 1 + i}"));
                Assert.Equal(unit.Total, WorkbookCells.Number(sheet, $"J{header + 1 + i}"));
                Assert.Equal(unit.Sections["VI"], WorkbookCells.Number(sheet, $"H{header + 1 + i}"));
            }
        }

        using var headOfA = host.Client(Head(UnitA));
        await RefusedAsync(headOfA.PutAsJsonAsync($"/api/years/{year}/units/{UnitA}/assessment/criteria/I.1.1", new { selfScore = 2, explanation = "Sửa sau công bố." }));
        using var appraiser = host.Client(Appraiser("SNV"));
        await RefusedAsync(appraiser.PutAsJsonAsync($"/api/years/{year}/units/{UnitA}/appraisal/2/criteria/I.1.1", new { decision = "agree" }));
        await RefusedAsync(admin.PutAsync($"/api/years/{year}", LocalHostFixture.Json("{}")));
        await RefusedAsync(admin.PutAsync($"/api/years/{year}/units/don-vi-d", LocalHostFixture.Json("""{ "name": "Sở mới", "type": "01" }""")));
        await RefusedAsync(admin.PostAsync($"/api/years/{year}/publish", null));
        await RefusedAsync(admin.PostAsync($"/api/years/{year}/results/recompute", null));

        // Every reminder, escalation and link reached each person exactly once.
        var all = await journey.OutboxAsync();
        var repeated = all.GroupBy(message => (message.Kind, message.To, message.Subject, message.Preview)).Where(same => same.Count() > 1).Select(same => same.Key).ToList();
        Assert.Empty(repeated);
    }

    private static async Task RefusedAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
    }

    private static Scorecard Card(string unitId, decimal i, decimal ii, decimal vi) =>
        new(unitId, "Sở thử " + unitId[^1..].ToUpperInvariant(), "01", new SectionScores(new Dictionary<string, decimal>
        {
            ["I"] = i, ["II"] = ii, ["III"] = 0m, ["IV"] = 0m, ["V"] = 0m, ["VI"] = vi, ["VII"] = 0m,
        }));
}
