using Evaluation.Infrastructure.Seed;
using Evaluation.Infrastructure.Storage;
using Evaluation.Workflow;
using Microsoft.DurableTask.Client;

namespace Evaluation.LocalHost.Development;

/// <summary>
/// Seeds the demo data when the local host starts and, once the host and its Durable sidecar are up,
/// starts the live demo year as the working group would, so its units are in self-assessment.
/// </summary>
public sealed class DemoDataSeedService(
    DemoDataSeeder seeder,
    YearStore years,
    UnitStore units,
    YearWorkflow workflow,
    DurableTaskClient durable,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<DemoDataSeedService> logger) : IHostedService
{
    private Task _starting = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await seeder.SeedAsync(cancellationToken) is not { } liveYear)
        {
            return;
        }

        // The sidecar is a later hosted service: start the orchestrations only when every service is running.
        lifetime.ApplicationStarted.Register(() => _starting = StartLiveYearAsync(liveYear, lifetime.ApplicationStopping));
    }

    public Task StopAsync(CancellationToken cancellationToken) => _starting;

    private async Task StartLiveYearAsync(int year, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await years.GetAsync(year, cancellationToken) ?? throw new InvalidOperationException($"Seeded year {year} is missing.");
            var unitIds = (await units.ListAsync(year, cancellationToken)).Select(record => record.Unit.UnitId).ToList();
            var now = clock.GetUtcNow();
            var calendar = stored.Value.Setup.Calendar;
            await years.MarkStartedAsync(year, now, calendar.PhaseAt(now), cancellationToken);
            await workflow.StartAsync(durable, year, new YearTimetable(calendar, stored.Value.Setup.Reminders), unitIds, cancellationToken);
            logger.LogInformation("Started demo year {Year} with {UnitCount} units", year, unitIds.Count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Host stopped before demo year {Year} was started", year);
        }
        catch (Exception ex)
        {
            // The data is seeded; the working group can still start the year from the start page.
            logger.LogError(ex, "Starting demo year {Year} failed; start it from the start page", year);
        }
    }
}
