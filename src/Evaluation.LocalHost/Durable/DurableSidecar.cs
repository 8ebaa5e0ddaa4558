using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Evaluation.LocalHost.Durable;

/// <summary>
/// Runs Durable Functions' own backend here without the Functions host (ARCHITECTURE.md): the Durable Task gRPC
/// sidecar from Microsoft.DurableTask.InProcessTestHost, over <see cref="AzureStorageOrchestrationService"/> on
/// Azurite, on its own loopback HTTP/2 endpoint. The app's worker and client talk to it exactly as the Functions
/// worker talks to the host's sidecar, so the same orchestrators run durably, timers included.
/// </summary>
public sealed class DurableSidecar : IHostedService, IAsyncDisposable
{
    private readonly DurableSidecarOptions _options;
    private readonly string _connectionString;
    private readonly ILoggerFactory _loggerFactory;
    private WebApplication? _app;

    public DurableSidecar(DurableSidecarOptions options, string connectionString, ILoggerFactory loggerFactory)
    {
        _options = options;
        _connectionString = connectionString;
        _loggerFactory = loggerFactory;
        Port = options.SidecarPort > 0
            ? options.SidecarPort
            : throw new ArgumentException("The sidecar port must be fixed before the worker and client are registered.", nameof(options));
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = _options.TaskHubName,
            StorageAccountClientProvider = new StorageAccountClientProvider(_connectionString),
            MaxQueuePollingInterval = _options.MaxQueuePollingInterval,
            LoggerFactory = _loggerFactory,
        };
        if (_options.QueueVisibilityTimeout is { } visibility)
        {
            settings.ControlQueueVisibilityTimeout = visibility;
            settings.WorkItemQueueVisibilityTimeout = visibility;
        }

        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();

        // Host settings come in as arguments: they outrank the app's own URLs (ASPNETCORE_URLS, launch profile),
        // which do not apply to this inner server.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "DurableSidecar",
            Args = [$"--urls={Address}", "--suppressStatusMessages=true"],
        });
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        _app = builder.Build();
        _app.MapGrpcService<TaskHubGrpcServer>();

        // Created now, not on the first call, so it hooks the sidecar's start and stop events (dispatchers).
        _app.Services.GetRequiredService<TaskHubGrpcServer>();
        await _app.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
