using System.Reflection;
using System.Text.Json;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using Evaluation.Domain.Units;

namespace Evaluation.Infrastructure.Seed;

/// <summary>A year's list of units as shipped in data/units/{year}.json (Annex 1, editable data).</summary>
public sealed record UnitList(int Year, string? Note, IReadOnlyList<UnitType> UnitTypes, IReadOnlyList<Unit> Units);

/// <summary>Demo people of data/people/demo.json, for the development sign-in.</summary>
public sealed record PeopleList(string? Note, IReadOnlyList<PersonSeed> People);

public sealed record PersonSeed(string Email, string Name, string Role, string? UnitId = null, string? AgencyId = null);

/// <summary>
/// The data that ships with the project (the /data folder, embedded in this assembly): sample catalogues, the units
/// of Phú Thọ and demo people. Samples, not the province's real criteria: it supplies those every year.
/// </summary>
public static class SeedData
{
    private static readonly Assembly Assembly = typeof(SeedData).Assembly;

    public static IReadOnlyList<int> CatalogueYears() =>
        Names("SeedData/catalogues/")
            .Select(name => name.Split('/')[2])
            .Distinct(StringComparer.Ordinal)
            .Select(year => int.Parse(year, System.Globalization.CultureInfo.InvariantCulture))
            .Order()
            .ToList();

    /// <summary>The sample catalogues of a year, read and validated like any uploaded file.</summary>
    public static IReadOnlyList<Catalogue> Catalogues(int year) =>
        Names($"SeedData/catalogues/{year}/")
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                var read = CatalogueReader.Read(ReadBytes(name));
                return read.IsValid
                    ? read.Catalogue!
                    : throw new InvalidDataException($"{name}: {string.Join("; ", read.Errors.AllMessages())}");
            })
            .ToList();

    /// <summary>The raw bytes of a shipped file, e.g. "catalogues/2025/01.json".</summary>
    public static byte[] ReadBytes(string name)
    {
        var resource = name.StartsWith("SeedData/", StringComparison.Ordinal) ? name : "SeedData/" + name;
        using var stream = Assembly.GetManifestResourceStream(resource) ?? throw new FileNotFoundException($"No shipped data file {resource}.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    public static UnitList? Units(int year)
    {
        var name = $"SeedData/units/{year}.json";
        return Names(name).Any() ? JsonSerializer.Deserialize<UnitList>(ReadBytes(name), EvaluationJson.Options) : null;
    }

    public static PeopleList DemoPeople() =>
        JsonSerializer.Deserialize<PeopleList>(ReadBytes("SeedData/people/demo.json"), EvaluationJson.Options)
        ?? new PeopleList(null, []);

    private static IEnumerable<string> Names(string prefix) =>
        Assembly.GetManifestResourceNames().Where(name => name.StartsWith(prefix, StringComparison.Ordinal));
}
