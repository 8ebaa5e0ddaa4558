// Load script for the HTTP targets of the evidence/self-assessment issue; pure-code benchmarks live in
// benchmarks/Evaluation.Benchmarks (BenchmarkDotNet). Each mode starts its own local host as a separate process on
// Azurite (eng/azurite.sh start), with storage of its own, and removes that storage at the end.
//
//   dotnet run -c Release --project benchmarks/Evaluation.LoadTests -- [upload|memory|saves|queue|cycle|survey|all] [options]
//
// Prints a table per mode and a summary of targets, and writes BenchmarkDotNet.Artifacts/loadtests-<mode>.md.
// Exit code: 0 when every mode ran (targets met or not, see the summary), 1 when one failed to run, 2 for bad usage.
using Azure;
using Azure.Storage.Blobs;
using Evaluation.LoadTests;

var options = LoadTestOptions.Parse(args);
if (options is null)
{
    return 2;
}

if (!await StorageReachableAsync(options))
{
    Console.Error.WriteLine("Storage is not reachable (" + options.StorageDescription + "). Start Azurite first: eng/azurite.sh start");
    return 1;
}

var report = new Report();
report.MachineFacts(options);
var exitCode = 0;
foreach (var mode in options.Modes)
{
    try
    {
        await (mode switch
        {
            "upload" => new UploadBenchmark(options, report).RunAsync(),
            "memory" => new MemoryBenchmark(options, report).RunAsync(),
            "queue" => new QueueBenchmark(options, report).RunAsync(),
            "cycle" => new CycleBenchmark(options, report).RunAsync(),
            "survey" => new SurveyBenchmark(options, report).RunAsync(),
            _ => new SaveLoadBenchmark(options, report).RunAsync(),
        });
    }
    catch (Exception ex)
    {
        // One mode failing (host did not start, setup refused…) should not hide the figures of the others.
        report.Failed(mode, ex);
        exitCode = 1;
    }
}

var written = report.Finish(options);
Console.WriteLine();
Console.WriteLine("Summary written to " + written);
return exitCode;

static async Task<bool> StorageReachableAsync(LoadTestOptions options)
{
    try
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var service = new BlobServiceClient(options.Storage, new BlobClientOptions { Retry = { MaxRetries = 0 } });
        await service.GetPropertiesAsync(timeout.Token);
        return true;
    }
    catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException or FormatException)
    {
        return false;
    }
}
