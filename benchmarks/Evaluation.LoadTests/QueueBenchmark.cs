using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Evaluation.LoadTests;

/// <summary>
/// The appraisal council's reads and writes on a province-sized year (issue 4): 48 units of index set 01, every
/// self-assessed leaf scored and explained with one small PDF each, submitted by the head. Then, with round 1 open:
/// the SKHDT appraiser's whole queue (every unit), one unit's queue, the working group's queue of every agency, and
/// decisions saved by several appraisers at once. No target is set by the issue; the figures are for the record.
/// </summary>
public sealed class QueueBenchmark(LoadTestOptions options, Report report)
{
    private const int Units = 48;
    private const int SetupParallelism = 16;
    private const int Reads = 20;
    private const int DecisionParallelism = 8;
    private const string Appraiser = "thamdinh.skhdt@thu.phutho.vn";

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        report.Section("queue: the appraisal council on a province-sized year",
            $"{Units} units of index set 01, each with every self-assessed leaf scored, explained and backed by one 64 KB PDF, submitted. " +
            $"Reads: {Reads} sequential GETs after 2 warm-ups, whole answer read. Decisions: one per leaf the SKHDT agency appraises, {DecisionParallelism} at a time.");

        var host = await HostProcess.StartAsync(options, "queue", cancellationToken);
        try
        {
            using var api = new ApiClient(host.BaseAddress, SetupParallelism + 4, TimeSpan.FromMinutes(2));
            var scenario = await Scenario.CreateAsync(api, Units, staffPerUnit: 1, cancellationToken);
            var setup = Stopwatch.StartNew();
            await FillAndSubmitAsync(api, scenario, cancellationToken);
            Report.Progress($"setup: {Units} units filled and submitted in {setup.Elapsed.TotalSeconds:0} s");
            await PutAsync(api, $"/api/people/{Uri.EscapeDataString(Appraiser)}", ApiClient.Admin, """{ "name": "Phan Thị Thu Trang", "role": "appraiser", "agencyId": "SKHDT" }""", cancellationToken);

            var year = scenario.Year.ToString(CultureInfo.InvariantCulture);
            var whole = await ReadAsync(api, $"/api/years/{year}/appraisal/queue", Appraiser, cancellationToken);
            var one = await ReadAsync(api, $"/api/years/{year}/appraisal/queue?unitId={scenario.Units[0].UnitId}", Appraiser, cancellationToken);
            var all = await ReadAsync(api, $"/api/years/{year}/appraisal/queue", ApiClient.Admin, cancellationToken);
            var decisions = await DecideAsync(api, scenario, whole.Codes, cancellationToken);

            report.Table(null, ["Request", "Items", "Answer size", "p50", "p95", "max"],
            [
                Row("Queue of SKHDT, all units", whole),
                Row("Queue of SKHDT, one unit", one),
                Row("Working group, every agency", all),
                [$"Decision PUT ({DecisionParallelism} at a time)", decisions.Count.ToString(CultureInfo.InvariantCulture), "-",
                    Stats.Ms(Stats.Percentile(decisions, 50)), Stats.Ms(Stats.Percentile(decisions, 95)), Stats.Ms(decisions[^1])],
            ]);
            report.HostLog(host);
        }
        finally
        {
            await host.DisposeAsync();
            await StorageCleanup.DeleteAsync(options, host.Prefix);
        }
    }

    private sealed record Reading(List<double> Sorted, int Items, long Bytes, IReadOnlyList<(string UnitId, string Code)> Codes);

    private static IReadOnlyList<string> Row(string name, Reading reading) =>
    [
        name, reading.Items.ToString(CultureInfo.InvariantCulture), Stats.Mb(reading.Bytes),
        Stats.Ms(Stats.Percentile(reading.Sorted, 50)), Stats.Ms(Stats.Percentile(reading.Sorted, 95)), Stats.Ms(reading.Sorted[^1]),
    ];

    private static async Task FillAndSubmitAsync(ApiClient api, Scenario scenario, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(SetupParallelism);
        await Task.WhenAll(scenario.Units.Select(async unit =>
        {
            var staff = unit.Staff[0];
            var head = $"thutruong.{unit.UnitId}@thu.phutho.vn";
            await PutAsync(api, $"/api/people/{Uri.EscapeDataString(head)}", ApiClient.Admin,
                new JsonObject { ["name"] = "Thủ trưởng " + unit.UnitId, ["role"] = "unitHead", ["unitId"] = unit.UnitId }.ToJsonString(), cancellationToken);
            await Task.WhenAll(scenario.Leaves.Select(async (leaf, index) =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    var answer = new JsonObject { ["selfScore"] = leaf.Score(index), ["explanation"] = $"Giải trình kết quả thực hiện {leaf.Code}." };
                    await PutAsync(api, scenario.CriterionPath(unit.UnitId, leaf.Code), staff, answer.ToJsonString(), cancellationToken);
                    var upload = await api.UploadPdfAsync(scenario.EvidencePath(unit.UnitId, leaf.Code), staff, 64 * 1024, $"minh-chung-{leaf.Code}.pdf", declareSize: true, cancellationToken);
                    if (upload.Status != HttpStatusCode.Created)
                    {
                        throw new InvalidOperationException($"Upload for {unit.UnitId} {leaf.Code}: {(int)upload.Status} {upload.Problem}");
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));

            using var submitted = await api.SendAsync(HttpMethod.Post, $"/api/years/{scenario.Year.ToString(CultureInfo.InvariantCulture)}/units/{unit.UnitId}/assessment/submit", head, cancellationToken: cancellationToken);
            if (submitted.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Submitting {unit.UnitId}: {(int)submitted.StatusCode}");
            }
        }));
    }

    private static async Task<Reading> ReadAsync(ApiClient api, string path, string email, CancellationToken cancellationToken)
    {
        var times = new List<double>();
        var items = 0;
        long bytes = 0;
        var codes = new List<(string, string)>();
        for (var i = 0; i < Reads + 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await api.SendAsync(HttpMethod.Get, path, email, cancellationToken: cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {ApiClient.Shorten(System.Text.Encoding.UTF8.GetString(body))}");
            }

            if (i < 2)
            {
                using var json = JsonDocument.Parse(body);
                var list = json.RootElement.GetProperty("items");
                items = list.GetArrayLength();
                bytes = body.LongLength;
                codes = list.EnumerateArray().Select(item => (item.GetProperty("unitId").GetString()!, item.GetProperty("code").GetString()!)).ToList();
                continue;
            }

            times.Add(elapsed);
        }

        times.Sort();
        return new Reading(times, items, bytes, codes);
    }

    private static async Task<List<double>> DecideAsync(ApiClient api, Scenario scenario, IReadOnlyList<(string UnitId, string Code)> items, CancellationToken cancellationToken)
    {
        var times = new System.Collections.Concurrent.ConcurrentBag<double>();
        using var gate = new SemaphoreSlim(DecisionParallelism);
        var year = scenario.Year.ToString(CultureInfo.InvariantCulture);
        await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await api.SendAsync(HttpMethod.Put, $"/api/years/{year}/units/{item.UnitId}/appraisal/1/criteria/{item.Code}", Appraiser,
                    ApiClient.Json("""{ "decision": "agree" }"""), cancellationToken: cancellationToken);
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"Decision on {item.UnitId} {item.Code}: {(int)response.StatusCode}");
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        var sorted = times.ToList();
        sorted.Sort();
        return sorted;
    }

    private static async Task PutAsync(ApiClient api, string path, string email, string json, CancellationToken cancellationToken)
    {
        using var response = await api.SendAsync(HttpMethod.Put, path, email, ApiClient.Json(json), cancellationToken: cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {ApiClient.Shorten(await response.Content.ReadAsStringAsync(cancellationToken))}");
        }
    }
}
