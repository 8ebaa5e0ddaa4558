using System.Net;
using System.Text.Json.Nodes;
using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Appraisal;
using Evaluation.Infrastructure.Seed;
using Evaluation.Infrastructure.Storage;
using Evaluation.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.Results;

/// <summary>
/// A year whose ranking the ranking activity has stored, set up the way the system would have it: the year, the
/// sample index sets 01 and 02, the units and their people through the HTTP API; the council's decisions and a
/// penalty of Sở Thử A through the appraisal store; score sheets built by the domain's <see cref="ScoreSheetBuilder"/>
/// from those scores, ranked by <see cref="RankingEngine"/> and saved as the ranking activity saves them.
/// <para>
/// Type 01 (5 units): Sở Thử B 97,5 (xuất sắc) › Sở Thử A 93,25 › Sở Thử C = Sở Thử D 86 (đồng hạng 3) › Sở Thử E.
/// Type 02: Huyện Thử X › Huyện Thử Y.
/// </para>
/// </summary>
public sealed record RankedYear(int Year, RankingDocument Ranking, ScoreSheet Sheet)
{
    public const string UnitA = "so-thu-a";
    public const string UnitB = "so-thu-b";
    public const string UnitC = "so-thu-c";
    public const string UnitD = "so-thu-d";
    public const string UnitE = "so-thu-e";
    public const string DistrictX = "huyen-thu-x";
    public const string DistrictY = "huyen-thu-y";

    public const string Round1Reason = "Chỉ 2/4 nhiệm vụ trọng tâm triển khai đúng tiến độ; chấm 1,5 điểm.";
    public const string EvidenceRequest = "Đề nghị bổ sung quyết định ban hành kế hoạch cải cách hành chính năm.";
    public const string Round2Reason = "Kế hoạch ban hành chậm so với quy định; chấm 0,5 điểm.";
    public const string PenaltyReason = "Vi phạm trong quản lý đầu tư công được phát hiện qua thanh tra.";
    public const string PenaltyEvidence = "Kết luận thanh tra số 12/KL-TTr ngày 15/3";

    public static DateTimeOffset PublishedAt(int year) => new(year, 12, 30, 9, 0, 0, TimeSpan.FromHours(7));

    public static string StaffOf(string unitId) => $"canbo.{unitId}@thu.phutho.vn";

    public const string Appraiser = "thamdinh.snv@thu.phutho.vn";

    public RankedUnitDocument Unit(string unitId) => Ranking.Groups.SelectMany(group => group.Units).Single(unit => unit.UnitId == unitId);

    /// <summary>Sets the year up, stores its ranking and score sheet; with <paramref name="publish"/> also publishes it.</summary>
    public static async Task<RankedYear> CreateAsync(LocalHostFixture host, int year, bool publish)
    {
        using var admin = host.Client();
        await EnsureAsync(admin.PutAsync($"/api/years/{year}", LocalHostFixture.Json("{}")));
        foreach (var indexSet in new[] { "01", "02" })
        {
            var catalogue = JsonNode.Parse(SeedData.ReadBytes($"catalogues/2025/{indexSet}.json"))!;
            catalogue["year"] = year;
            await EnsureAsync(admin.PutAsync($"/api/years/{year}/catalogues/{indexSet}", LocalHostFixture.Json(catalogue.ToJsonString())));
        }

        var units = new Unit[]
        {
            new(UnitA, "Sở Thử A", "01"), new(UnitB, "Sở Thử B", "01"), new(UnitC, "Sở Thử C", "01"), new(UnitD, "Sở Thử D", "01"),
            new(UnitE, "Sở Thử E", "01"), new(DistrictX, "Huyện Thử X", "02"), new(DistrictY, "Huyện Thử Y", "02"),
        };
        foreach (var unit in units)
        {
            await EnsureAsync(admin.PutAsync($"/api/years/{year}/units/{unit.UnitId}", LocalHostFixture.Json(new JsonObject { ["name"] = unit.Name, ["type"] = unit.Type }.ToJsonString())));
        }

        foreach (var unitId in new[] { UnitA, UnitB })
        {
            await EnsureAsync(admin.PutAsync($"/api/people/{Uri.EscapeDataString(StaffOf(unitId))}", LocalHostFixture.Json(
                new JsonObject { ["name"] = "Cán bộ " + unitId, ["role"] = "unitStaff", ["unitId"] = unitId }.ToJsonString())));
        }

        await EnsureAsync(admin.PutAsync($"/api/people/{Uri.EscapeDataString(Appraiser)}", LocalHostFixture.Json(
            new JsonObject { ["name"] = "Nguyễn Văn Thẩm", ["role"] = "appraiser", ["agencyId"] = "SNV" }.ToJsonString())));

        var services = host.Services;
        await RecordCouncilWorkAsync(services.GetRequiredService<AppraisalStore>(), year);

        var store = services.GetRequiredService<CatalogueStore>();
        var catalogues = new Dictionary<string, Catalogue>
        {
            ["01"] = (await store.GetAsync(year, "01"))!,
            ["02"] = (await store.GetAsync(year, "02"))!,
        };
        var computedAt = new DateTimeOffset(year, 12, 29, 8, 0, 0, TimeSpan.FromHours(7));
        var sheets = units.Select(unit => Build(unit, catalogues[unit.Type])).ToList();
        var sheet = new ScoreSheet { Year = year, ComputedAt = computedAt, Units = sheets };
        var settings = RankingSettings.Default;
        var ranking = RankingDocument.From(RankingEngine.Rank(sheets.Select(ScoreSheetBuilder.Scorecard), settings)) with
        {
            Year = year,
            ComputedAt = computedAt,
            Settings = RankingSettingsDocument.From(settings),
            Published = publish,
            PublishedAt = publish ? PublishedAt(year) : null,
        };

        var results = services.GetRequiredService<ResultStore>();
        await results.SaveAsync(year, ranking);
        await results.SaveSheetAsync(year, sheet);
        if (publish)
        {
            await services.GetRequiredService<YearStore>().MarkPublishedAsync(year, PublishedAt(year));
        }

        return new RankedYear(year, ranking, sheet);
    }

