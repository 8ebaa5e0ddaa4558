using Evaluation.Infrastructure.Notifications;
using Evaluation.Infrastructure.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Evaluation.LocalHost.Development;
using Evaluation.LocalHost.Durable;
using Evaluation.Web;
using Evaluation.Workflow;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;

namespace Evaluation.LocalHost;

/// <summary>
/// The local host (ARCHITECTURE.md): the same routes and handlers as the Functions app, the same workflow classes on
/// the Durable Task sidecar with the Azure Storage backend, Azurite by default, demo data seeded. Listens on
/// http://localhost:7071 like <c>func start</c>; <c>--urls</c> overrides it.
/// </summary>
public static class LocalHostApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.Services.AddEvaluation(builder.Configuration);
        builder.Services.AddGraphRecorder();

        var durableOptions = builder.Configuration.GetSection(DurableSidecarOptions.SectionName).Get<DurableSidecarOptions>() ?? new DurableSidecarOptions();
        var durableStorage = durableOptions.StorageConnectionString
            ?? builder.Configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)}"]
            ?? throw new InvalidOperationException("No storage for the Durable Task backend: set Durable:StorageConnectionString or EvaluationStorage:ConnectionString.");

        // Hosted services start in registration order: seed data, then the sidecar, then the worker that connects to it.
        if (builder.Configuration.GetValue("Evaluation:SeedDemoData", false))
        {
            builder.Services.AddHostedService<DemoDataSeedService>();
        }

        // The port is fixed before the container is built: the worker and client need the address at registration.
        if (durableOptions.SidecarPort == 0)
        {
            durableOptions.SidecarPort = DurableSidecar.FreeLoopbackPort();
        }

        builder.Services.AddSingleton(provider => new DurableSidecar(durableOptions, durableStorage, provider.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHostedService(provider => provider.GetRequiredService<DurableSidecar>());
        var sidecarAddress = $"http://127.0.0.1:{durableOptions.SidecarPort}";
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry => registry.AddEvaluationTasks());
            worker.UseGrpc(sidecarAddress);
        });
        builder.Services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(sidecarAddress);
            client.RegisterDirectly();
        });

        var app = builder.Build();

        // Links in e-mails and Teams point at where this host listens, unless Evaluation:PublicBaseUrl says otherwise.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is not null)
            {
                app.Services.GetRequiredService<SiteAddress>().Listening(new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)));
            }
        });
        app.UseClientPrincipal();
        app.MapDevelopmentSignIn();
        app.MapGraphRecorder();
        app.MapGet("/", () => Results.Redirect("/" + Routes.StartPage)).WithTags(DevelopmentSignIn.LocalOnlyTag);
        app.MapEvaluationRoutes();
        return app;
    }
}
