using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Evaluation.Infrastructure.Notifications;

public static class NotificationServices
{
    /// <summary>
    /// <see cref="INotifier"/> as one <see cref="GraphNotifier"/> for the process, configured from "Graph" and checked
    /// when the host starts. Graph's address is <see cref="ConfiguredGraphEndpoint"/> unless the host registered its own
    /// <see cref="IGraphEndpoint"/> and <see cref="OwnGraphRecorder"/> (the local host's recorder).
    /// </summary>
    public static IServiceCollection AddGraphNotifier(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection(GraphOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>();
        services.TryAddSingleton<IGraphEndpoint, ConfiguredGraphEndpoint>();
        services.TryAddSingleton(new OwnGraphRecorder(Exists: false));
        services.AddSingleton<GraphNotifier>();
        services.AddSingleton<INotifier>(provider => provider.GetRequiredService<GraphNotifier>());
        return services;
    }

    private sealed class GraphOptionsValidator(OwnGraphRecorder recorder) : IValidateOptions<GraphOptions>
    {
        public ValidateOptionsResult Validate(string? name, GraphOptions options) =>
            options.Problems(recorder.Exists) is { Count: > 0 } problems
                ? ValidateOptionsResult.Fail(problems)
                : ValidateOptionsResult.Success;
    }
}