    /// <summary>
    /// Sở Thử A: I.1.2 scored 1,5 against its 3 (round 1, disagree), II.1.1 asked for evidence then scored 0,5 in
    /// round 2, I.1.1 agreed (not a shortcoming); the inspectorate deducts 1,5 under VII.3.
    /// </summary>
    private static async Task RecordCouncilWorkAsync(AppraisalStore appraisals, int year)
    {
        var at = new DateTimeOffset(year, 12, 20, 10, 0, 0, TimeSpan.FromHours(7));
        var noFiles = Array.Empty<string>();
        await appraisals.DecideAsync(year, UnitA, "I.1.1", AppraisalRounds.First, new DecisionInput(DecisionKind.Agree, 2m, string.Empty, false),
            DecisionBasis.Of(2m, noFiles), "thamdinh.skhdt@thu.phutho.vn", "SKHDT", at, null);
        await appraisals.DecideAsync(year, UnitA, "I.1.2", AppraisalRounds.First, new DecisionInput(DecisionKind.Disagree, 1.5m, Round1Reason, false),
            DecisionBasis.Of(3m, noFiles), "thamdinh.skhdt@thu.phutho.vn", "SKHDT", at, null);
        await appraisals.DecideAsync(year, UnitA, "II.1.1", AppraisalRounds.First, new DecisionInput(DecisionKind.RequestEvidence, 0m, EvidenceRequest, false),
            DecisionBasis.Of(1m, noFiles), Appraiser, "SNV", at, null);
        await appraisals.DecideAsync(year, UnitA, "II.1.1", AppraisalRounds.Second, new DecisionInput(DecisionKind.Disagree, 0.5m, Round2Reason, false),
            DecisionBasis.Of(1m, noFiles), Appraiser, "SNV", at.AddDays(4), null);
        await appraisals.RecordPenaltiesAsync(year, UnitA,
            new Dictionary<string, PenaltyInput> { ["VII.3"] = new(1.5m, PenaltyReason, PenaltySource.Inspection, PenaltyEvidence) },
            "thanhtra@thu.phutho.vn", "TTT", at);
    }

    /// <summary>Each unit's final scores: the maximum except where the pattern below takes points away.</summary>
    private static UnitScoreSheet Build(Unit unit, Catalogue catalogue)
    {
        Func<Criterion, decimal> score = unit.UnitId switch
        {
            UnitA => leaf => leaf.Code switch { "I.1.2" => 1.5m, "II.1.1" => 0.5m, "I.2.3.1" => 1m, _ => leaf.MaxScore },
            UnitB => leaf => leaf.Code == "I.4.6" ? 1m : leaf.MaxScore,
            UnitC or UnitD => leaf => leaf.Code is "I.1.1" or "I.1.2" or "I.1.3" or "II.7.5" ? 0m : leaf.MaxScore,
            UnitE or DistrictY => leaf => leaf.MaxScore / 2,
            _ => leaf => leaf.MaxScore,
        };
        var penalties = unit.UnitId switch
        {
            UnitA => new Dictionary<string, decimal> { ["VII.3"] = 1.5m },
            UnitE => new Dictionary<string, decimal> { ["VII.7"] = 2m },
            _ => new Dictionary<string, decimal>(),
        };
        var (survey, leaders) = unit.UnitId switch
        {
            UnitA => (12.5m, 3.25m),
            UnitB => (13m, 3.5m),
            UnitC or UnitD => (11m, 3m),
            UnitE or DistrictY => (8m, 2m),
            _ => (12m, 3m),
        };
        var leaves = catalogue.Entries().Where(entry => entry.Criterion.IsLeaf).ToDictionary(entry => entry.Criterion.Code, entry => entry.Criterion);
        // Leaves scored from another index take the same pattern, as if the index had been imported.
        return ScoreSheetBuilder.Build(unit, catalogue, code => score(leaves[code]), penalties, survey, leaders, code => score(leaves[code]));
    }

    private static async Task EnsureAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            throw new InvalidOperationException($"Setup: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
