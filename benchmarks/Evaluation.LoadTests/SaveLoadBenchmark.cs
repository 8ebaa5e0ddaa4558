using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Evaluation.LoadTests;

/// <summary>
/// Target 3: the latency of a criterion save (PUT …/assessment/criteria/{code}) with many people saving at once.
/// Each virtual user is one staff member of a unit saving their own criterion, as a unit's staff share out its form,
/// so saves never race each other: a 412 or 409 here is a finding. Each save sends If-Match with the ETag of the
/// user's previous answer, as the page does, and changes the answer so the host really writes (an unchanged answer
/// writes nothing). Users save again as soon as answered (or after --think-ms), through a warm-up and then the
/// measured window.
/// </summary>
public sealed class SaveLoadBenchmark(LoadTestOptions options, Report report)
{
    private const double TargetP95Milliseconds = 50;

    /// <summary>Staff per unit: ten people editing one form at once is already a busy unit.</summary>
    private const int StaffPerUnit = 10;

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var think = options.ThinkTime == TimeSpan.Zero ? "no pause between saves" : $"a random pause of 50–150 % of {options.ThinkTime.TotalMilliseconds:0} ms between saves";
        report.Section("saves: criterion save latency under concurrent users",
            $"{options.Users} virtual users ({StaffPerUnit} staff per unit, each saving its own criterion, If-Match on the previous ETag, {think}); " +
            $"{options.Warmup.TotalSeconds:0} s warm-up, then {options.Duration.TotalSeconds:0} s measured. Latency of answered 2xx saves, the whole answer read.");

