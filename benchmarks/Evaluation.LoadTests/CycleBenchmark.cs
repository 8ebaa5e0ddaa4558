using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using Evaluation.Domain.Assessments;
using Evaluation.Domain.Calendar;
using Evaluation.Infrastructure.Seed;
using Evaluation.Infrastructure.Storage;
using Evaluation.Workflow.Reminders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Evaluation.LoadTests;

/// <summary>
/// Issue 5's benchmark: one whole compressed yearly cycle for 60 units on the local host, and the storage
/// transactions it used. The year is set up through the API as the working group would (catalogues 01–04, the 48
/// units of data/units/2025.json and 12 more, a head per unit, the seven council agencies' appraisers, three leaders,
/// a working-group member, reminders 3 s before each deadline) and started with a calendar days ahead. Then the
/// calendar is moved to deadlines seconds apart and the people act through the API: a third of the units submit
/// early, another third only save scores, the appraisers decide a few criteria (two units completely), the units
/// explain what was questioned, round 2 decides half of it, the leaders score, and the working group publishes once
/// the ranking is there. Every storage request of the host passes a counting proxy in front of Azurite
/// (<see cref="CountingStorageProxy"/>), so the Table/Blob/Queue transactions of the cycle, the Durable Task
/// backend's polling included, are counted from the calendar change to publication.
/// </summary>
public sealed class CycleBenchmark(LoadTestOptions options, Report report)
{
    private const int ExtraUnitsPerType = 3;
    private const int Parallelism = 8;
    private const string WorkingGroup = "tocongtac@thu.phutho.vn";
    private const string ReminderLead = "PT3S";

    private static readonly TimeSpan TargetCycle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CycleLimit = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private const int PollCalibrationReads = 10;

    private static readonly string[] CouncilAgencies = ["SKHDT", "SNV", "STC", "VPUBND", "STP", "STTTT", "TTT"];

    private static readonly string[] Leaders = ["chutich@thu.phutho.vn", "phochutich1@thu.phutho.vn", "phochutich2@thu.phutho.vn"];

    /// <summary>The compressed calendar: each deadline's distance from its start (the calendar change plus a lead, see RunCycleAsync).</summary>
    private static readonly CycleStep[] Steps =
    [
        new("selfAssessment", "appraisalRound1", "Self-assessment → round 1", TimeSpan.FromSeconds(12)),
        new("appraisalRound1", "explanation", "Round 1 → explanation", TimeSpan.FromSeconds(22)),
        new("explanation", "appraisalRound2", "Explanation → round 2", TimeSpan.FromSeconds(28)),
        new("appraisalRound2", "leaderScoring", "Round 2 → leader scoring", TimeSpan.FromSeconds(36)),
        new("leaderScoring", "ranking", "Leader scoring → ranking", TimeSpan.FromSeconds(46)),
    ];

    private static readonly TimeSpan PublicationOffset = TimeSpan.FromSeconds(56);

    /// <summary>The least time between the calendar change and the compressed calendar's start.</summary>
    private static readonly TimeSpan MinimumLead = TimeSpan.FromSeconds(2);

    private static readonly string[] PhaseOrder = ["setup", "selfAssessment", "appraisalRound1", "explanation", "appraisalRound2", "leaderScoring", "ranking", "published"];

    private readonly ActionLog _actions = new();

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        report.Section("cycle: a whole compressed yearly cycle, 60 units",
            $"The year {DateTime.UtcNow.Year} set up through the API and started with a calendar days ahead, then moved to deadlines seconds apart, counted from a short lead after the change " +
            $"({string.Join(", ", Steps.Select(step => $"{step.From} +{step.Due.TotalSeconds:0} s"))}, publication +{PublicationOffset.TotalSeconds:0} s; " +
            $"reminders {ReminderLead} before each). People act through the API; the working group publishes when the year reaches \"ranking\". " +
            "Storage requests of the host are counted by a proxy in front of Azurite from the calendar change to \"published\".");

