using Evaluation.Infrastructure.Seed;
using Evaluation.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Storage clients and stores over Azure Tables and Blobs, configured from "EvaluationStorage".</summary>
    public static IServiceCollection AddEvaluationStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.AddSingleton<StorageClients>();
        services.AddSingleton<StorageNames>();
        services.AddSingleton<YearStore>();
        services.AddSingleton<UnitStore>();
        services.AddSingleton<PersonStore>();
        services.AddSingleton<CatalogueStore>();
        services.AddSingleton<ResultStore>();
        services.AddSingleton<DemoDataSeeder>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
