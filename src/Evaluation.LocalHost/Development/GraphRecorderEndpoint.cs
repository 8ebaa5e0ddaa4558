using Evaluation.Infrastructure.Notifications;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Evaluation.LocalHost.Development;

/// <summary>
/// The local host's Graph address: with <see cref="GraphOptions.LocalRecorder"/> and no <see cref="GraphOptions.BaseUrl"/>,
/// its own recording endpoint (<see cref="GraphRecorder.GraphRoot"/>) on whatever port Kestrel bound, read from the
/// server once it listens; otherwise what the Functions app would use.
/// </summary>
public sealed class GraphRecorderEndpoint(
    IServer server, IHostApplicationLifetime lifetime, IOptions<GraphOptions> options) : IGraphEndpoint
{
    /// <summary>A send during start-up waits this long for the host to listen before it fails.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(30);

    public async Task<string> BaseUrlAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.LocalRecorder || !string.IsNullOrWhiteSpace(settings.BaseUrl))
        {
            return await new ConfiguredGraphEndpoint(options).BaseUrlAsync(cancellationToken);
        }

        // Hosted services (and the Durable worker) start before Kestrel: a send that early waits for the port.
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
            try
            {
                await started.Task.WaitAsync(StartWait, cancellationToken);
            }
            catch (TimeoutException ex)
            {
                throw new InvalidOperationException($"The local host did not start listening within {StartWait.TotalSeconds:0} s, so its recording Graph endpoint has no address yet.", ex);
            }
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var listening = addresses.Select(BindingAddress.Parse)
            .Where(address => address.Port > 0 && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps))
            .OrderBy(address => address.Scheme == Uri.UriSchemeHttp ? 0 : 1)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"The local host listens on no HTTP address its recording Graph endpoint can be reached at ({string.Join(", ", addresses)}).");
        // A wildcard binding ("http://+:7071", "http://[::]:7071") is reached on the loopback address.
        var host = listening.Host is "+" or "*" or "0.0.0.0" or "[::]" ? "127.0.0.1" : listening.Host;
        return $"{listening.Scheme}://{host}:{listening.Port}{GraphRecorder.GraphRoot}";
    }
}