        var host = await HostProcess.StartAsync(options, "saves", cancellationToken);
        try
        {
            using var api = new ApiClient(host.BaseAddress, options.Users + 8, TimeSpan.FromSeconds(30));
            var units = (options.Users + StaffPerUnit - 1) / StaffPerUnit;
            var scenario = await Scenario.CreateAsync(api, units, Math.Min(StaffPerUnit, options.Users), cancellationToken);
            var users = Enumerable.Range(0, options.Users).Select(i =>
            {
                var unit = scenario.Units[i / StaffPerUnit];
                var leaf = scenario.Leaves[i % scenario.Leaves.Count];
                return new VirtualUser(unit.Staff[i % StaffPerUnit], scenario.CriterionPath(unit.UnitId, leaf.Code), leaf);
            }).ToList();

            var run = await RunAsync(api, host, users, cancellationToken);
            var (warmup, measured, cpu) = (run.Warmup, run.Measured, run.Cpu);
            Report.Progress($"warm-up: {warmup.Saves.Count} saves, {warmup.ErrorCount} errors");
            var burst = await BurstAsync(api, users, cancellationToken);
            var burstTimes = burst.Saves.Select(save => save.Milliseconds).Order().ToList();

            var sorted = measured.Saves.Select(save => save.Milliseconds).Order().ToList();
            var p95 = Stats.Percentile(sorted, 95);
            report.Table(null, ["Measure", "Value"],
            [
                ["Virtual users / units", $"{options.Users} / {units}"],
                ["Measured window", Stats.Ms(measured.Wall.TotalMilliseconds)],
                ["Saves answered 2xx", sorted.Count.ToString(CultureInfo.InvariantCulture)],
                ["Errors (non-2xx or no answer)", measured.ErrorCount.ToString(CultureInfo.InvariantCulture)],
                ["Throughput", Stats.Number(sorted.Count / measured.Wall.TotalSeconds) + " saves/s"],
                ["p50", Stats.Ms(Stats.Percentile(sorted, 50))],
                ["p95", Stats.Ms(p95)],
                ["p99", Stats.Ms(Stats.Percentile(sorted, 99))],
                ["max", Stats.Ms(sorted.Count == 0 ? double.NaN : sorted[^1])],
                ["mean", Stats.Ms(sorted.Count == 0 ? double.NaN : sorted.Average())],
                ["CPU during the window", cpu.ToString()],
                ["Host threads at window start / peak", $"{run.ThreadsAtStart} / {run.PeakThreads}"],
                [$"Burst after the window: {options.Users} saves at once, median / max", burstTimes.Count == 0 ? "-"
                    : $"{Stats.Ms(Stats.Median(burstTimes))} / {Stats.Ms(burstTimes[^1])} ({burst.ErrorCount} errors, all answered in {Stats.Ms(burst.Wall.TotalMilliseconds)})"],
            ]);
            ReportSlowest(measured);
            if (measured.ErrorCount > 0 || warmup.ErrorCount > 0 || burst.ErrorCount > 0)
            {
                report.Table("Errors (warm-up, window and burst)", ["Answer", "Count", "First body"],
                    warmup.Errors.Concat(measured.Errors).Concat(burst.Errors).GroupBy(pair => pair.Key)
                        .Select(group => (IReadOnlyList<string>)[group.Key, group.Sum(pair => pair.Value.Count).ToString(CultureInfo.InvariantCulture), group.First().Value.FirstBody])
                        .ToList());
            }

            report.HostLog(host);
            report.Target($"Criterion save p95, {options.Users} users", Stats.Ms(p95) + $" (p50 {Stats.Ms(Stats.Percentile(sorted, 50))}, {Stats.Number(sorted.Count / measured.Wall.TotalSeconds, "0")} saves/s)",
                "≤ 50 ms", p95 <= TargetP95Milliseconds);
            report.Target("Criterion saves without error", $"{measured.ErrorCount} errors in {sorted.Count + measured.ErrorCount}", "0", measured.ErrorCount == 0);
        }
        finally
        {
            await host.DisposeAsync();
            await StorageCleanup.DeleteAsync(options, host.Prefix);
        }
    }

    /// <summary>
    /// The slowest saves and the longest time in which no save was answered: a long gap means everything stalled at
    /// once (host pause, storage pause), a short one that single requests were stuck.
    /// </summary>
    private void ReportSlowest(PhaseOutcome measured)
    {
        var answered = measured.Saves.Select(save => save.AnsweredAt).Order().ToList();
        var gap = answered.Zip(answered.Skip(1), (earlier, later) => later - earlier).DefaultIfEmpty().Max();
        report.Line($"Longest time in the window with no save answered: {Stats.Ms(gap.TotalMilliseconds)}.");
        report.Table("Slowest saves", ["Started at", "Took", "Criterion"],
            measured.Saves.OrderByDescending(save => save.Elapsed).Take(5)
                .Select(save => (IReadOnlyList<string>)[Stats.Number(save.StartedAt.TotalSeconds, "0.00") + " s", Stats.Ms(save.Milliseconds), save.Path])
                .ToList());
    }

    /// <summary>
    /// Every user saves from the start of the warm-up to the end of the window without stopping in between: a save
    /// counts for the window when it starts inside it. Stopping and restarting the users at the boundary would send
    /// fifty saves at the same instant, a burst the steady state never has.
    /// </summary>
    private async Task<RunOutcome> RunAsync(ApiClient api, HostProcess host, IReadOnlyList<VirtualUser> users, CancellationToken cancellationToken)
    {
        var warmup = new PhaseOutcome();
        var measured = new PhaseOutcome();
        var clock = Stopwatch.StartNew();
        var loops = users.Select(user => Task.Run(() => UserLoopAsync(api, user, clock, warmup, measured, cancellationToken), cancellationToken)).ToList();

        await Task.Delay(options.Warmup, cancellationToken);
        var cpuBefore = CpuUsage.Take(host);
        var threadsAtStart = host.Status().Threads;
        await using var sampler = new HostSampler(host, TimeSpan.FromMilliseconds(100));
        sampler.Start();
        await Task.WhenAll(loops);
        var cpu = CpuUsage.Between(cpuBefore, CpuUsage.Take(host));
        await sampler.StopAsync();

        // The window ends when the last save started inside it is answered (not after that user's last pause).
        measured.Wall = measured.Saves.Select(save => save.AnsweredAt).Append(options.Duration).Max();
        return new RunOutcome(warmup, measured, cpu, threadsAtStart, sampler.PeakThreads);
    }

    private async Task UserLoopAsync(ApiClient api, VirtualUser user, Stopwatch clock, PhaseOutcome warmup, PhaseOutcome measured, CancellationToken cancellationToken)
    {
        var end = options.Warmup + options.Duration;
        // With a pause, users start at random moments and pause a random 50–150 % of it: with fixed pauses all
        // fifty would save in lockstep, a burst every few seconds instead of people working side by side.
        await Task.Delay(options.ThinkTime * Random.Shared.NextDouble(), cancellationToken);
        while (clock.Elapsed < end)
        {
            var startedAt = clock.Elapsed - options.Warmup;
            await SaveOnceAsync(api, user, startedAt >= TimeSpan.Zero ? measured : warmup, startedAt, cancellationToken);
            // A pause never runs past the window, so the CPU figures cover the window and little else.
            var pause = options.ThinkTime * (0.5 + Random.Shared.NextDouble());
            if (pause > TimeSpan.Zero && end - clock.Elapsed is var left && left > TimeSpan.Zero)
            {
                await Task.Delay(pause < left ? pause : left, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Every user saves once, all at the same instant, on the warm host: fifty people pressing "save" together.
    /// Not the target's measure (that is the steady window) but it shows how the host copes with a burst.
    /// </summary>
    private static async Task<PhaseOutcome> BurstAsync(ApiClient api, IReadOnlyList<VirtualUser> users, CancellationToken cancellationToken)
    {
        var burst = new PhaseOutcome();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(users.Select(user => SaveOnceAsync(api, user, burst, TimeSpan.Zero, cancellationToken)));
        burst.Wall = clock.Elapsed;
        return burst;
    }

    private static async Task SaveOnceAsync(ApiClient api, VirtualUser user, PhaseOutcome outcome, TimeSpan startedAt, CancellationToken cancellationToken)
    {
        var round = ++user.Round;
        var body = JsonSerializer.Serialize(new
        {
            selfScore = user.Leaf.Score(round),
            explanation = $"Lần lưu thứ {round}: đã hoàn thành theo kế hoạch, minh chứng tại báo cáo số {round}/BC-UBND.",
        });
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await api.SendAsync(HttpMethod.Put, user.Path, user.Email, ApiClient.Json(body), user.ETag, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (response.IsSuccessStatusCode)
            {
                user.ETag = response.Headers.TryGetValues("ETag", out var etags) ? etags.FirstOrDefault() : null;
                outcome.Succeeded(new Save(user.Path, startedAt, elapsed));
            }
            else
            {
                // A refused save leaves the user without a version to build on: the next save is unconditional.
                user.ETag = null;
                outcome.Failed(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync(cancellationToken));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            user.ETag = null;
            outcome.Failed(ex is TaskCanceledException ? "timeout" : "no answer", ex.Message);
        }
    }

    private sealed record RunOutcome(PhaseOutcome Warmup, PhaseOutcome Measured, CpuUsage Cpu, int ThreadsAtStart, int PeakThreads);

    /// <summary>One answered save: which criterion, when it started (from the window's start), how long it took.</summary>
    private sealed record Save(string Path, TimeSpan StartedAt, TimeSpan Elapsed)
    {
        public double Milliseconds => Elapsed.TotalMilliseconds;

        public TimeSpan AnsweredAt => StartedAt + Elapsed;
    }

    /// <summary>One staff member saving one criterion; touched by one loop only.</summary>
    private sealed class VirtualUser(string email, string path, Leaf leaf)
    {
        public string Email { get; } = email;

        public string Path { get; } = path;

        public Leaf Leaf { get; } = leaf;

        public string? ETag { get; set; }

        public int Round { get; set; }
    }

    private sealed class ErrorTally(string firstBody)
    {
        private int _count;

        public string FirstBody { get; } = firstBody;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    /// <summary>What all users of one phase saw: latencies of successes, and errors by answer.</summary>
    private sealed class PhaseOutcome
    {
        public ConcurrentDictionary<string, ErrorTally> Errors { get; } = new(StringComparer.Ordinal);

        public ConcurrentBag<Save> Saves { get; } = [];

        public int ErrorCount => Errors.Values.Sum(tally => tally.Count);

        public TimeSpan Wall { get; set; }

        public void Succeeded(Save save) => Saves.Add(save);

        public void Failed(string answer, string body) => Errors.GetOrAdd(answer, _ => new ErrorTally(ApiClient.Shorten(body))).Add();
    }
}
