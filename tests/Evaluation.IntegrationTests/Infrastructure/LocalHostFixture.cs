using System.Net.Http.Headers;
using System.Text;
using Evaluation.LocalHost;
using Evaluation.Web.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.IntegrationTests.Infrastructure;

/// <summary>
/// A real local host (Kestrel on a free loopback port, Durable sidecar on Azurite) with storage and task hub of its
/// own. Tests talk to it over HTTP exactly as any client does.
/// </summary>
public class LocalHostFixture : IAsyncLifetime
{
    public const string Admin = "admin@localhost";

    private WebApplication? _app;

    public string Prefix { get; } = TestStorage.NewPrefix("h");

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>Whether the shipped demo data is loaded at start (the browser journey wants it; API tests do not).</summary>
    protected virtual bool SeedDemoData => false;

    /// <summary>More configuration for a fixture that needs it, as command-line pairs ("--Key", "value").</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public async Task InitializeAsync()
    {
        await TestStorage.EnsureReachableAsync();
        await StartAsync();
    }

    /// <summary>
    /// Stops the host and starts a new one on the same storage and task hub, as after a crash or a deployment: the
    /// Durable backend resumes the orchestrations from their history. The new host listens on a new port.
    /// </summary>
    public async Task RestartAsync(Func<Task>? whileDown = null)
    {
        await DisposeAsync();
        _app = null;
        if (whileDown is not null)
        {
            await whileDown();
        }

        await StartAsync();
    }

    private async Task StartAsync()
    {
        _app = LocalHostApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            "--EvaluationStorage:ConnectionString", TestStorage.ConnectionString,
            "--EvaluationStorage:Prefix", Prefix,
            "--Durable:TaskHubName", Prefix,
            "--Durable:MaxQueuePollingInterval", "00:00:00.500",
            "--Evaluation:BootstrapAdmins", Admin,
            "--Evaluation:SeedDemoData", SeedDemoData ? "true" : "false",
            "--Logging:LogLevel:Default", "Warning",
            .. ExtraArguments,
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>An HTTP client that calls as <paramref name="email"/> (null: anonymous), the way Easy Auth would.</summary>
    /// <param name="followRedirects">False to see a redirect itself (e.g. the short-lived evidence link).</param>
    public HttpClient Client(string? email = Admin, bool followRedirects = true)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = followRedirects }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (email is not null)
        {
            client.DefaultRequestHeaders.Add(ClientPrincipal.HeaderName, ClientPrincipal.Encode(email));
        }

        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}

/// <summary>A local host with the shipped demo data seeded, as the run command starts it.</summary>
public sealed class SeededLocalHostFixture : LocalHostFixture
{
    protected override bool SeedDemoData => true;
}
