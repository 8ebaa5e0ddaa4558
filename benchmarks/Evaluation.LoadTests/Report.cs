using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Evaluation.LoadTests;

/// <summary>
/// What a run found: printed as it goes (so a long run shows progress) and kept as markdown, written at the end to
/// the artifacts folder. Ends with one line per target of the issue: measured, goal, met or not.
/// </summary>
public sealed class Report
{
    private readonly StringBuilder _markdown = new();
    private readonly List<string[]> _targets = [];

    public Report()
    {
        _markdown.AppendLine("# Load tests (benchmarks/Evaluation.LoadTests)").AppendLine();
    }

    /// <summary>Machine, runtime and date: figures mean little without them, least of all on a shared 2-core box.</summary>
    public void MachineFacts(LoadTestOptions options)
    {
        var now = DateTimeOffset.Now;
        Table("Run", ["Fact", "Value"],
        [
            ["Date", now.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)],
            ["Cores", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)],
            ["CPU", ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString()],
            ["Memory", ProcField("/proc/meminfo", "MemTotal") ?? "?"],
            ["OS", RuntimeInformation.OSDescription],
            [".NET", RuntimeInformation.FrameworkDescription],
            ["Load average at start (1/5/15 min)", ReadOrUnknown("/proc/loadavg")],
            ["Storage", options.StorageDescription],
            ["Local host", HostProcess.LocateDll()],
            ["Host GC settings", HostProcess.DescribeRuntimeConfig()],
        ]);
    }

    public void Section(string title, string description)
    {
        Console.WriteLine();
        Console.WriteLine("== " + title + " ==");
        Console.WriteLine(description);
        _markdown.AppendLine("## " + title).AppendLine().AppendLine(description).AppendLine();
    }

    /// <summary>A progress or detail line: console and markdown alike.</summary>
    public void Line(string text)
    {
        Console.WriteLine(text);
        _markdown.AppendLine(text).AppendLine();
    }

    /// <summary>A progress line for the console only (repetition by repetition, waiting for the host…).</summary>
    public static void Progress(string text) => Console.WriteLine("  " + text);

    public void Table(string? caption, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((header, column) => rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        string Row(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd();

        Console.WriteLine();
        if (caption is not null)
        {
            Console.WriteLine(caption);
            _markdown.AppendLine("**" + caption + "**").AppendLine();
        }

        Console.WriteLine(Row(headers));
        Console.WriteLine(string.Join("  ", widths.Select(width => new string('-', width))));
        foreach (var row in rows)
        {
            Console.WriteLine(Row(row));
        }

        _markdown.AppendLine("| " + string.Join(" | ", headers) + " |");
        _markdown.AppendLine("|" + string.Concat(headers.Select(_ => "---|")));
        foreach (var row in rows)
        {
            _markdown.AppendLine("| " + string.Join(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }

        _markdown.AppendLine();
    }

    /// <summary>What the host logged at Warning or above during a mode: under load, a finding in itself.</summary>
    public void HostLog(HostProcess host)
    {
        Line($"Host log: {host.Warnings} warnings, {host.Failures} errors ({host.LogPath}).");
        foreach (var problem in host.Problems)
        {
            Line("Host logged: " + problem);
        }
    }

    /// <summary>One target of the issue, for the closing summary.</summary>
    public void Target(string what, string measured, string goal, bool met)
    {
        var verdict = met ? "met" : "MISSED";
        _targets.Add([what, measured, goal, verdict]);
        Console.WriteLine($"  -> {what}: {measured} (goal {goal}) {verdict}");
    }

    /// <summary>A mode that could not finish: its reason goes in the summary instead of a figure.</summary>
    public void Failed(string mode, Exception exception)
    {
        _targets.Add([mode, "run failed: " + exception.GetType().Name + ": " + exception.Message.ReplaceLineEndings(" "), "-", "FAILED"]);
        Console.Error.WriteLine();
        Console.Error.WriteLine($"{mode} failed: {exception}");
    }

    /// <summary>Prints the summary of targets and writes the markdown file; returns its path.</summary>
    public string Finish(LoadTestOptions options)
    {
        Table("Targets", ["Target", "Measured", "Goal", "Result"], _targets);
        _markdown.AppendLine("Figures from a shared machine are provisional: other processes may compete for the same cores.");
        Directory.CreateDirectory(options.Artifacts);
        var path = Path.Combine(options.Artifacts, $"loadtests-{options.ModeName}.md");
        File.WriteAllText(path, _markdown.ToString());
        return path;
    }

    private static string ReadOrUnknown(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "?";

    private static string? ProcField(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
