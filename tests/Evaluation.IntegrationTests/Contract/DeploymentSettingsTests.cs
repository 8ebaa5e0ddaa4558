using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Evaluation.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Evaluation.IntegrationTests.Contract;

/// <summary>
/// The deployment is complete (R-10.1): every setting the Functions app reads is set by the Bicep in infra/ or
/// documented as optional in README "Configuration", and the local sample settings, the azd parameters and the
/// sign-in exemptions agree with the code.
/// </summary>
/// <remarks>
/// The settings the app reads are found by running what the Functions app's Program.cs runs,
/// <c>AddEvaluation(configuration)</c>, over a configuration that records what is asked of it, then running each
/// options binder it registered: the section a binder asks for, with the settable properties of its options class,
/// gives the keys, so a new options property or a new bound section shows up by itself. Keys read while registering
/// and literal reads (<c>configuration["…"]</c>, <c>GetValue("…")</c>, <c>GetSection("…")</c>) in the app's sources
/// are added, and so are the host's own: host.json's <c>%Name%</c> placeholders and connection names.
/// <para>
/// The settings Azure gets are read from the Bicep source, infra/modules/function-app.bicep, not from the compiled
/// template: Bicep inlines values known only at deployment (storage endpoints, the identity's client id) into one
/// ARM expression string, which hides the keys, whereas in the source each key is a literal line of the
/// <c>appsettings</c> object (a list is spread into it from a variable that names its key prefix). That the Bicep
/// compiles cleanly is eng/bicep.sh's job in CI.
/// </para>
/// </remarks>
public sealed class DeploymentSettingsTests
{
    private const string SetByBicep = "set by infra/main.bicep";
    private const string Optional = "optional";
    private const string NotUsed = "not used";

    [Fact]
    [Trait("Requirement", "R-10.1")]
    public void Every_setting_the_app_reads_is_set_by_the_bicep_or_documented_as_optional()
    {
        var azure = BicepAppSettings();
        var readme = ReadmeAzureColumn();

        var unaccounted = SettingsTheAppReads()
            .Where(setting => !azure.Any(setting.IsSetBy))
            .Where(setting => !(readme.TryGetValue(setting.Key, out var column) && IsLeftUnset(column)))
            .Select(setting => $"{setting.Key}: the app reads it, but infra/modules/function-app.bicep does not set it and README " +
                               $"\"Configuration\" does not say \"{Optional}\" or \"{NotUsed}\" in its Azure column");

        AssertNone(unaccounted);
    }

    [Fact]
    [Trait("Requirement", "R-10.1")]
    public void What_the_readme_says_the_bicep_sets_it_sets()
    {
        var azure = BicepAppSettings();

        var claimed = ReadmeAzureColumn()
            .Where(row => row.Value.StartsWith(SetByBicep, StringComparison.OrdinalIgnoreCase))
            .Select(row => new Setting(row.Key, IsList: true)) // "AzureWebJobsStorage" is set as AzureWebJobsStorage__…
            .ToList();

        Assert.NotEmpty(claimed);
        AssertNone(claimed.Where(setting => !azure.Any(setting.IsSetBy))
            .Select(setting => $"{setting.Key}: README says \"{SetByBicep}\", but infra/modules/function-app.bicep does not set it"));
    }

    /// <summary>
    /// local.settings.sample.json (for <c>func start</c>) names every setting the app reads. Lists are left out: an
    /// empty <c>Evidence__TrustedRootCertificates__0</c> would be read as one (unreadable) certificate.
    /// </summary>
    [Fact]
    [Trait("Requirement", "R-10.1")]
    public void The_local_settings_sample_lists_every_setting_the_app_reads()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(value => Setting.Normalize(value.Name)).ToList();

        var absent = SettingsTheAppReads()
            .Where(setting => !setting.IsList && !values.Any(value => new Setting(value, IsList: false).Covers(setting)))
            .Select(setting => $"{setting.Key.Replace(":", "__", StringComparison.Ordinal)} is read by the app but missing from local.settings.sample.json");

