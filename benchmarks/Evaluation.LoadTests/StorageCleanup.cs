using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Evaluation.LoadTests;

/// <summary>
/// Deletes a run's containers and tables (all named after the host's prefix) once its host is stopped: a memory run
/// leaves about a gigabyte of evidence in Azurite, which would otherwise pile up run after run. The task hub's few
/// queues stay; they are empty or nearly so.
/// </summary>
public static class StorageCleanup
{
    public static async Task DeleteAsync(LoadTestOptions options, string prefix)
    {
        if (options.KeepData)
        {
            Report.Progress($"Kept the run's data: containers and tables starting with {prefix}.");
            return;
        }

        var blobs = new BlobServiceClient(options.Storage);
        await foreach (var item in blobs.GetBlobContainersAsync(prefix: prefix))
        {
            var container = blobs.GetBlobContainerClient(item.Name);
            await TryAsync(item.Name, async () =>
            {
                // The killed host's task hub may still hold a lease on its lease container.
                if (item.Properties.LeaseState == LeaseState.Leased)
                {
                    await container.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
                }

                await container.DeleteAsync();
            });
        }

        var tables = new TableServiceClient(options.Storage);
        await foreach (var table in tables.QueryAsync(maxPerPage: 1000))
        {
            if (table.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                await TryAsync(table.Name, () => tables.DeleteTableAsync(table.Name));
            }
        }
    }

    private static async Task TryAsync(string name, Func<Task> delete)
    {
        try
        {
            await delete();
        }
        catch (RequestFailedException ex)
        {
            // Leftovers cost disk, not correctness: say so and go on.
            Report.Progress($"Could not delete {name}: {ex.Status} {ex.ErrorCode}");
        }
    }
}
