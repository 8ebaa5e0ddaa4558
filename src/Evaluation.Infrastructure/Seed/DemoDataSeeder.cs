using Evaluation.Domain.Calendar;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Survey;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Storage;
using Evaluation.Infrastructure.Survey;
using Microsoft.Extensions.Logging;

namespace Evaluation.Infrastructure.Seed;

/// <summary>
/// Loads the shipped data into an empty store (R-10.2: one command brings up a working demo): for each year that
/// has sample catalogues, the year with the default calendar, its catalogues, their draft survey questionnaires and units;
/// and the demo people.
/// Never overwrites a year that already exists.
/// </summary>
public sealed class DemoDataSeeder(
    YearStore years,
    CatalogueStore catalogues,
    UnitStore units,
    PersonStore people,
    SurveyStore survey,
    TimeProvider clock,
    ILogger<DemoDataSeeder> logger)
{
    public const string SeededBy = "du-lieu-mau";

    /// <summary>Seeds what is missing; returns the live demo year when it was seeded now and still has to be started.</summary>
    public async Task<int?> SeedAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var dataYears = SeedData.CatalogueYears().ToList();
        foreach (var year in dataYears)
        {
            await SeedYearAsync(year, year, now, cancellationToken);
        }

        // A live year whose self-assessment is open today, cloned from the newest sample year, so the unit journeys
        // (fill the form, upload, submit) work on a fresh machine whatever the date.
        var liveYear = LiveYear(now);
        var liveSeeded = dataYears.Count > 0 && await SeedYearAsync(liveYear, dataYears.Max(), now, cancellationToken);

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

        return liveSeeded ? liveYear : null;
    }

    /// <summary>The year whose self-assessment is open now under the regulation's dates (this year until 15/12, then next).</summary>
    public static int LiveYear(DateTimeOffset now)
    {
        var thisYear = ProvinceTime.ToProvince(now).Year;
        return now < YearCalendar.Default(thisYear).SelfAssessmentDue ? thisYear : thisYear + 1;
    }

    /// <summary>Seeds <paramref name="year"/> from the sample data of <paramref name="dataYear"/>; false when the year already exists.</summary>
    private async Task<bool> SeedYearAsync(int year, int dataYear, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await years.GetAsync(year, cancellationToken) is not null)
        {
            logger.LogInformation("Year {Year} already exists; demo data left as it is", year);
            return false;
        }

        var unitList = SeedData.Units(dataYear);
        var unitTypes = unitList?.UnitTypes is { Count: > 0 } types ? types : UnitType.RegulationDefaults;
        foreach (var catalogue in SeedData.Catalogues(dataYear))
        {
            var ofYear = catalogue with { Year = year };
            await catalogues.SaveAsync(ofYear, SeededBy, now, cancellationToken);
            // The survey's draft questionnaire (one question per section V leaf, R-4), so the survey page works at once.
            await survey.SaveQuestionnaireAsync(SurveyDefaults.Draft(ofYear), SeededBy, now, ifMatch: null, cancellationToken);
        }

        if (unitList is not null)
        {
            await units.SaveManyAsync(year, unitList.Units, cancellationToken);
        }

        // The year row last: its presence means the seed of that year is complete.
        await years.SaveSetupAsync(year, new YearSetup(YearCalendar.Default(year), RankingSettings.Default, unitTypes), null, SeededBy, now, cancellationToken);
        logger.LogInformation("Seeded year {Year} from the {DataYear} sample with {UnitCount} units", year, dataYear, unitList?.Units.Count ?? 0);
        return true;
    }
}
