using System.Diagnostics;
using System.Globalization;

namespace Evaluation.LoadTests;

/// <summary>
/// CPU used over a window by the host, by this load generator, by Azurite and by the whole machine, in cores. On a
/// 2-core box the generator and Azurite compete with the host, and Azurite (Node, one thread) is on every request's
/// path; the split shows how much of the machine the host really had and whether storage was the limit.
/// </summary>
public sealed record CpuUsage(double HostCores, double ClientCores, double AzuriteCores, double MachineCores)
{
    // /proc counts CPU time in USER_HZ, 100 per second on Linux.
    private const double TicksPerSecond = 100;

    public static Snapshot Take(HostProcess host) =>
        new(Stopwatch.GetTimestamp(), host.CpuTime(), Environment.CpuUsage.TotalTime, AzuriteTicks(), MachineBusyTicks());

    public static CpuUsage Between(Snapshot start, Snapshot end)
    {
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        double Cores(long? from, long? to) => from is null || to is null ? double.NaN : (to.Value - from.Value) / TicksPerSecond / seconds;
        return new CpuUsage(
            (end.Host - start.Host).TotalSeconds / seconds,
            (end.Client - start.Client).TotalSeconds / seconds,
            Cores(start.AzuriteTicks, end.AzuriteTicks),
            Cores(start.MachineTicks, end.MachineTicks));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"host {HostCores:0.00}, load generator {ClientCores:0.00}, Azurite {AzuriteCores:0.00}, whole machine {MachineCores:0.00} of {Environment.ProcessorCount} cores");

    public sealed record Snapshot(long Timestamp, TimeSpan Host, TimeSpan Client, long? AzuriteTicks, long? MachineTicks);

    /// <summary>CPU time of the processes whose command line names azurite (read only; found by name, never touched).</summary>
    private static long? AzuriteTicks()
    {
        long? total = null;
        foreach (var folder in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                if (!File.ReadAllText(Path.Combine(folder, "cmdline")).Contains("azurite", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // Fields after the command name in parentheses: state is 3rd, utime 14th, stime 15th.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total = (total ?? 0) + long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read, or is not ours to read.
            }
        }

        return total;
    }

    /// <summary>Busy time of all cores from the first line of /proc/stat: everything but idle and iowait.</summary>
    private static long? MachineBusyTicks()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
        return fields.Take(8).Sum() - fields[3] - fields[4];
    }
}
