using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Evaluation.LoadTests;

/// <summary>
/// Target 2: how much the host's resident memory grows while it receives many large uploads at once. The host runs
/// in its own process and is warmed up by a few uploads first (JIT, pools, connections); nothing is forced in it
/// (no GC call), so the figure is what production would see. Uploads go to different criteria of a few units, as
/// many people of many units would send them.
/// </summary>
public sealed class MemoryBenchmark(LoadTestOptions options, Report report)
{
    private const long TargetGrowthBytes = 150L * 1024 * 1024;
    private const int Units = 5;
    private const int WarmupUploads = 4;

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        report.Section("memory: host RSS during concurrent uploads",
            $"{options.Concurrency} concurrent uploads of a {Stats.Mb(options.UploadBytes)} generated PDF (streamed, never buffered by the client) " +
            $"to a separate host process, after {WarmupUploads} warm-up uploads; VmRSS and threads of the host sampled every 50 ms.");

        var host = await HostProcess.StartAsync(options, "memory", cancellationToken);
        try
        {
            using var api = new ApiClient(host.BaseAddress, options.Concurrency + 8, TimeSpan.FromMinutes(15));
            var scenario = await Scenario.CreateAsync(api, Units, staffPerUnit: 1, cancellationToken);
            var perUnit = (options.Concurrency + Units - 1) / Units;
            if (perUnit + 1 > scenario.Leaves.Count)
            {
                throw new InvalidOperationException($"{options.Concurrency} uploads need more than the {scenario.Leaves.Count} criteria of {Units} units.");
            }

            // Warm-up uploads go to the last criterion, which the measured uploads never use.
            var warmup = await UploadAllAsync(api, scenario, WarmupUploads, _ => scenario.Leaves[^1], cancellationToken);
            RequireAllCreated(warmup, "warm-up");
            Report.Progress($"warm-up done: {WarmupUploads} uploads, host RSS {Stats.Mb(host.Status().ResidentBytes)}");

            await using var sampler = new HostSampler(host, TimeSpan.FromMilliseconds(50));
            sampler.Start();
            var before = host.Status();
            var baseline = before.ResidentBytes;
            var cpuBefore = CpuUsage.Take(host);
            var started = Stopwatch.GetTimestamp();
            var results = await UploadAllAsync(api, scenario, options.Concurrency, i => scenario.Leaves[i / Units], cancellationToken);
            var wall = Stopwatch.GetElapsedTime(started);
            var cpu = CpuUsage.Between(cpuBefore, CpuUsage.Take(host));
            await sampler.StopAsync();
            var peak = sampler.PeakResidentBytes;
            var after = host.Status();

            var created = results.Count(result => result.Status == HttpStatusCode.Created && result.StoredSize == options.UploadBytes);
            var times = results.Select(result => result.Elapsed.TotalMilliseconds).Order().ToList();
            report.Table(null, ["Measure", "Value"],
            [
                ["Host RSS before (after warm-up)", Stats.Mb(baseline)],
                ["Host RSS peak during the uploads", Stats.Mb(peak)],
                ["Growth (peak - before)", Stats.Mb(peak - baseline)],
                ["Host RSS right after", Stats.Mb(after.ResidentBytes)],
                ["Host VmHWM since start", Stats.Mb(after.PeakResidentBytes)],
                ["Host threads before / peak", $"{before.Threads} / {sampler.PeakThreads}"],
                ["Samples", sampler.Samples.Count.ToString(CultureInfo.InvariantCulture)],
                ["Answered 201 with the full size", $"{created} of {results.Count}"],
                ["Answers", Tally(results)],
                ["Wall time of the burst", Stats.Ms(wall.TotalMilliseconds)],
                ["Aggregate throughput", Stats.Number(results.Count * options.UploadBytes / Stats.Mebibyte / wall.TotalSeconds) + " MB/s"],
                ["Upload time min / median / max", $"{Stats.Ms(times[0])} / {Stats.Ms(Stats.Median(times))} / {Stats.Ms(times[^1])}"],
                ["CPU during the burst", cpu.ToString()],
            ]);
            foreach (var failure in results.Where(result => result.Status != HttpStatusCode.Created).Select(result => result.Problem).Distinct().Take(5))
            {
                report.Line("Failed upload: " + failure);
            }

            var csv = WriteSamples(sampler.Samples);
            report.Line($"Samples of RSS and threads: {csv}.");
            report.HostLog(host);
            report.Target("Host memory growth, " + options.Concurrency.ToString(CultureInfo.InvariantCulture) + " concurrent uploads", Stats.Mb(peak - baseline), "≤ 150 MB", peak - baseline <= TargetGrowthBytes);
            report.Target("Concurrent uploads answered 201", $"{created} of {results.Count}", "all", created == results.Count);
        }
        finally
        {
            await host.DisposeAsync();
            await StorageCleanup.DeleteAsync(options, host.Prefix);
        }
    }

    /// <summary>Starts <paramref name="count"/> uploads at once, spread over the units, and waits for all of them.</summary>
    private async Task<IReadOnlyList<UploadResult>> UploadAllAsync(ApiClient api, Scenario scenario, int count, Func<int, Leaf> leafOf, CancellationToken cancellationToken)
    {
        var uploads = Enumerable.Range(0, count).Select(async i =>
        {
            var unit = scenario.Units[i % Units];
            try
            {
                return await api.UploadPdfAsync(scenario.EvidencePath(unit.UnitId, leafOf(i).Code), unit.Staff[0], options.UploadBytes, $"minh-chung-{i}.pdf", options.DeclareSize, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                // A refused or dropped connection is a finding, not a reason to lose the other results.
                return new UploadResult(0, TimeSpan.Zero, null, ex.GetType().Name + ": " + ex.Message);
            }
        }).ToList();
        return await Task.WhenAll(uploads);
    }

    private static void RequireAllCreated(IReadOnlyList<UploadResult> results, string what)
    {
        if (results.FirstOrDefault(result => result.Status != HttpStatusCode.Created) is { } failed)
        {
            throw new InvalidOperationException($"A {what} upload answered {(int)failed.Status}: {failed.Problem}");
        }
    }

    private static string Tally(IReadOnlyList<UploadResult> results) =>
        string.Join(", ", results.GroupBy(result => result.Status == 0 ? "no answer" : ((int)result.Status).ToString(CultureInfo.InvariantCulture))
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => $"{group.Key} × {group.Count()}"));

    private string WriteSamples(IReadOnlyList<(TimeSpan At, HostStatus Status)> samples)
    {
        var csv = new StringBuilder("seconds,rss_bytes,threads\n");
        foreach (var (at, status) in samples)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{at.TotalSeconds:0.000},{status.ResidentBytes},{status.Threads}\n");
        }

        var path = Path.Combine(options.Artifacts, "loadtests-memory-rss.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
