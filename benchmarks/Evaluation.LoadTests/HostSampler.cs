using System.Diagnostics;

namespace Evaluation.LoadTests;

/// <summary>
/// Reads the host's memory and thread count every <c>interval</c> on a background task, so that short peaks between
/// two requests' completions are seen, not just the state at the end; a jump in threads during a burst is the
/// thread pool adding threads because its threads are blocked.
/// </summary>
public sealed class HostSampler : IAsyncDisposable
{
    private readonly HostProcess _host;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TimeSpan At, HostStatus Status)> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Task? _loop;

    public HostSampler(HostProcess host, TimeSpan interval)
    {
        _host = host;
        _interval = interval;
    }

    public IReadOnlyList<(TimeSpan At, HostStatus Status)> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public long PeakResidentBytes => Samples.Max(sample => sample.Status.ResidentBytes);

    public int PeakThreads => Samples.Max(sample => sample.Status.Threads);

    public void Start() => _loop = Task.Run(LoopAsync);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        Sample();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        Sample();
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Sample()
    {
        var status = _host.Status();
        lock (_samples)
        {
            _samples.Add((_clock.Elapsed, status));
        }
    }
}
