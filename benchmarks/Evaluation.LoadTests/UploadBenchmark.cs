using System.Diagnostics;
using System.Globalization;
using System.Net;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Evaluation.LoadTests;

/// <summary>
/// Target 1: a PDF through the API (POST …/criteria/{code}/evidence) against the same bytes uploaded straight to
/// the same Azurite with the Azure SDK (BlobClient.UploadAsync, default transfer options), in one run. The two are
/// interleaved, and which goes first rotates, so a burst of load from elsewhere on the machine hits every side.
/// </summary>
public sealed class UploadBenchmark(LoadTestOptions options, Report report)
{
    private const double TargetRatio = 0.8;

    private static readonly string[] SideNames = ["API", "direct", "blocks"];

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        report.Section("upload: API vs. direct Azure SDK upload",
            $"One {Stats.Mb(options.UploadBytes)} generated PDF at a time; 1 warm-up + {options.Repetitions} measured uploads per side, interleaved " +
            "(the side named under First goes first, the others follow in turn). " +
            "Direct: BlobClient.UploadAsync with the SDK's default transfer options; direct 1 MiB blocks: the same, staging 1 MiB blocks one at a time " +
            "(for diagnosis, not part of the target). Throughput is size / wall time from the first byte sent to the answer read (MB = 2^20 bytes).");

        var host = await HostProcess.StartAsync(options, "upload", cancellationToken);
        try
        {
            using var api = new ApiClient(host.BaseAddress, 4, TimeSpan.FromMinutes(10));
            var scenario = await Scenario.CreateAsync(api, unitCount: 1, staffPerUnit: 1, cancellationToken);
            var unit = scenario.Units[0];
            var container = new BlobServiceClient(options.Storage).GetBlobContainerClient(host.Prefix + "-direct");
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

            // Third side, for diagnosis only: the SDK sending 1 MiB blocks one at a time, the pattern the host uses
            // to keep memory bounded, so a gap can be told apart into block staging and the API's own cost.
            var blocks = new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" },
                TransferOptions = new StorageTransferOptions { InitialTransferSize = 1024 * 1024, MaximumTransferSize = 1024 * 1024, MaximumConcurrency = 1 },
            };
            var plain = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" } };
            var rows = new List<IReadOnlyList<string>>();
            var speeds = new List<double>[] { [], [], [] };
            for (var round = 0; round <= options.Repetitions; round++)
            {
                // A different criterion each round keeps every criterion well under its 20-file limit.
                var leaf = scenario.Leaves[round % scenario.Leaves.Count];
                Func<Task<TimeSpan>>[] sides =
                [
                    () => ThroughApiAsync(api, scenario.EvidencePath(unit.UnitId, leaf.Code), unit.Staff[0], round, cancellationToken),
                    () => DirectAsync(container.GetBlobClient($"direct/{round}.pdf"), plain, cancellationToken),
                    () => DirectAsync(container.GetBlobClient($"blocks/{round}.pdf"), blocks, cancellationToken),
                ];
                var times = new TimeSpan[sides.Length];
                for (var step = 0; step < sides.Length; step++)
                {
                    var side = (round + step) % sides.Length;
                    times[side] = await sides[side]();
                }

                var speed = times.Select(time => options.UploadBytes / Stats.Mebibyte / time.TotalSeconds).ToArray();
                if (round > 0)
                {
                    for (var side = 0; side < sides.Length; side++)
                    {
                        speeds[side].Add(speed[side]);
                    }
                }

                rows.Add([round > 0 ? round.ToString(CultureInfo.InvariantCulture) : "warm-up", SideNames[round % sides.Length],
                    Stats.Ms(times[0].TotalMilliseconds), Stats.Number(speed[0]), Stats.Ms(times[1].TotalMilliseconds), Stats.Number(speed[1]),
                    Stats.Number(speed[2]), Stats.Number(speed[0] / speed[1], "0.00")]);
                Report.Progress($"round {rows[^1][0]}: API {rows[^1][3]} MB/s, direct {rows[^1][5]} MB/s, direct 1 MiB blocks {rows[^1][6]} MB/s");
            }

            var apiMedian = Stats.Median(speeds[0]);
            var directMedian = Stats.Median(speeds[1]);
            rows.Add(["median", "", "", Stats.Number(apiMedian), "", Stats.Number(directMedian), Stats.Number(Stats.Median(speeds[2])), Stats.Number(apiMedian / directMedian, "0.00")]);
            report.Table(null, ["Round", "First", "API time", "API MB/s", "Direct time", "Direct MB/s", "Direct 1 MiB blocks MB/s", "API/direct"], rows);
            report.HostLog(host);
            report.Target("Upload throughput API/direct (median)", Stats.Number(apiMedian / directMedian, "0.00") +
                $" ({Stats.Number(apiMedian)} vs {Stats.Number(directMedian)} MB/s)", "≥ " + Stats.Number(TargetRatio, "0.0"), apiMedian / directMedian >= TargetRatio);
        }
        finally
        {
            await host.DisposeAsync();
            await StorageCleanup.DeleteAsync(options, host.Prefix);
        }
    }

    private async Task<TimeSpan> ThroughApiAsync(ApiClient api, string path, string email, int round, CancellationToken cancellationToken)
    {
        var result = await api.UploadPdfAsync(path, email, options.UploadBytes, $"bao-cao-{round}.pdf", options.DeclareSize, cancellationToken);
        if (result.Status != HttpStatusCode.Created || result.StoredSize != options.UploadBytes)
        {
            throw new InvalidOperationException($"API upload answered {(int)result.Status} (stored size {result.StoredSize}): {result.Problem}");
        }

        return result.Elapsed;
    }

    private async Task<TimeSpan> DirectAsync(BlobClient blob, BlobUploadOptions upload, CancellationToken cancellationToken)
    {
        await using var content = new GeneratedPdfStream(options.UploadBytes);
        var started = Stopwatch.GetTimestamp();
        await blob.UploadAsync(content, upload, cancellationToken);
        return Stopwatch.GetElapsedTime(started);
    }
}
