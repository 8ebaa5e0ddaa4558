using System.Globalization;

namespace Evaluation.LoadTests;

/// <summary>What to run and with which load; every number has the target load as its default.</summary>
public sealed record LoadTestOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project benchmarks/Evaluation.LoadTests -- [upload|memory|saves|queue|cycle|survey|all] [options]

          upload   20 MB PDF through the API vs. a direct Azure SDK upload to the same Azurite (target API/direct >= 0.8)
          memory   host RSS growth during 50 concurrent 20 MB uploads (target <= 150 MB)
          saves    criterion save latency at 50 concurrent users (target p95 <= 50 ms)
          queue    the appraisal council on 48 filled, submitted units: queue reads and decisions (no target)
          cycle    a whole compressed yearly cycle for 60 units, calendar change to publication (target <= 60 s), and
                   the Table/Blob/Queue transactions it used, counted by a proxy in front of Azurite
          survey   R-4 at the province's volumes: 60 respondents a unit registered, the .xlsx template filled and
                   imported (~3 % bad rows), overview and unit reads, 50 online ballots, with storage transactions
          all      the three, one after the other (default)

        Options:
          --size-mb N        upload size in MiB (default 20)
          --repetitions N    measured uploads per side in "upload", after one warm-up each (default 5)
          --concurrency N    concurrent uploads in "memory" (default 50)
          --users N          virtual users in "saves" (default 50)
          --duration S       measured seconds in "saves" (default 20)
          --warmup S         warm-up seconds in "saves" (default 5)
          --units N          units of index set 01 in "survey" (default 48; 60 respondents each)
          --think-ms N       mean pause of each user between two saves, randomised 50-150 % (default 0: a user saves
                             again as soon as answered, 50 saves always in flight)
          --storage CONN     storage connection (default: EVALUATION_TEST_STORAGE, else UseDevelopmentStorage=true)
          --artifacts DIR    where the markdown summary and host logs go (default ./BenchmarkDotNet.Artifacts)
          --no-size          upload without the "size" part the form sends, so the host stages the file in blocks
                             (what a script that sends only "file" gets)
          --keep-data        leave the run's tables and containers in storage (default: deleted at the end)
          --own-azurite      "cycle" and "survey": run on a private in-memory Azurite started for the run, not the shared one

        Azurite must be running: eng/azurite.sh start
        """;

    public IReadOnlyList<string> Modes { get; init; } = ["upload", "memory", "saves"];

    public string ModeName { get; init; } = "all";

    public long UploadBytes { get; init; } = 20L * 1024 * 1024;

    public int Repetitions { get; init; } = 5;

    public int Concurrency { get; init; } = 50;

    public int Users { get; init; } = 50;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ThinkTime { get; init; } = TimeSpan.Zero;

    /// <summary>Units of the survey mode's year.</summary>
    public int Units { get; init; } = 48;

    public string Storage { get; init; } =
        Environment.GetEnvironmentVariable("EVALUATION_TEST_STORAGE") is { Length: > 0 } configured ? configured : "UseDevelopmentStorage=true";

    public string Artifacts { get; init; } = Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts");

    public bool KeepData { get; init; }

    /// <summary>The cycle and survey modes start an Azurite of their own instead of sharing the machine's (see PrivateAzurite).</summary>
    public bool OwnAzurite { get; init; }

    /// <summary>Whether uploads declare their size before the file, as the form does (one Put Blob on the host).</summary>
    public bool DeclareSize { get; init; } = true;

    /// <summary>The evidence limit the host is started with: above the upload size, as in production (50 MB).</summary>
    public long HostMaxFileBytes => Math.Max(50L * 1024 * 1024, UploadBytes + (1024 * 1024));

    /// <summary>Storage as printed: the development account by name, anything else without its secrets.</summary>
    public string StorageDescription => Storage == "UseDevelopmentStorage=true" ? Storage : "custom connection string (EVALUATION_TEST_STORAGE / --storage)";

    /// <summary>Null (after printing why) when the arguments do not make sense.</summary>
    public static LoadTestOptions? Parse(string[] args)
    {
        var options = new LoadTestOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            int Number() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture) is > 0 and var n ? n : throw new ArgumentException($"{arg} must be positive.");
            try
            {
                options = arg switch
                {
                    "upload" or "memory" or "saves" or "queue" or "cycle" or "survey" => options with { Modes = [arg], ModeName = arg },
                    "all" => options with { Modes = ["upload", "memory", "saves"], ModeName = arg },
                    "--size-mb" => options with { UploadBytes = Number() * 1024L * 1024 },
                    "--repetitions" => options with { Repetitions = Number() },
                    "--concurrency" => options with { Concurrency = Number() },
                    "--users" => options with { Users = Number() },
                    "--units" => options with { Units = Number() },
                    "--duration" => options with { Duration = TimeSpan.FromSeconds(Number()) },
                    "--warmup" => options with { Warmup = TimeSpan.FromSeconds(Number()) },
                    "--think-ms" => options with { ThinkTime = TimeSpan.FromMilliseconds(int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture)) },
                    "--storage" => options with { Storage = Value() },
                    "--artifacts" => options with { Artifacts = Path.GetFullPath(Value()) },
                    "--keep-data" => options with { KeepData = true },
                    "--own-azurite" => options with { OwnAzurite = true },
                    "--no-size" => options with { DeclareSize = false },
                    "-h" or "--help" => null,
                    _ => throw new ArgumentException($"Unknown argument {arg}."),
                };
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine(ex.Message);
                options = null;
            }

            if (options is null)
            {
                Console.Error.WriteLine(Usage);
                return null;
            }
        }

        return options;
    }
}