        AssertNone(absent);
    }

    /// <summary>azd fills main.parameters.json from its environment: it may name only parameters main.bicep has, and must give every one without a default.</summary>
    [Fact]
    [Trait("Requirement", "R-10.1")]
    public void The_azd_parameters_match_the_parameters_of_main_bicep()
    {
        var root = RepositoryRoot();
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "infra", "main.parameters.json")));
        var given = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var declared = Regex.Matches(File.ReadAllText(Path.Combine(root, "infra", "main.bicep")), @"^param\s+(\w+)\s+[^\r\n=]+(=)?", RegexOptions.Multiline)
            .ToDictionary(match => match.Groups[1].Value, match => match.Groups[2].Success, StringComparer.Ordinal);

        Assert.NotEmpty(declared);
        AssertNone(given.Where(name => !declared.ContainsKey(name)).Select(name => $"main.parameters.json gives '{name}', which main.bicep does not declare"));
        AssertNone(declared.Where(param => !param.Value && !given.Contains(param.Key)).Select(param => $"main.bicep needs '{param.Key}', which main.parameters.json does not give"));
    }

    /// <summary>
    /// The pages and API that must open without sign-in are excluded from App Service Authentication under their
    /// current routes: a renamed route would otherwise send leaders with a personal link to a sign-in page.
    /// </summary>
    [Theory]
    [Trait("Requirement", "R-10.1")]
    [InlineData(Routes.RankingPreview)]
    [InlineData(Routes.ResultsPage)]
    [InlineData(Routes.PrintableResultsPage)]
    [InlineData(Routes.Results)]
    [InlineData(Routes.ResultsWorkbook)]
    [InlineData(Routes.LeaderBallotPage)]
    [InlineData(Routes.LeaderBallot)]
    [InlineData(Routes.LeaderBallotTab)]
    [InlineData(Routes.SurveyBallotPage)]
    [InlineData(Routes.SurveyBallot)]
    public void Public_routes_are_excluded_from_sign_in(string route)
    {
        // As function-app.bicep writes them: the year from its loop, a last route value as the "/*" wildcard.
        var path = "/" + Regex.Replace(route.Replace("{year}", "${year}", StringComparison.Ordinal), @"\{\w+\}$", "*");

        Assert.Contains($"'{path}'", File.ReadAllText(FunctionAppBicep()), StringComparison.Ordinal);
    }

    /// <summary>Every key the Functions app reads, as "Section:Key" (lists as their prefix, e.g. "Evidence:TrustedRootCertificates").</summary>
    private static List<Setting> SettingsTheAppReads()
    {
        var recorder = new RecordingConfigurationProvider();
        var configuration = new ConfigurationBuilder().Add(new RecordingConfigurationSource(recorder)).Build();
        var services = new ServiceCollection();
        services.AddEvaluation(configuration);
        var readWhileRegistering = recorder.Keys.ToList();

        // Each options class bound to a section: running its binder over the empty configuration asks for the
        // section (which names it), and the class's settable properties are the keys below it.
        var options = new List<Setting>();
        foreach (var descriptor in services.Where(d => d.ImplementationInstance is not null && IsConfigurationBinder(d.ImplementationInstance.GetType())))
        {
            var optionsType = descriptor.ServiceType.GetGenericArguments()[0];
            recorder.Sections.Clear();
            descriptor.ServiceType.GetMethod(nameof(IConfigureOptions<object>.Configure))!
                .Invoke(descriptor.ImplementationInstance, [Activator.CreateInstance(optionsType)]);
            var section = Assert.Single(recorder.Sections);
            options.AddRange(optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(property => property.SetMethod is { IsPublic: true })
                .Select(property => new Setting($"{section}:{property.Name}", IsList: IsList(property.PropertyType))));
        }

        var settings = options
            .Concat(readWhileRegistering.Select(key => new Setting(Setting.Normalize(key), IsList: false)))
            .Concat(LiteralReadsInSources())
            .Concat(HostSettings())
            .DistinctBy(setting => setting.Key, StringComparer.OrdinalIgnoreCase)
            .OrderBy(setting => setting.Key, StringComparer.Ordinal)
            .ToList();
        Assert.Contains(settings, setting => setting.Key == "Graph:SenderMailbox"); // the discovery works
        return settings;
    }

    private static bool IsList(Type type) => type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    /// <summary>Documented as left to its default in Azure, or as deliberately not set there.</summary>
    private static bool IsLeftUnset(string azureColumn) =>
        azureColumn.StartsWith(Optional, StringComparison.OrdinalIgnoreCase) || azureColumn.StartsWith(NotUsed, StringComparison.OrdinalIgnoreCase);

    private static bool IsConfigurationBinder(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(NamedConfigureFromConfigurationOptions<>))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Keys read by name in the sources of what the Functions app runs (the local host is not deployed).</summary>
    private static IEnumerable<Setting> LiteralReadsInSources()
    {
        var reads = new Regex(@"(?:[Cc]onfiguration|[Ss]ection)\s*\[\s*""(?<key>[^""]+)""\s*\]|\.GetValue(?:<[^>]+>)?\(\s*""(?<key>[^""]+)""|\.GetSection\(\s*""(?<key>[^""]+)""\s*\)");
        string[] projects = ["Evaluation.Functions", "Evaluation.Web", "Evaluation.Infrastructure", "Evaluation.Workflow"];
        return projects
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", project), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => reads.Matches(File.ReadAllText(file)))
            .Select(match => new Setting(Setting.Normalize(match.Groups["key"].Value), IsList: false));
    }

    /// <summary>What the Functions host itself reads because host.json says so: %Name% placeholders and connection names.</summary>
    private static IEnumerable<Setting> HostSettings()
    {
        var hostJson = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Evaluation.Functions", "host.json"));
        var placeholders = Regex.Matches(hostJson, @"""%(?<key>\w+)%""").Select(match => match.Groups["key"].Value);
        // A connection is one setting or a group of them ("AzureWebJobsStorage__blobServiceUri", … with an identity).
        var connections = Regex.Matches(hostJson, @"""connection(?:Name)?""\s*:\s*""(?<key>\w+)""").Select(match => match.Groups["key"].Value);
        return placeholders.Select(key => new Setting(key, IsList: false)).Concat(connections.Select(key => new Setting(key, IsList: true)));
    }

    /// <summary>The keys of the Function App's <c>appsettings</c> in infra/modules/function-app.bicep, as "Section:Key".</summary>
    private static List<Setting> BicepAppSettings()
    {
        var bicep = File.ReadAllText(FunctionAppBicep());
        var resource = bicep.IndexOf("name: 'appsettings'", StringComparison.Ordinal);
        Assert.True(resource >= 0, "function-app.bicep has no config resource named 'appsettings'");
        var block = BracedBlock(bicep, bicep.IndexOf("properties: {", resource, StringComparison.Ordinal) + "properties: ".Length);

        var keys = Regex.Matches(block, @"^\s*(?<key>[A-Za-z_][A-Za-z0-9_]*)\s*:", RegexOptions.Multiline)
            .Select(match => new Setting(Setting.Normalize(match.Groups["key"].Value), IsList: false));
        // "...trustedRootSettings": a variable whose keys are "Prefix__${i}", i.e. the list "Prefix".
        var lists = Regex.Matches(block, @"^\s*\.\.\.(?<variable>\w+)\s*$", RegexOptions.Multiline)
            .Select(match => Regex.Match(bicep, $@"^var {match.Groups["variable"].Value} = [\s\S]*?'(?<prefix>[A-Za-z0-9_]+?)__\$\{{", RegexOptions.Multiline))
            .Select(match =>
            {
                Assert.True(match.Success, "A list spread into the app settings must name its keys as 'Prefix__${i}'.");
                return new Setting(Setting.Normalize(match.Groups["prefix"].Value), IsList: true);
            });

        var settings = keys.Concat(lists).ToList();
        Assert.Contains(settings, setting => setting.Key == "DurableTaskHubName"); // the parsing works
        return settings;
    }

    /// <summary>The text between the brace at <paramref name="open"/> and its partner.</summary>
    private static string BracedBlock(string text, int open)
    {
        Assert.Equal('{', text[open]);
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[(open + 1)..i];
            }
        }

        throw new InvalidOperationException("Unbalanced braces in function-app.bicep.");
    }

    /// <summary>
    /// The "Azure" column of the tables in README "Configuration" (up to the next "## " heading), per setting named in
    /// backticks in the row's first cell: "set by infra/main.bicep", "optional …" or "local host only".
    /// </summary>
    private static Dictionary<string, string> ReadmeAzureColumn()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var start = Array.FindIndex(lines, line => line.Trim() == "## Configuration");
        Assert.True(start >= 0, "README.md has no \"## Configuration\" section");
        var end = Array.FindIndex(lines, start + 1, line => line.StartsWith("## ", StringComparison.Ordinal));
        var section = lines[(start + 1)..(end < 0 ? lines.Length : end)];

        var column = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var azureColumn = -1;
        foreach (var line in section.Select(line => line.Trim()))
        {
            if (!line.StartsWith('|'))
            {
                azureColumn = -1;
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
            if (azureColumn < 0)
            {
                azureColumn = Array.FindIndex(cells, cell => cell == "Azure");
                continue;
            }

            if (cells.All(cell => cell.Trim('-', ':').Length == 0) || azureColumn >= cells.Length)
            {
                continue;
            }

            foreach (Match key in Regex.Matches(cells[0], @"`(?<key>[A-Za-z][A-Za-z0-9_:]*)`"))
            {
                column[Setting.Normalize(key.Groups["key"].Value)] = cells[azureColumn];
            }
        }

        Assert.NotEmpty(column);
        return column;
    }

    /// <summary>Fails listing every problem in full (a collection assertion would cut each one short).</summary>
    private static void AssertNone(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, string.Join(Environment.NewLine, list));
    }

    private static string FunctionAppBicep() => Path.Combine(RepositoryRoot(), "infra", "modules", "function-app.bicep");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EvalFunctions.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EvalFunctions.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A setting's key as "Section:Key"; a list stands for all its entries ("Key:0", "Key:1", …, or "Key__…").</summary>
    private sealed record Setting(string Key, bool IsList)
    {
        /// <summary>"Evidence__TrustedRootCertificates__0" and "Evidence:TrustedRootCertificates:0" → "Evidence:TrustedRootCertificates".</summary>
        public static string Normalize(string key) => Regex.Replace(key.Replace("__", ":", StringComparison.Ordinal), @":\d+$", string.Empty);

        /// <summary>Whether this setting (as set somewhere) provides <paramref name="read"/>.</summary>
        public bool Covers(Setting read) =>
            string.Equals(Key, read.Key, StringComparison.OrdinalIgnoreCase)
            || (read.IsList && Key.StartsWith(read.Key + ":", StringComparison.OrdinalIgnoreCase));

        public bool IsSetBy(Setting set) => set.Covers(this);
    }

    /// <summary>Answers nothing and remembers what was asked: single keys, and the sections whose children were listed.</summary>
    private sealed class RecordingConfigurationProvider : ConfigurationProvider
    {
        public HashSet<string> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> Sections { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override bool TryGet(string key, out string? value)
        {
            Keys.Add(key);
            value = null;
            return false;
        }

        public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
        {
            if (parentPath is not null)
            {
                Sections.Add(parentPath);
            }

            return base.GetChildKeys(earlierKeys, parentPath);
        }
    }

    private sealed class RecordingConfigurationSource(RecordingConfigurationProvider provider) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => provider;
    }
}
