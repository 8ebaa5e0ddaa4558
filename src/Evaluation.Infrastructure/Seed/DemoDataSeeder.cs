using Evaluation.Domain.Calendar;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace Evaluation.Infrastructure.Seed;

/// <summary>
/// Loads the shipped data into an empty store (R-10.2: one command brings up a working demo): for each year that
/// has sample catalogues, the year with the default calendar, its catalogues and units; and the demo people.
/// Never overwrites a year that already exists.
/// </summary>
public sealed class DemoDataSeeder(
    YearStore years,
    CatalogueStore catalogues,
    UnitStore units,
    PersonStore people,
    TimeProvider clock,
    ILogger<DemoDataSeeder> logger)
{
    public const string SeededBy = "du-lieu-mau";

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        foreach (var year in SeedData.CatalogueYears())
        {
            if (await years.GetAsync(year, cancellationToken) is not null)
            {
                logger.LogInformation("Year {Year} already exists; demo data left as it is", year);
                continue;
            }

            var unitList = SeedData.Units(year);
            var unitTypes = unitList?.UnitTypes is { Count: > 0 } types ? types : UnitType.RegulationDefaults;
            foreach (var catalogue in SeedData.Catalogues(year))
            {
                await catalogues.SaveAsync(catalogue, SeededBy, now, cancellationToken);
            }

            if (unitList is not null)
            {
                await units.SaveManyAsync(year, unitList.Units, cancellationToken);
            }

            // The year row last: its presence means the seed of that year is complete.
            await years.SaveSetupAsync(year, new YearSetup(YearCalendar.Default(year), RankingSettings.Default, unitTypes), null, SeededBy, now, cancellationToken);
            logger.LogInformation("Seeded year {Year} with {UnitCount} units", year, unitList?.Units.Count ?? 0);
        }

        var demo = SeedData.DemoPeople().People
            .Select(seed => (Seed: seed, Email: EmailAddresses.Normalize(seed.Email), Role: Roles.Parse(seed.Role)))
            .Where(item => item.Email is not null && item.Role is not null)
            .Select(item => new Person(item.Email!, item.Seed.Name, item.Role!.Value, item.Seed.UnitId, item.Seed.AgencyId))
            .ToList();
        var existing = (await people.ListAsync(cancellationToken)).Select(person => person.Email).ToHashSet(StringComparer.Ordinal);
        var missing = demo.Where(person => !existing.Contains(person.Email)).ToList();
        if (missing.Count > 0)
        {
            await people.SaveManyAsync(missing, cancellationToken);
            logger.LogInformation("Seeded {PersonCount} demo people", missing.Count);
        }
    }
}
