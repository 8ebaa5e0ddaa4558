using Evaluation.Infrastructure.Seed;

namespace Evaluation.LocalHost.Development;

/// <summary>Seeds the demo data before the host serves its first request .</summary>
public sealed class DemoDataSeedService(DemoDataSeeder seeder) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => seeder.SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
