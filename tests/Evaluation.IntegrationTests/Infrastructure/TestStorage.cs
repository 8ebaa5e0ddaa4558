using Azure.Data.Tables;
using Evaluation.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Evaluation.IntegrationTests.Infrastructure;

/// <summary>
/// The Azurite the test command starts (eng/test.sh). Each test class gets its own table/container prefix and task
/// hub, so classes run in parallel on one Azurite without seeing each other's data.
/// </summary>
public static class TestStorage
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("EVALUATION_TEST_STORAGE") is { Length: > 0 } configured ? configured : "UseDevelopmentStorage=true";

    private static readonly Lazy<Task> Reachable = new(CheckReachableAsync);

    /// <summary>A fresh prefix: letters and digits only, valid for tables, containers and task hubs.</summary>
    public static string NewPrefix(string tag) => $"t{tag}{Guid.NewGuid():N}"[..Math.Min(20, 1 + tag.Length + 12)];

    public static Task EnsureReachableAsync() => Reachable.Value;

    public static StorageClients Clients(string prefix, out StorageNames names)
    {
        var options = Options.Create(new StorageOptions { ConnectionString = ConnectionString, Prefix = prefix });
        names = new StorageNames(options);
        return new StorageClients(options);
    }

    private static async Task CheckReachableAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var service = new TableServiceClient(ConnectionString, new TableClientOptions { Retry = { MaxRetries = 0 } });
            await service.GetPropertiesAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                "Azurite is not reachable at " + ConnectionString + ". Run the tests with eng/test.sh, which installs and starts it, " +
                "or start it yourself with eng/azurite.sh start.", ex);
        }
    }
}
