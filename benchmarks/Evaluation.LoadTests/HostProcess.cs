using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Evaluation.LoadTests;

/// <summary>The host process's memory and threads at one moment.</summary>
public readonly record struct HostStatus(long ResidentBytes, long PeakResidentBytes, int Threads);

/// <summary>
/// The built local host, started as a separate process (<c>dotnet Evaluation.LocalHost.dll</c>) on a free loopback
/// port with storage and task hub of its own, so that its memory and CPU are measured alone, apart from the load
/// generator. Its console log goes to a file; warnings and failures are counted for the report.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int ProblemsKept = 12;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly List<string> _problems = [];
    private int _warnings;
    private int _failures;
    private bool _problemOpen;
    private bool _closed;

    private HostProcess(Process process, StreamWriter log, string logPath, string prefix, Uri baseAddress)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        Prefix = prefix;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Table/container prefix and task hub name of this host; nothing else uses it.</summary>
    public string Prefix { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public int Warnings => Volatile.Read(ref _warnings);

    public int Failures => Volatile.Read(ref _failures);

    /// <summary>The first warnings and failures the host logged, with their message line.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_logLock)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>The local host build this tool was built with (see the project file), or one next to this tool.</summary>
    public static string LocateDll()
    {
        var recorded = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "LocalHostDll")?.Value;
        string[] candidates =
        [
            Environment.GetEnvironmentVariable("EVALUATION_LOCALHOST_DLL") ?? string.Empty,
            recorded ?? string.Empty,
            Path.Combine(AppContext.BaseDirectory, "Evaluation.LocalHost.dll"),
        ];
        return candidates.FirstOrDefault(path => path.Length > 0 && File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException("The built local host was not found; build this project (it references src/Evaluation.LocalHost) or set EVALUATION_LOCALHOST_DLL.");
    }

    /// <summary>The garbage collector settings of the host build, as its runtimeconfig.json states them.</summary>
    public static string DescribeRuntimeConfig()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(LocateDll(), ".runtimeconfig.json")));
        var properties = config?["runtimeOptions"]?["configProperties"]?.AsObject();
        var gc = properties?.Where(pair => pair.Key.StartsWith("System.GC.", StringComparison.Ordinal))
            .Select(pair => $"{pair.Key}={pair.Value}").ToList() ?? [];
        return gc.Count == 0 ? "runtime defaults (workstation GC)" : string.Join(", ", gc);
    }

    public static async Task<HostProcess> StartAsync(LoadTestOptions options, string tag, CancellationToken cancellationToken = default)
    {
        var dll = LocateDll();
        var port = FreeLoopbackPort();
        // Letters and digits, lower case: valid as table prefix, container prefix and task hub name.
        var prefix = ("lt" + tag + Guid.NewGuid().ToString("N"))[..Math.Min(20, 2 + tag.Length + 12)].ToLowerInvariant();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } muxer ? muxer : "dotnet")
        {
            // The host's folder is its content root, as when it runs from its build output: appsettings.json is read there.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            dll,
            "--urls", baseAddress.ToString().TrimEnd('/'),
            "--environment", "Development",
            "--EvaluationStorage:ConnectionString", options.Storage,
            "--EvaluationStorage:Prefix", prefix,
            "--Durable:TaskHubName", prefix,
            "--Durable:MaxQueuePollingInterval", "00:00:00.500",
            "--Evaluation:BootstrapAdmins", ApiClient.Admin,
            "--Evaluation:SeedDemoData", "false",
            "--Evidence:MaxFileBytes", options.HostMaxFileBytes.ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Directory.CreateDirectory(options.Artifacts);
        var logPath = Path.Combine(options.Artifacts, $"loadtests-host-{tag}.log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(process, log, logPath, prefix, baseAddress);
        process.OutputDataReceived += (_, line) => host.Record(line.Data);
        process.ErrorDataReceived += (_, line) => host.Record(line.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await host.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(120), cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The host's memory and threads now, from /proc/&lt;pid&gt;/status: resident set size (VmRSS, what it holds in RAM,
    /// managed heap or not), its highest value since start (VmHWM) and the number of threads.
    /// </summary>
    public HostStatus Status()
    {
        long rss = 0, peak = 0, threads = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            // Lines look like "VmRSS:   123456 kB" and "Threads:  42".
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].Trim().Split(' ')[0];
            switch (colon < 0 ? string.Empty : line[..colon])
            {
                case "VmRSS":
                    rss = long.Parse(value, CultureInfo.InvariantCulture) * 1024;
                    break;
                case "VmHWM":
                    peak = long.Parse(value, CultureInfo.InvariantCulture) * 1024;
                    break;
                case "Threads":
                    threads = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
            }
        }

        return new HostStatus(rss, peak, (int)threads);
    }

    /// <summary>CPU time (user + system) the host has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // No graceful shutdown: nothing the run measured depends on it, and a kill cannot hang.
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone: nothing to stop.
        }
        finally
        {
            _process.Dispose();
            lock (_logLock)
            {
                _closed = true;
                _log.Dispose();
            }
        }
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        // Poll the API rather than wait a fixed time: start-up takes from one to many seconds on a busy machine.
        using var client = new ApiClient(BaseAddress, 1, TimeSpan.FromSeconds(5));
        var deadline = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The local host exited with code {_process.ExitCode} before answering; see {LogPath}.");
            }

            try
            {
                using var response = await client.SendAsync(HttpMethod.Get, "/api/years", ApiClient.Admin, cancellationToken: cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but not answering yet.
            }

            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"The local host did not answer GET /api/years within {limit.TotalSeconds:0} s; see {LogPath}.");
            }

            await poll.WaitForNextTickAsync(cancellationToken);
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (_closed)
            {
                return;
            }

            _log.WriteLine(line);

            // The console logger writes "warn: Category[id]" then the message on the next, indented line.
            if (_problemOpen && _problems.Count > 0)
            {
                _problems[^1] += " — " + line.Trim();
                _problemOpen = false;
                return;
            }

            var isWarning = line.StartsWith("warn:", StringComparison.Ordinal);
            var isFailure = line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal);
            if (!isWarning && !isFailure)
            {
                return;
            }

            _ = isWarning ? Interlocked.Increment(ref _warnings) : Interlocked.Increment(ref _failures);
            if (_problems.Count < ProblemsKept)
            {
                _problems.Add(line.Trim());
                _problemOpen = true;
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