        // --own-azurite: an emulator of this run's own, so that other users of the shared one do not set the pace.
        await using var azurite = options.OwnAzurite ? await PrivateAzurite.StartAsync(cancellationToken) : null;
        report.Line(azurite is null
            ? $"Storage: {options.StorageDescription} (the machine's shared Azurite unless --storage says otherwise), through the counting proxy; other processes using it at the same time slow it down."
            : "Storage: a private in-memory Azurite started for this run (--own-azurite), through the counting proxy.");
        await using var proxy = await CountingStorageProxy.StartAsync(azurite?.ConnectionString ?? options.Storage, cancellationToken);
        var host = await HostProcess.StartAsync(options with { Storage = proxy.ConnectionString }, "cycle", cancellationToken);
        try
        {
            using var api = new ApiClient(host.BaseAddress, Parallelism * 2, TimeSpan.FromMinutes(2));
            var setupClock = Stopwatch.StartNew();
            var year = await SetUpAsync(api, cancellationToken);
            Report.Progress($"setup: {year.Units.Count} units, {year.Units.Count + CouncilAgencies.Length + Leaders.Length + 1} people, year {year.Number} started in {setupClock.Elapsed.TotalSeconds:0} s");

            var owners = new StorageOwners(host.Prefix);
            var idle = await MeasureIdleAsync(proxy, owners, cancellationToken);
            var pollCost = await MeasurePollCostAsync(api, proxy, owners, year, cancellationToken);

            var run = await RunCycleAsync(api, host, proxy, year, cancellationToken);
            await ReportAsync(api, host, owners, year, run, idle, pollCost, cancellationToken);
        }
        finally
        {
            await host.DisposeAsync();
            if (azurite is null)
            {
                await StorageCleanup.DeleteAsync(options, host.Prefix);
            }
        }
    }

    // ---- Setup: what the working group does before the cycle ----

    private static async Task<CycleYear> SetUpAsync(ApiClient api, CancellationToken cancellationToken)
    {
        var number = DateTime.UtcNow.Year;
        var yearPath = YearPath(number);
        var now = DateTimeOffset.UtcNow;

        // Days ahead first: the year starts as it would in December, with nothing due yet.
        await EnsureAsync(api, HttpMethod.Put, yearPath, ApiClient.Admin, YearBody(Enumerable.Range(2, 6).Select(days => now.AddDays(days)).ToList()), cancellationToken);

        var shipped = SeedData.Units(2025) ?? throw new InvalidDataException("data/units/2025.json is missing.");
        var leaves = new Dictionary<string, IReadOnlyList<Leaf>>(StringComparer.Ordinal);
        foreach (var catalogue in SeedData.Catalogues(2025))
        {
            var json = JsonNode.Parse(SeedData.ReadBytes($"catalogues/2025/{catalogue.IndexSet}.json"))!;
            json["year"] = number;
            await EnsureAsync(api, HttpMethod.Put, $"{yearPath}/catalogues/{catalogue.IndexSet}", ApiClient.Admin, json, cancellationToken);
            leaves[catalogue.IndexSet] = catalogue.Leaves()
                .Where(entry => SelfAssessmentRules.IsSelfAssessed(entry))
                .Select(entry => new Leaf(entry.Criterion.Code, entry.Criterion.MaxScore, entry.Criterion.AllowedScores ?? []))
                .ToList();
        }

        // The province's 48 units and three more of each type: 60 in all.
        var units = shipped.Units.Select(unit => (unit.UnitId, unit.Name, unit.Type, unit.AgencyId)).ToList();
        foreach (var type in shipped.UnitTypes)
        {
            for (var i = 1; i <= ExtraUnitsPerType; i++)
            {
                units.Add(($"don-vi-them-{type.Code}-{i}", $"Đơn vị bổ sung {i} ({type.Name})", type.Code, null));
            }
        }

        var cycleUnits = units.Select(unit => new CycleUnit(unit.UnitId, unit.Type, unit.AgencyId, $"thutruong.{unit.UnitId}@thu.phutho.vn", leaves[unit.Type])).ToList();
        await ForEachAsync(units, async unit =>
        {
            var body = new JsonObject { ["name"] = unit.Name, ["type"] = unit.Type };
            if (unit.AgencyId is not null)
            {
                body["agencyId"] = unit.AgencyId;
            }

            await EnsureAsync(api, HttpMethod.Put, $"{yearPath}/units/{unit.UnitId}", ApiClient.Admin, body, cancellationToken);
        }, cancellationToken);

        var people = cycleUnits.Select(unit => (unit.Head, new JsonObject { ["name"] = "Thủ trưởng " + unit.UnitId, ["role"] = "unitHead", ["unitId"] = unit.UnitId }))
            .Concat(CouncilAgencies.Select(agency => (Appraiser(agency), new JsonObject { ["name"] = "Thẩm định viên " + agency, ["role"] = "appraiser", ["agencyId"] = agency })))
            .Concat(Leaders.Select((leader, i) => (leader, new JsonObject { ["name"] = i == 0 ? "Chủ tịch UBND tỉnh" : $"Phó Chủ tịch UBND tỉnh {i}", ["role"] = "leader" })))
            .Append((WorkingGroup, new JsonObject { ["name"] = "Tổ công tác", ["role"] = "workingGroup" }))
            .ToList();
        await ForEachAsync(people, person => EnsureAsync(api, HttpMethod.Put, $"/api/people/{Uri.EscapeDataString(person.Item1)}", ApiClient.Admin, person.Item2, cancellationToken), cancellationToken);

        await EnsureAsync(api, HttpMethod.Post, $"{yearPath}/start", WorkingGroup, null, cancellationToken);
        await WaitUntilAsync(async () => (await UnitPhasesAsync(api, number, cancellationToken)).Values.Count(phase => phase.Phase == "selfAssessment") == cycleUnits.Count,
            TimeSpan.FromSeconds(120), "every unit to enter self-assessment", cancellationToken);

        // A first calendar change, a day later, sizes the lead the compressed calendar needs: the PUT tells every
        // orchestration before it answers, and the first deadline must not pass meanwhile.
        var change = Stopwatch.StartNew();
        await EnsureAsync(api, HttpMethod.Put, yearPath, WorkingGroup, YearBody(Enumerable.Range(3, 6).Select(days => now.AddDays(days)).ToList()), cancellationToken);
        return new CycleYear(number, cycleUnits, change.Elapsed);
    }

    // ---- Before the cycle: the backend's idle cost and the cost of this tool's own polls ----

    /// <summary>What storage costs with nothing to do: the Durable backend polling its queues and renewing leases.</summary>
    private static async Task<StorageTally> MeasureIdleAsync(CountingStorageProxy proxy, StorageOwners owners, CancellationToken cancellationToken)
    {
        // The start's and the warm-up change's work (61 orchestrations each) drains first: quiet is a whole second
        // without a request to the app's storage or to the task hub's history and instances (polling goes on).
        var clock = Stopwatch.StartNew();
        using var second = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var last = proxy.Snapshot();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await second.WaitForNextTickAsync(cancellationToken);
            var now = proxy.Snapshot();
            var busy = StorageTally.Between(last, now, owners).ByResource
                .Any(pair => owners.Owner(pair.Key) == StorageOwner.App
                    || (pair.Key.Service == StorageService.Table && owners.Owner(pair.Key) == StorageOwner.Durable && !pair.Key.Resource.EndsWith("Partitions", StringComparison.Ordinal)));
            last = now;
            if (!busy)
            {
                break;
            }
        }

        Report.Progress($"quiet after {clock.Elapsed.TotalSeconds:0} s; measuring the idle backend for {IdleWindow.TotalSeconds:0} s");
        var before = proxy.Snapshot();
        await Task.Delay(IdleWindow, cancellationToken);
        return StorageTally.Between(before, proxy.Snapshot(), owners);
    }

    /// <summary>
    /// Storage transactions of one poll of the year and of the unit list, measured on the app's tables while the
    /// backend idles (it never touches them), so that the polls this tool makes during the cycle can be taken out.
    /// </summary>
    private static async Task<PollCost> MeasurePollCostAsync(ApiClient api, CountingStorageProxy proxy, StorageOwners owners, CycleYear year, CancellationToken cancellationToken)
    {
        async Task<double> PerReadAsync(string path)
        {
            var before = proxy.Snapshot();
            for (var i = 0; i < PollCalibrationReads; i++)
            {
                using var response = await api.SendAsync(HttpMethod.Get, path, WorkingGroup, cancellationToken: cancellationToken);
                response.EnsureSuccessStatusCode();
            }

            return (double)StorageTally.Between(before, proxy.Snapshot(), owners).Count(StorageOwner.App) / PollCalibrationReads;
        }

        return new PollCost(await PerReadAsync(YearPath(year.Number)), await PerReadAsync(UnitsPollPath(year.Number)));
    }

    // ---- The cycle ----

    private async Task<CycleRun> RunCycleAsync(ApiClient api, HostProcess host, CountingStorageProxy proxy, CycleYear year, CancellationToken cancellationToken)
    {
        proxy.RestartLongest();
        var start = proxy.Snapshot();
        var cpuBefore = host.CpuTime();
        // Zero of every figure is the calendar change; the compressed calendar starts a lead later (see SetUpAsync).
        var t0 = DateTimeOffset.UtcNow;
        var lead = TimeSpan.FromSeconds(Math.Max(MinimumLead.TotalSeconds, Math.Ceiling(1.5 * year.CalendarChange.TotalSeconds)));
        // Whole milliseconds, as the deadlines travel in the PUT body, so that lateness compares like with like.
        var planned = new DateTimeOffset((t0 + lead).UtcTicks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var deadlines = Steps.ToDictionary(step => step.From, step => planned + step.Due, StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        await EnsureAsync(api, HttpMethod.Put, YearPath(year.Number), WorkingGroup, YearBody([.. Steps.Select(step => deadlines[step.From]), planned + PublicationOffset]), cancellationToken);
        var calendarPut = clock.Elapsed;
        Report.Progress($"calendar moved: {calendarPut.TotalMilliseconds:0} ms (warm-up change {year.CalendarChange.TotalMilliseconds:0} ms, lead {lead.TotalSeconds:0} s); self-assessment due in {(deadlines["selfAssessment"] - DateTimeOffset.UtcNow).TotalSeconds:0.0} s");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(CycleLimit);
        var watch = new PhaseWatch(year.Units.Select(unit => unit.UnitId));
        var poller = watch.PollAsync(api, year.Number, stop.Token);
        try
        {
            var people = PeopleActAsync(api, year, planned, deadlines, watch, stop.Token);
            await watch.Reached("ranking").WaitAsync(stop.Token);
            var ranking = clock.Elapsed;
            Report.Progress($"ranking after {ranking.TotalSeconds:0.0} s");

            var publishSent = DateTimeOffset.UtcNow;
            var published = await ActAsync(api, "Publish (working group)", HttpMethod.Post, $"{YearPath(year.Number)}/publish", WorkingGroup,
                new JsonObject { ["flagsReviewed"] = true }, stop.Token)
                ?? throw new InvalidOperationException("The working group could not publish: " + _actions.FirstRefusal("Publish (working group)"));
            await watch.Reached("published").WaitAsync(stop.Token);
            var end = proxy.Snapshot();
            var total = clock.Elapsed;
            var cpu = host.CpuTime() - cpuBefore;
            Report.Progress($"published after {total.TotalSeconds:0.0} s");
            await people;
            using var ranked = JsonDocument.Parse(published);
            var flags = ranked.RootElement.TryGetProperty("flags", out var list) ? list.GetArrayLength() : -1;
            await stop.CancelAsync();
            await poller;
            return new CycleRun(t0, lead, deadlines, calendarPut, ranking, total, publishSent, flags, cpu, start, end, watch);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ReportTimeline(watch, t0, deadlines);
            report.HostLog(host);
            throw new TimeoutException($"The cycle did not reach \"published\" within {CycleLimit.TotalSeconds:0} s of the calendar change; phases seen: " +
                string.Join(", ", watch.YearSeen.Select(pair => $"{pair.Key} at +{(pair.Value - t0).TotalSeconds:0.0} s")));
        }
    }

    /// <summary>The people's part, each at its time in the compressed calendar.</summary>
    private async Task PeopleActAsync(ApiClient api, CycleYear year, DateTimeOffset planned, Dictionary<string, DateTimeOffset> deadlines, PhaseWatch watch, CancellationToken cancellationToken)
    {
        var submitters = year.Units.Where((_, i) => i % 3 == 0).ToList();
        var savers = year.Units.Where((_, i) => i % 3 == 1).ToList();
        var fullyAppraised = submitters.Take(2).ToHashSet();
        var questioned = new ConcurrentBag<Questioned>();

        // Self-assessment: a third submit early (their round 1 starts at once and the council starts on them), a third save only.
        var selfAssessment = submitters.Select((unit, i) => Task.Run(async () =>
        {
            await UntilAsync(planned + TimeSpan.FromMilliseconds(500 + (250 * i)), cancellationToken);
            await SaveScoresAsync(api, year.Number, unit, cancellationToken);
            var sent = DateTimeOffset.UtcNow;
            if (await ActAsync(api, "Submit self-assessment (head)", HttpMethod.Post, $"{UnitPath(year.Number, unit.UnitId)}/assessment/submit", unit.Head, null, cancellationToken) is not null)
            {
                watch.Submitted(unit.UnitId, sent);
            }

            if (fullyAppraised.Contains(unit))
            {
                await AppraiseFullyAsync(api, year.Number, unit, cancellationToken);
            }
            else
            {
                await AppraiseSomeAsync(api, year.Number, unit, questioned, cancellationToken);
            }
        }, cancellationToken)).Concat(savers.Select((unit, i) => Task.Run(async () =>
        {
            await UntilAsync(planned + TimeSpan.FromMilliseconds(750 + (250 * i)), cancellationToken);
            await SaveScoresAsync(api, year.Number, unit, cancellationToken);
        }, cancellationToken)));
        await Task.WhenAll(selfAssessment);

        // Round 1 for the units whose self-assessment closed at its deadline.
        await UntilAsync(deadlines["selfAssessment"] + TimeSpan.FromMilliseconds(500), cancellationToken);
        await ForEachAsync(savers, unit => AppraiseSomeAsync(api, year.Number, unit, questioned, cancellationToken), cancellationToken);

        // Explanation window: the heads explain every questioned criterion again.
        await UntilAsync(deadlines["appraisalRound1"] + TimeSpan.FromMilliseconds(500), cancellationToken);
        var heads = year.Units.ToDictionary(unit => unit.UnitId, unit => unit.Head, StringComparer.Ordinal);
        await ForEachAsync(questioned.ToList(), item => ActAsync(api, "Explain a questioned criterion (head)", HttpMethod.Put,
            $"{UnitPath(year.Number, item.UnitId)}/assessment/criteria/{item.Code}", heads[item.UnitId],
            new JsonObject { ["selfScore"] = item.SelfScore, ["explanation"] = $"Đơn vị giải trình bổ sung cho tiêu chí {item.Code} theo ý kiến thẩm định lần 1." }, cancellationToken), cancellationToken);

        // Round 2: the council decides half of what it questioned.
        await UntilAsync(deadlines["explanation"] + TimeSpan.FromMilliseconds(500), cancellationToken);
        await ForEachAsync(questioned.Where((_, i) => i % 2 == 0).ToList(), item => ActAsync(api, "Round-2 decision (appraiser)", HttpMethod.Put,
            $"{UnitPath(year.Number, item.UnitId)}/appraisal/2/criteria/{item.Code}", Appraiser(item.Agency), new JsonObject { ["decision"] = "agree" }, cancellationToken), cancellationToken);

        // Leader scoring: each leader scores every unit once the links are out.
        await UntilAsync(deadlines["appraisalRound2"] + TimeSpan.FromMilliseconds(500), cancellationToken);
        await watch.Reached("leaderScoring").WaitAsync(cancellationToken);
        await Task.WhenAll(Leaders.Select((leader, l) =>
        {
            var scores = new JsonObject();
            for (var i = 0; i < year.Units.Count; i++)
            {
                scores[year.Units[i].UnitId] = (decimal)((i + l) % 9) / 2m;
            }

            return ActAsync(api, "Leader ballot (leader, signed in)", HttpMethod.Put, $"{YearPath(year.Number)}/leader-ballots/{Uri.EscapeDataString(leader)}", leader,
                new JsonObject { ["scores"] = scores }, cancellationToken);
        }));
    }

    private async Task SaveScoresAsync(ApiClient api, int year, CycleUnit unit, CancellationToken cancellationToken)
    {
        foreach (var (leaf, i) in unit.Leaves.Take(3).Select((leaf, i) => (leaf, i)))
        {
            await ActAsync(api, "Self-score save (head)", HttpMethod.Put, $"{UnitPath(year, unit.UnitId)}/assessment/criteria/{leaf.Code}", unit.Head,
                new JsonObject { ["selfScore"] = leaf.Score(i + 3), ["explanation"] = $"Kết quả thực hiện {leaf.Code}." }, cancellationToken);
        }
    }

    /// <summary>Every appraised criterion of the unit agreed by the agency that owns it: round 1 (and so round 2) finished early.</summary>
    private async Task AppraiseFullyAsync(ApiClient api, int year, CycleUnit unit, CancellationToken cancellationToken)
    {
        foreach (var agency in CouncilAgencies)
        {
            var items = await QueueAsync(api, year, unit, agency, cancellationToken);
            await ForEachAsync(items, item => ActAsync(api, "Round-1 decision (appraiser)", HttpMethod.Put, $"{UnitPath(year, unit.UnitId)}/appraisal/1/criteria/{item.Code}",
                Appraiser(agency), new JsonObject { ["decision"] = "agree" }, cancellationToken), cancellationToken);
        }
    }

    /// <summary>One agency with work on the unit opens it and decides three criteria: two agreed, one questioned.</summary>
    private async Task AppraiseSomeAsync(ApiClient api, int year, CycleUnit unit, ConcurrentBag<Questioned> questioned, CancellationToken cancellationToken)
    {
        foreach (var agency in CouncilAgencies.Where(agency => agency != unit.AgencyId))
        {
            var items = await QueueAsync(api, year, unit, agency, cancellationToken);
            if (items.Count < 3)
            {
                continue;
            }

            for (var i = 0; i < 3; i++)
            {
                var disagree = i == 2;
                var body = disagree
                    ? new JsonObject { ["decision"] = "disagree", ["score"] = 0, ["reason"] = "Chưa có tài liệu kiểm chứng kết quả." }
                    : new JsonObject { ["decision"] = "agree" };
                if (await ActAsync(api, "Round-1 decision (appraiser)", HttpMethod.Put, $"{UnitPath(year, unit.UnitId)}/appraisal/1/criteria/{items[i].Code}", Appraiser(agency), body, cancellationToken) is not null && disagree)
                {
                    questioned.Add(new Questioned(unit.UnitId, items[i].Code, agency, items[i].SelfScore));
                }
            }

            return;
        }
    }

    private async Task<IReadOnlyList<QueueEntry>> QueueAsync(ApiClient api, int year, CycleUnit unit, string agency, CancellationToken cancellationToken)
    {
        var text = await ActAsync(api, "Appraisal queue of one unit (appraiser)", HttpMethod.Get, $"{YearPath(year)}/appraisal/queue?unitId={unit.UnitId}", Appraiser(agency), null, cancellationToken);
        if (text is null)
        {
            return [];
        }

        using var queue = JsonDocument.Parse(text);
        return queue.RootElement.GetProperty("items").EnumerateArray()
            .Select(item => new QueueEntry(item.GetProperty("code").GetString()!, item.TryGetProperty("selfScore", out var score) && score.ValueKind == JsonValueKind.Number ? score.GetDecimal() : null))
            .ToList();
    }

    // ---- The report ----

    private async Task ReportAsync(ApiClient api, HostProcess host, StorageOwners owners, CycleYear year, CycleRun run, StorageTally idle, PollCost pollCost, CancellationToken cancellationToken)
    {
        var publishedAfter = run.Total;
        report.Table("Timeline (seconds after the calendar change)", ["Measure", "Value"],
        [
            ["Calendar change (PUT year, 61 orchestrations told) answered in", Stats.Ms(run.CalendarPut.TotalMilliseconds) + $" (the warm-up change: {Stats.Ms(year.CalendarChange.TotalMilliseconds)})"],
            ["Compressed calendar starts (lead: 1.5 × the warm-up change, at least 2 s)", $"+{run.Lead.TotalSeconds:0} s; deadlines at " + string.Join(", ", Steps.Select(step => $"+{(run.Deadlines[step.From] - run.T0).TotalSeconds:0}"))],
            ["Year in \"ranking\" (seen)", Seconds(run.Ranking) + $" (leader scoring due +{(run.Deadlines["leaderScoring"] - run.T0).TotalSeconds:0} s)"],
            ["Year in \"published\" (seen)", Seconds(publishedAfter) + $" (publish sent at +{(run.PublishSent - run.T0).TotalSeconds:0.0} s)"],
            ["The same from the compressed calendar's start (without the lead)", Seconds(publishedAfter - run.Lead)],
            ["Ranking flags reviewed at publication", run.Flags < 0 ? "?" : run.Flags.ToString(CultureInfo.InvariantCulture)],
            ["Host CPU during the cycle", $"{run.HostCpu.TotalSeconds:0.0} s ({run.HostCpu.TotalSeconds / publishedAfter.TotalSeconds / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores)"],
            ["Storage answer time through the proxy, mean / max (Table, Blob, Queue)", string.Join("; ", Enum.GetValues<StorageService>().Select(service => run.End.Latency(run.Start, service)))],
            ["Load average after the cycle (1/5/15 min)", File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?"],
        ]);
        ReportTimeline(run.Watch, run.T0, run.Deadlines);
        report.Table("What the people did (API calls during the cycle)", ["Action", "Answered 2xx", "Refused / failed", "First refusal"], _actions.Rows());
        await ReportMessagesAsync(api, run, cancellationToken);
        ReportStorage(run, owners, idle, pollCost, year.Units.Count);
        report.HostLog(host);
        report.Target($"Full cycle, {year.Units.Count} units: calendar change → published", Seconds(publishedAfter) + $" (ranking at {Seconds(run.Ranking)})", "≤ 60 s", publishedAfter <= TargetCycle);
    }

    private void ReportTimeline(PhaseWatch watch, DateTimeOffset t0, IReadOnlyDictionary<string, DateTimeOffset> deadlines)
    {
        report.Table("The year's phase, first seen (polled every 0.5 s; seconds after the calendar change)", ["Phase", "Seen at", "Deadline that starts it", "Seen after that deadline"],
            PhaseOrder.Skip(1).Select(phase =>
            {
                var step = Steps.FirstOrDefault(s => s.To == phase);
                var seen = watch.YearSeen.TryGetValue(phase, out var at) ? $"+{(at - t0).TotalSeconds:0.0} s" : "never seen";
                var due = step is null ? "-" : $"+{(deadlines[step.From] - t0).TotalSeconds:0.0} s";
                var late = step is null || seen == "never seen" ? "-" : $"{(at - deadlines[step.From]).TotalSeconds:0.0} s";
                return (IReadOnlyList<string>)[phase, seen, due, late];
            }).ToList());

        var rows = new List<IReadOnlyList<string>>();
        var events = watch.SubmitLatencies();
        rows.Add(["Submit → round 1 (event, per unit)", events.Count.ToString(CultureInfo.InvariantCulture), Percentiles(events.Select(pair => pair.Recorded)), Percentiles(events.Select(pair => pair.Seen)), "-"]);
        foreach (var step in Steps)
        {
            var moved = watch.Lateness(step.To, deadlines[step.From]);
            rows.Add([step.Name, moved.Count.ToString(CultureInfo.InvariantCulture), Percentiles(moved.Select(pair => pair.Recorded)), Percentiles(moved.Select(pair => pair.Seen)),
                watch.NotReached(step.To).ToString(CultureInfo.InvariantCulture)]);
        }

        report.Table("Units' steps after their deadline (or submission): phaseSince, the orchestration's clock when it recorded the phase (\"recorded\"), " +
            "and when GET …/units first showed it (\"seen\", polled every 0.5 s)",
            ["Step", "Units moved by the timer", "Recorded: median / max", "Seen: median / max", "Units never seen in the new phase"], rows);
        report.Line("\"Recorded\" is the orchestration's clock when it went on after the timer: it never reads before the timer's due time, even when " +
            "the timer message arrives up to a second early (queue visibility is set in whole seconds), so early shows as 0. \"Seen\" is what people " +
            "see: the timer, the phase activity and the table write, plus up to 0.5 s of polling.");
    }

    private async Task ReportMessagesAsync(ApiClient api, CycleRun run, CancellationToken cancellationToken)
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/dev/outbox/messages?take=500", WorkingGroup, cancellationToken: cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            report.Line($"Outbox not read: GET /dev/outbox/messages answered {(int)response.StatusCode}.");
            return;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var messages = json.RootElement.GetProperty("messages").EnumerateArray()
            .Select(message => (Kind: Text(message, "kind"), To: Text(message, "to"), Subject: Text(message, "subject").Length > 0 ? Text(message, "subject") : Text(message, "preview"),
                At: message.GetProperty("receivedAt").GetDateTimeOffset()))
            .ToList();
        var rows = messages
            .GroupBy(message => message.Kind == "teams" ? "Teams: leader's ballot link" : MessageKind(message.Subject))
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group =>
            {
                var duplicates = group.GroupBy(message => (message.To, message.Subject)).Count(same => same.Count() > 1);
                var first = group.Min(message => message.At);
                var due = DueOf(group.Key, run.Deadlines);
                return (IReadOnlyList<string>)[group.Key, group.Count().ToString(CultureInfo.InvariantCulture),
                    group.Select(message => message.To).Distinct(StringComparer.OrdinalIgnoreCase).Count().ToString(CultureInfo.InvariantCulture),
                    duplicates.ToString(CultureInfo.InvariantCulture),
                    $"+{(first - run.T0).TotalSeconds:0.0} s … +{(group.Max(message => message.At) - run.T0).TotalSeconds:0.0} s",
                    due is { } at ? $"{(first - at).TotalSeconds:+0.00;-0.00} s" : "-"];
            })
            .ToList();
        report.Table($"Messages recorded by the local Graph endpoint (/dev/outbox), {messages.Count} in all", ["Message", "Count", "Recipients", "Recipients with the same message twice", "Received (first … last, after the calendar change)",
            "First one vs. its instant (reminder: deadline − lead, escalation: deadline)"], rows);
    }

    private void ReportStorage(CycleRun run, StorageOwners owners, StorageTally idle, PollCost pollCost, int unitCount)
    {
        var tally = StorageTally.Between(run.Start, run.End, owners);
        var seconds = run.Total.TotalSeconds;
        var yearPolls = run.Watch.YearPolls;
        var unitPolls = run.Watch.UnitPolls;
        var polls = (yearPolls * pollCost.Year) + (unitPolls * pollCost.Units);
        var rows = new List<IReadOnlyList<string>>();
        long billedTotal = 0;
        foreach (var service in Enum.GetValues<StorageService>())
        {
            var durable = tally.Count(StorageOwner.Durable, service);
            var app = tally.Count(StorageOwner.App, service);
            var other = tally.Count(StorageOwner.Other, service);
            // The polls read the app's tables only (measured before the cycle).
            var ownPolls = service == StorageService.Table ? (long)Math.Round(polls) : 0;
            var billed = durable + app + other - ownPolls;
            billedTotal += billed;
            rows.Add([service.ToString(), N(durable), N(app), N(ownPolls), N(other), N(billed), Stats.Number((double)billed / unitCount),
                N(tally.Count(StorageOwner.LocalOnly, service)), Stats.Number(idle.Count(StorageOwner.Durable, service) / IdleWindow.TotalSeconds)]);
        }

        rows.Add(["Total", N(tally.Count(StorageOwner.Durable)), N(tally.Count(StorageOwner.App)), N((long)Math.Round(polls)), N(tally.Count(StorageOwner.Other)),
            N(billedTotal), Stats.Number((double)billedTotal / unitCount), N(tally.Count(StorageOwner.LocalOnly)), Stats.Number(idle.Count(StorageOwner.Durable) / IdleWindow.TotalSeconds)]);
        report.Table($"Storage transactions from the calendar change to \"published\" ({seconds:0.0} s), through the counting proxy",
            ["Service", "Durable backend", "App (gross)", "− this tool's polls", "Other", "Billed", "Per unit", "Local only (outbox, not in Azure)", "Durable idle /s"], rows);

        report.Line($"\"Durable backend\" is the Durable Task Azure Storage backend of the local host's sidecar (task hub {owners.Prefix}: control and work-item queues, " +
            "History/Instances tables, lease and large-message blobs), its queue polling included: with the benchmark host's " +
            "Durable:MaxQueuePollingInterval of 0.5 s it polls each idle queue at least twice a second (\"Durable idle /s\", measured over " +
            $"{IdleWindow.TotalSeconds:0} s before the cycle). The Functions app in Azure polls with Durable's default of at most 30 s when idle, so over a real " +
            "cycle of weeks the idle polling, not the work, dominates this line. \"App\" is the app's own tables and containers (activities and API requests); " +
            $"\"this tool's polls\" are {yearPolls} GET of the year and {unitPolls} GET of the unit list made to follow the cycle, at {pollCost.Year:0.#} and " +
            $"{pollCost.Units:0.#} Table transactions each (measured before the cycle), taken out of \"Billed\". " +
            $"Table $batch requests: {N(tally.Batches)} carrying {N(tally.BatchOperations)} entity operations, counted above as one transaction each. " +
            $"Requests answered 4xx/5xx (counted above; Azure bills most of them too): {N(tally.Failures)}, most often: " +
            string.Join(", ", tally.Refusals.OrderByDescending(pair => pair.Value).Take(6).Select(pair =>
                $"{pair.Key.Resource.Service} {Short(pair.Key.Resource.Resource, owners)} {pair.Key.Status} {pair.Key.Code} ×{N(pair.Value)}")) + ".");

        report.Line("Idle before the cycle, per second: " + string.Join(", ", idle.ByResource.OrderByDescending(pair => pair.Value)
            .Select(pair => $"{pair.Key.Service} {Short(pair.Key.Resource, owners)} {Stats.Number(pair.Value / IdleWindow.TotalSeconds)}")) + ".");
        report.Table("Busiest tables, containers and queues during the cycle", ["Service", "Name", "Owner", "Transactions"],
            tally.ByResource.OrderByDescending(pair => pair.Value).Take(12)
                .Select(pair => (IReadOnlyList<string>)[pair.Key.Service.ToString(), Short(pair.Key.Resource, owners), owners.Owner(pair.Key).ToString(), N(pair.Value)])
                .ToList());
    }

    // ---- Helpers ----

    private static string MessageKind(string subject) =>
        subject.StartsWith("Nhắc hạn:", StringComparison.Ordinal) ? "Reminder: " + StepOf(subject)
        : subject.StartsWith("Quá hạn:", StringComparison.Ordinal) ? "Escalation: " + StepOf(subject)
        : subject.StartsWith("Mời chấm điểm", StringComparison.Ordinal) ? "E-mail: leader's ballot link"
        : "Other: " + subject;

    /// <summary>When a reminder or escalation group was due: its step's deadline, less the lead time for a reminder.</summary>
    private static DateTimeOffset? DueOf(string kind, IReadOnlyDictionary<string, DateTimeOffset> deadlines)
    {
        var step = Steps.FirstOrDefault(step => kind.EndsWith(": " + ReminderSender.StepName(EvaluationPhaseNames.Parse(step.From)!.Value), StringComparison.Ordinal));
        return step is null ? null
            : kind.StartsWith("Reminder", StringComparison.Ordinal) ? deadlines[step.From] - XmlConvert.ToTimeSpan(ReminderLead)
            : deadlines[step.From];
    }

    /// <summary>"Nhắc hạn: Thẩm định lần 1 — còn 3 giây, hạn …" → "Thẩm định lần 1".</summary>
    private static string StepOf(string subject)
    {
        var text = subject[(subject.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        var end = text.IndexOfAny(['—', '(']);
        return (end < 0 ? text : text[..end]).Trim();
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    /// <summary>A table, container or queue name without the run's prefix: "…Assessments".</summary>
    private static string Short(string resource, StorageOwners owners) =>
        resource.StartsWith(owners.Prefix, StringComparison.OrdinalIgnoreCase) ? "…" + resource[owners.Prefix.Length..] : resource.Length == 0 ? "(account)" : resource;

    private static string Percentiles(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return sorted.Count == 0 ? "-" : $"{Stats.Ms(Stats.Median(sorted))} / {Stats.Ms(sorted[^1])}";
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The PUT year body: the six deadlines in calendar order, and the reminder lead time.</summary>
    private static JsonObject YearBody(List<DateTimeOffset> dues)
    {
        string[] fields = ["selfAssessmentDue", "appraisalRound1Due", "explanationDue", "appraisalRound2Due", "leaderScoringDue", "publicationDue"];
        var calendar = new JsonObject();
        for (var i = 0; i < fields.Length; i++)
        {
            calendar[fields[i]] = Iso(dues[i]);
        }

        return new JsonObject { ["calendar"] = calendar, ["reminders"] = new JsonObject { ["leadTimes"] = new JsonArray(ReminderLead) } };
    }

    private static string Iso(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string YearPath(int year) => $"/api/years/{year.ToString(CultureInfo.InvariantCulture)}";

    private static string UnitsPollPath(int year) => YearPath(year) + "/units?progress=false";

    private static string UnitPath(int year, string unitId) => $"{YearPath(year)}/units/{unitId}";

    private static string Appraiser(string agency) => $"thamdinh.{agency.ToLowerInvariant()}@thu.phutho.vn";

    private static async Task UntilAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, (item, _) => new ValueTask(action(item)));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}.");
            }

            await poll.WaitForNextTickAsync(cancellationToken);
        }
    }

    private static async Task<Dictionary<string, (string Phase, DateTimeOffset? Since)>> UnitPhasesAsync(ApiClient api, int year, CancellationToken cancellationToken)
    {
        using var response = await api.SendAsync(HttpMethod.Get, UnitsPollPath(year), WorkingGroup, cancellationToken: cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("units").EnumerateArray().ToDictionary(
            unit => unit.GetProperty("unitId").GetString()!,
            unit => (unit.GetProperty("phase").GetString()!, unit.TryGetProperty("phaseSince", out var since) && since.ValueKind == JsonValueKind.String ? since.GetDateTimeOffset() : (DateTimeOffset?)null),
            StringComparer.Ordinal);
    }

    private static async Task EnsureAsync(ApiClient api, HttpMethod method, string path, string email, JsonNode? body, CancellationToken cancellationToken)
    {
        using var response = await api.SendAsync(method, path, email, body is null ? null : ApiClient.Json(body.ToJsonString()), cancellationToken: cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Setup: {method} {path} answered {(int)response.StatusCode}: {ApiClient.Shorten(await response.Content.ReadAsStringAsync(cancellationToken))}");
        }
    }

    /// <summary>One person's request during the cycle; a refusal is recorded for the report, not thrown: it is a finding.</summary>
    private async Task<string?> ActAsync(ApiClient api, string action, HttpMethod method, string path, string email, JsonNode? body, CancellationToken cancellationToken)
    {
        using var response = await api.SendAsync(method, path, email, body is null ? null : ApiClient.Json(body.ToJsonString()), cancellationToken: cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            _actions.Failed(action, $"{(int)response.StatusCode} {path}: {ApiClient.Shorten(text)}");
            return null;
        }

        _actions.Succeeded(action);
        return text;
    }

    private sealed record CycleStep(string From, string To, string Name, TimeSpan Due);

    private sealed record CycleUnit(string UnitId, string Type, string? AgencyId, string Head, IReadOnlyList<Leaf> Leaves);

    /// <param name="CalendarChange">How long the warm-up calendar change took to answer.</param>
    private sealed record CycleYear(int Number, IReadOnlyList<CycleUnit> Units, TimeSpan CalendarChange);

    private sealed record QueueEntry(string Code, decimal? SelfScore);

    private sealed record Questioned(string UnitId, string Code, string Agency, decimal? SelfScore);

    private sealed record PollCost(double Year, double Units);

    private sealed record CycleRun(
        DateTimeOffset T0, TimeSpan Lead, IReadOnlyDictionary<string, DateTimeOffset> Deadlines, TimeSpan CalendarPut, TimeSpan Ranking, TimeSpan Total, DateTimeOffset PublishSent,
        int Flags, TimeSpan HostCpu, StorageSnapshot Start, StorageSnapshot End, PhaseWatch Watch);

    /// <summary>Successes and refusals per kind of action.</summary>
    private sealed class ActionLog
    {
        private readonly ConcurrentDictionary<string, (int Ok, int Failed, string? First)> _counts = new(StringComparer.Ordinal);

        public void Succeeded(string action) => _counts.AddOrUpdate(action, (1, 0, null), (_, c) => (c.Ok + 1, c.Failed, c.First));

        public void Failed(string action, string problem) => _counts.AddOrUpdate(action, (0, 1, problem), (_, c) => (c.Ok, c.Failed + 1, c.First ?? problem));

        public string? FirstRefusal(string action) => _counts.TryGetValue(action, out var counts) ? counts.First : null;

        public List<IReadOnlyList<string>> Rows() =>
            _counts.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => (IReadOnlyList<string>)[pair.Key, pair.Value.Ok.ToString(CultureInfo.InvariantCulture), pair.Value.Failed.ToString(CultureInfo.InvariantCulture), pair.Value.First ?? "-"])
                .ToList();
    }

    /// <summary>
    /// Follows the cycle through the API as a dashboard would: the year's phase and every unit's phase and phaseSince
    /// every 0.5 s, keeping when each was first seen.
    /// </summary>
    private sealed class PhaseWatch(IEnumerable<string> unitIds)
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _reached = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, DateTimeOffset> _submitted = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, (DateTimeOffset? Since, DateTimeOffset Seen)>> _units =
            unitIds.ToDictionary(id => id, _ => new Dictionary<string, (DateTimeOffset?, DateTimeOffset)>(StringComparer.Ordinal), StringComparer.Ordinal);

        public ConcurrentDictionary<string, DateTimeOffset> YearSeen { get; } = new(StringComparer.Ordinal);

        public int YearPolls { get; private set; }

        public int UnitPolls { get; private set; }

        public Task Reached(string phase) => _reached.GetOrAdd(phase, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Submitted(string unitId, DateTimeOffset sent) => _submitted[unitId] = sent;

        public async Task PollAsync(ApiClient api, int year, CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(Poll);
            try
            {
                while (!YearSeen.ContainsKey("published"))
                {
                    await PollYearAsync(api, year, cancellationToken);
                    await PollUnitsAsync(api, year, cancellationToken);

                    await timer.WaitForNextTickAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The cycle is over (or timed out): stop following it.
            }
        }

        /// <summary>Per unit moved to <paramref name="phase"/> by the deadline <paramref name="due"/> (not by its own submission): milliseconds late.</summary>
        public List<(double Recorded, double Seen)> Lateness(string phase, DateTimeOffset due) =>
            _units.Where(unit => !(phase == "appraisalRound1" && _submitted.ContainsKey(unit.Key)))
                .Select(unit => unit.Value.TryGetValue(phase, out var at) && at.Since is { } since ? ((since - due).TotalMilliseconds, (at.Seen - due).TotalMilliseconds) : (double.NaN, double.NaN))
                .Where(pair => !double.IsNaN(pair.Item1))
                .ToList();

        /// <summary>Per unit that submitted: milliseconds from sending the submission to round 1 (recorded and seen).</summary>
        public List<(double Recorded, double Seen)> SubmitLatencies() =>
            _submitted.Where(pair => _units[pair.Key].TryGetValue("appraisalRound1", out var at) && at.Since is not null)
                .Select(pair => (Since: _units[pair.Key]["appraisalRound1"], Sent: pair.Value))
                .Select(pair => ((pair.Since.Since!.Value - pair.Sent).TotalMilliseconds, (pair.Since.Seen - pair.Sent).TotalMilliseconds))
                .ToList();

        /// <summary>Units never seen in <paramref name="phase"/> nor in a later one.</summary>
        public int NotReached(string phase) =>
            _units.Count(unit => !unit.Value.Keys.Any(seen => Array.IndexOf(PhaseOrder, seen) >= Array.IndexOf(PhaseOrder, phase)));

        private async Task PollYearAsync(ApiClient api, int year, CancellationToken cancellationToken)
        {
            using var response = await api.SendAsync(HttpMethod.Get, YearPath(year), WorkingGroup, cancellationToken: cancellationToken);
            YearPolls++;
            if (!response.IsSuccessStatusCode)
            {
                return;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var phase = json.RootElement.GetProperty("phase").GetString()!;
            var now = DateTimeOffset.UtcNow;
            YearSeen.TryAdd(phase, now);

            // A phase seen implies the ones before it were reached, even if a poll missed them.
            foreach (var earlier in PhaseOrder.Take(Array.IndexOf(PhaseOrder, phase) + 1))
            {
                _reached.GetOrAdd(earlier, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }

        private async Task PollUnitsAsync(ApiClient api, int year, CancellationToken cancellationToken)
        {
            var phases = await UnitPhasesAsync(api, year, cancellationToken);
            UnitPolls++;
            var now = DateTimeOffset.UtcNow;
            foreach (var (unitId, (phase, since)) in phases)
            {
                if (_units.TryGetValue(unitId, out var seen))
                {
                    seen.TryAdd(phase, (since, now));
                }
            }
        }
    }
}

/// <summary>
/// An in-memory Azurite of one run on free loopback ports (the one eng/azurite.sh installs), stopped with the run:
/// the shared emulator serves every local host and test of the machine from one Node.js thread, and a cycle with
/// deadlines seconds apart measures its queue more than the system when others use it at the same time.
/// </summary>
public sealed class PrivateAzurite : IAsyncDisposable
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The services in the order of the ports: the options are --blobPort, --queuePort, --tablePort.</summary>
    private static readonly string[] Services = ["Blob", "Queue", "Table"];

    private static readonly string[] Flags = ["--silent", "--skipApiVersionCheck", "--loose", "--inMemoryPersistence"];

    private readonly Process _process;

    private PrivateAzurite(Process process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PrivateAzurite> StartAsync(CancellationToken cancellationToken)
    {
        var executable = new[] { Environment.CurrentDirectory, AppContext.BaseDirectory }
            .SelectMany(start => Ancestors(new DirectoryInfo(start)))
            .Select(directory => Path.Combine(directory.FullName, "eng", "azurite", "node_modules", ".bin", "azurite"))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("Azurite is not installed under eng/azurite: run eng/azurite.sh start once.");
        int[] ports = [CountingStorageProxy.FreeLoopbackPort(), CountingStorageProxy.FreeLoopbackPort(), CountingStorageProxy.FreeLoopbackPort()];
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Flags.Concat(Services.SelectMany((service, i) => new[] { $"--{service.ToLowerInvariant()}Port", ports[i].ToString(CultureInfo.InvariantCulture) })))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new PrivateAzurite(process, "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Key + ";" + string.Concat(
            Services.Select((service, i) => $"{service}Endpoint=http://127.0.0.1:{ports[i].ToString(CultureInfo.InvariantCulture)}/devstoreaccount1;")));

        // Ready when all three ports accept a connection.
        var clock = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (!await AllOpenAsync(ports, cancellationToken))
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                await azurite.DisposeAsync();
                throw new InvalidOperationException($"The private Azurite did not open its ports ({executable}).");
            }

            await poll.WaitForNextTickAsync(cancellationToken);
        }

        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private static IEnumerable<DirectoryInfo> Ancestors(DirectoryInfo? directory)
    {
        for (; directory is not null; directory = directory.Parent)
        {
            yield return directory;
        }
    }

    private static async Task<bool> AllOpenAsync(int[] ports, CancellationToken cancellationToken)
    {
        foreach (var port in ports)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The Azure Storage services, as the proxy's three listeners.</summary>
public enum StorageService
{
    Table,
    Blob,
    Queue,
}

/// <summary>Who a storage transaction was for.</summary>
public enum StorageOwner
{
    /// <summary>The Durable Task Azure Storage backend (task hub queues, tables, blobs).</summary>
    Durable,

    /// <summary>The app's own tables and containers (<see cref="StorageNames"/>).</summary>
    App,

    /// <summary>The local host's outbox: never used in Azure.</summary>
    LocalOnly,

    /// <summary>Account-level requests and names of nobody above.</summary>
    Other,
}

/// <summary>A table, container or queue of one service.</summary>
public readonly record struct StorageResource(StorageService Service, string Resource);

/// <summary>A kind of refused request: where, the HTTP status and the storage error code (x-ms-error-code).</summary>
public readonly record struct StorageRefusal(StorageResource Resource, int Status, string Code);

/// <summary>Counts per resource and per refusal at one moment, and per service the answer times so far (sum and count in ticks, and the longest).</summary>
public sealed record StorageSnapshot(
    IReadOnlyDictionary<StorageResource, long> Requests, long Batches, long BatchOperations, IReadOnlyDictionary<StorageRefusal, long> Refusals,
    long[] AnswerTicks, long[] Answers, long[] LongestTicks)
{
    /// <summary>"mean / max" of the answers to <paramref name="service"/> since <paramref name="before"/> (the max: since the last <see cref="CountingStorageProxy.RestartLongest"/>).</summary>
    public string Latency(StorageSnapshot before, StorageService service)
    {
        var count = Answers[(int)service] - before.Answers[(int)service];
        return count == 0 ? "-" : $"{Stats.Ms(TimeSpan.FromTicks((AnswerTicks[(int)service] - before.AnswerTicks[(int)service]) / count).TotalMilliseconds)} / {Stats.Ms(TimeSpan.FromTicks(LongestTicks[(int)service]).TotalMilliseconds)}";
    }
}

/// <summary>Who owns each name of one host's storage: its prefix names the app's tables and containers and its task hub.</summary>
public sealed class StorageOwners
{
    private readonly HashSet<string> _app;
    private readonly string _outbox;

    public StorageOwners(string prefix)
    {
        Prefix = prefix;
        var names = new StorageNames(Options.Create(new StorageOptions { Prefix = prefix }));
        // Every name the app uses is a string property of StorageNames: new tables are classified without a change here.
        _app = typeof(StorageNames).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.PropertyType == typeof(string))
            .Select(property => (string)property.GetValue(names)!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        _outbox = names.Outbox;
    }

    public string Prefix { get; }

    public StorageOwner Owner(StorageResource resource) =>
        string.Equals(resource.Resource, _outbox, StringComparison.OrdinalIgnoreCase) && resource.Service == StorageService.Table ? StorageOwner.LocalOnly
        : resource.Service != StorageService.Queue && _app.Contains(resource.Resource) ? StorageOwner.App
        : resource.Resource.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? StorageOwner.Durable
        : StorageOwner.Other;
}

/// <summary>What happened between two snapshots, by resource, owner and service.</summary>
public sealed class StorageTally
{
    private StorageTally(IReadOnlyDictionary<StorageResource, long> byResource, StorageOwners owners, long batches, long batchOperations, IReadOnlyDictionary<StorageRefusal, long> refusals)
    {
        ByResource = byResource;
        Owners = owners;
        Batches = batches;
        BatchOperations = batchOperations;
        Refusals = refusals;
    }

    public IReadOnlyDictionary<StorageResource, long> ByResource { get; }

    public StorageOwners Owners { get; }

    public long Batches { get; }

    public long BatchOperations { get; }

    /// <summary>Requests answered 4xx/5xx (or not answered: status 502), by kind.</summary>
    public IReadOnlyDictionary<StorageRefusal, long> Refusals { get; }

    public long Failures => Refusals.Values.Sum();

    public static StorageTally Between(StorageSnapshot before, StorageSnapshot after, StorageOwners owners) =>
        new(Delta(before.Requests, after.Requests), owners, after.Batches - before.Batches, after.BatchOperations - before.BatchOperations, Delta(before.Refusals, after.Refusals));

    private static Dictionary<TKey, long> Delta<TKey>(IReadOnlyDictionary<TKey, long> before, IReadOnlyDictionary<TKey, long> after)
        where TKey : notnull =>
        after.Select(pair => KeyValuePair.Create(pair.Key, pair.Value - before.GetValueOrDefault(pair.Key))).Where(pair => pair.Value > 0).ToDictionary();

    public long Count(StorageOwner owner, StorageService? service = null) =>
        ByResource.Where(pair => (service is null || pair.Key.Service == service) && Owners.Owner(pair.Key) == owner).Sum(pair => pair.Value);
}

/// <summary>
/// A counting reverse proxy in front of the storage emulator: three loopback listeners (Table, Blob, Queue) forward
/// every request unchanged to Azurite and count it by the table, container or queue it names. The host is given a
/// connection string with the proxy's endpoints, so every transaction it makes, the app's and the Durable Task
/// backend's, passes here. Shared Key signatures cover the method, path, query and headers but not the host and
/// port, so a request forwarded byte for byte stays valid.
/// </summary>
public sealed partial class CountingStorageProxy : IAsyncDisposable
{
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Expect",
    };

    private readonly Dictionary<int, (StorageService Service, Uri Target)> _listeners;
    private readonly HttpClient _client;
    private readonly ConcurrentDictionary<StorageResource, long> _requests = new();
    private WebApplication? _app;
    private long _batches;
    private long _batchOperations;
    private readonly ConcurrentDictionary<StorageRefusal, long> _refusals = new();
    private readonly long[] _answerTicks = new long[3];
    private readonly long[] _answers = new long[3];
    private readonly long[] _longestTicks = new long[3];

    private CountingStorageProxy(Dictionary<int, (StorageService Service, Uri Target)> listeners, string connectionString)
    {
        _listeners = listeners;
        ConnectionString = connectionString;
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 256,
        })
        { Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>The storage connection string that reaches Azurite through this proxy (same account and key).</summary>
    public string ConnectionString { get; }

    /// <summary>Starts the proxy in front of the account of <paramref name="connectionString"/>: Azurite's development account, or one with explicit http endpoints.</summary>
    public static async Task<CountingStorageProxy> StartAsync(string connectionString, CancellationToken cancellationToken)
    {
        var settings = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        var development = settings.TryGetValue("UseDevelopmentStorage", out var flag) && bool.TryParse(flag, out var on) && on;
        var account = development ? "devstoreaccount1" : settings.GetValueOrDefault("AccountName");
        var key = development ? DevelopmentKey : settings.GetValueOrDefault("AccountKey");
        Uri? Endpoint(string name, int developmentPort) => development
            ? new Uri($"http://127.0.0.1:{developmentPort.ToString(CultureInfo.InvariantCulture)}/devstoreaccount1")
            : settings.TryGetValue(name, out var value) ? new Uri(value) : null;
        var endpoints = new (StorageService Service, string Setting, Uri? Target)[]
        {
            (StorageService.Blob, "BlobEndpoint", Endpoint("BlobEndpoint", 10000)),
            (StorageService.Queue, "QueueEndpoint", Endpoint("QueueEndpoint", 10001)),
            (StorageService.Table, "TableEndpoint", Endpoint("TableEndpoint", 10002)),
        };
        if (account is null || key is null || endpoints.Any(endpoint => endpoint.Target is null || endpoint.Target.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException("The cycle mode counts storage transactions through a proxy: it needs UseDevelopmentStorage=true (Azurite) " +
                "or a connection string with AccountName, AccountKey and http BlobEndpoint, QueueEndpoint and TableEndpoint.");
        }

        var listeners = endpoints.ToDictionary(_ => FreeLoopbackPort(), endpoint => (Service: endpoint.Service, Target: endpoint.Target!));
        var proxied = string.Join(';', listeners.Select(pair =>
        {
            var setting = endpoints.First(endpoint => endpoint.Service == pair.Value.Service).Setting;
            return $"{setting}=http://127.0.0.1:{pair.Key.ToString(CultureInfo.InvariantCulture)}{pair.Value.Target.AbsolutePath.TrimEnd('/')}";
        }));
        var proxy = new CountingStorageProxy(listeners, $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};{proxied};");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = nameof(CountingStorageProxy), Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            foreach (var port in listeners.Keys)
            {
                kestrel.Listen(IPAddress.Loopback, port);
            }
        });
        proxy._app = builder.Build();
        proxy._app.Run(proxy.ForwardAsync);
        await proxy._app.StartAsync(cancellationToken);
        return proxy;
    }

    /// <summary>Forgets the longest answer times, so that the next snapshots report the longest of a window.</summary>
    public void RestartLongest()
    {
        for (var i = 0; i < _longestTicks.Length; i++)
        {
            Interlocked.Exchange(ref _longestTicks[i], 0);
        }
    }

    public StorageSnapshot Snapshot() =>
        new(_requests.ToDictionary(), Interlocked.Read(ref _batches), Interlocked.Read(ref _batchOperations), _refusals.ToDictionary(),
            [.. _answerTicks.Select((_, i) => Interlocked.Read(ref _answerTicks[i]))], [.. _answers.Select((_, i) => Interlocked.Read(ref _answers[i]))], [.. _longestTicks]);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _client.Dispose();
    }

    private async Task ForwardAsync(HttpContext http)
    {
        var (service, target) = _listeners[http.Connection.LocalPort];
        var rawTarget = http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var hasBody = http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0;

        // Table bodies are small (entities, batches) and name the table of a batch or a table creation: read them whole.
        byte[]? body = null;
        if (hasBody && service == StorageService.Table)
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            body = buffer.ToArray();
        }

        var resource = new StorageResource(service, ResourceOf(service, rawTarget, body));
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), new Uri(target.GetLeftPart(UriPartial.Authority) + rawTarget));
        HttpContent? content = body is not null ? new ByteArrayContent(body) : hasBody ? new StreamContent(http.Request.Body) : null;
        foreach (var header in http.Request.Headers.Where(header => !HopByHop.Contains(header.Key)))
        {
            if (!request.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value))
            {
                // A content header (Content-Type, Content-MD5…) on a request without a body is still signed: keep it.
                content ??= new ByteArrayContent([]);
                content.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
            }
        }

        request.Content = content;
        _requests.AddOrUpdate(resource, 1, (_, count) => count + 1);
        try
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
            Answered(service, Stopwatch.GetElapsedTime(started));
            if ((int)response.StatusCode >= 400)
            {
                var code = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.First() : string.Empty;
                _refusals.AddOrUpdate(new StorageRefusal(resource, (int)response.StatusCode, code), 1, (_, count) => count + 1);
            }

            http.Response.StatusCode = (int)response.StatusCode;
            var bodyless = response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(header.Key) && !(bodyless && header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
                {
                    http.Response.Headers[header.Key] = header.Value.ToArray();
                }
            }

            if (!bodyless && !HttpMethods.IsHead(http.Request.Method))
            {
                await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
            }
        }
        catch (HttpRequestException ex)
        {
            _refusals.AddOrUpdate(new StorageRefusal(resource, StatusCodes.Status502BadGateway, ex.GetType().Name), 1, (_, count) => count + 1);
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            await http.Response.WriteAsync("Storage proxy: " + ex.Message, http.RequestAborted);
        }
    }

    /// <summary>Time to the answer's headers: how long the emulator took (the proxy adds a loopback hop).</summary>
    private void Answered(StorageService service, TimeSpan elapsed)
    {
        var index = (int)service;
        Interlocked.Add(ref _answerTicks[index], elapsed.Ticks);
        Interlocked.Increment(ref _answers[index]);
        var longest = Interlocked.Read(ref _longestTicks[index]);
        while (elapsed.Ticks > longest && Interlocked.CompareExchange(ref _longestTicks[index], elapsed.Ticks, longest) != longest)
        {
            longest = Interlocked.Read(ref _longestTicks[index]);
        }
    }

    /// <summary>The table, container or queue a request names: the path's second segment, or for tables the one in the body.</summary>
    private string ResourceOf(StorageService service, string rawTarget, byte[]? body)
    {
        var path = rawTarget.Split('?', 2)[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var name = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : string.Empty;
        if (service != StorageService.Table)
        {
            return name;
        }

        if (name == "$batch" && body is not null)
        {
            // multipart/mixed: one "VERB http://host/account/Table(...) HTTP/1.1" line per entity operation, all on one table.
            var operations = BatchOperation().Matches(Encoding.UTF8.GetString(body));
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _batchOperations, operations.Count);
            return operations.Count > 0 ? operations[0].Groups["table"].Value : name;
        }

        if (name.StartsWith("Tables", StringComparison.Ordinal))
        {
            // Create: { "TableName": "x" }; delete or get: Tables('x').
            var named = TableName().Match(name + (body is null ? string.Empty : Encoding.UTF8.GetString(body)));
            return named.Success ? named.Groups["table"].Value : string.Empty;
        }

        var parenthesis = name.IndexOf('(', StringComparison.Ordinal);
        return parenthesis < 0 ? name : name[..parenthesis];
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^(?:GET|POST|PUT|PATCH|MERGE|DELETE) https?://[^/\s]+/[^/\s]+/(?<table>[A-Za-z0-9]+)", RegexOptions.Multiline)]
    private static partial Regex BatchOperation();

    [GeneratedRegex(@"(?:Tables\('|""TableName""\s*:\s*"")(?<table>[A-Za-z0-9]+)")]
    private static partial Regex TableName();
}
