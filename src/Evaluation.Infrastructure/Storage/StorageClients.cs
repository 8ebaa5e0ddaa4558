using System.Collections.Concurrent;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Evaluation.Infrastructure.Storage;

/// <summary>
/// One place that turns <see cref="StorageOptions"/> into table and blob clients and makes sure each table or
/// container exists once per process, not on every request.
/// </summary>
public sealed class StorageClients
{
    private readonly TableServiceClient _tables;
    private readonly BlobServiceClient _blobs;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tableClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<BlobContainerClient>>> _containers = new(StringComparer.Ordinal);

    public StorageClients(IOptions<StorageOptions> options)
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            _tables = new TableServiceClient(settings.ConnectionString);
            _blobs = new BlobServiceClient(settings.ConnectionString);
        }
        else if (settings.TableServiceUri is not null && settings.BlobServiceUri is not null)
        {
            TokenCredential credential = string.IsNullOrWhiteSpace(settings.ManagedIdentityClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId));
            _tables = new TableServiceClient(settings.TableServiceUri, credential);
            _blobs = new BlobServiceClient(settings.BlobServiceUri, credential);
        }
        else
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {StorageOptions.SectionName}:ConnectionString, or both " +
                $"{StorageOptions.SectionName}:TableServiceUri and {StorageOptions.SectionName}:BlobServiceUri.");
        }
    }

    /// <summary>The blob service itself, for what needs the account (user-delegation keys for read links).</summary>
    public BlobServiceClient BlobService => _blobs;

    public Task<TableClient> TableAsync(string name) => OnceAsync(_tableClients, name, async key =>
    {
        var client = _tables.GetTableClient(key);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public Task<BlobContainerClient> ContainerAsync(string name) => OnceAsync(_containers, name, async key =>
    {
        var client = _blobs.GetBlobContainerClient(key);
        // Private: evidence and drafts are never public; reads go through short-lived links.
        await client.CreateIfNotExistsAsync(Azure.Storage.Blobs.Models.PublicAccessType.None);
        return client;
    });

    /// <summary>Runs the creation once per name; a failure (storage not reachable yet) is not cached, the next call tries again.</summary>
    private static async Task<T> OnceAsync<T>(ConcurrentDictionary<string, Lazy<Task<T>>> cache, string name, Func<string, Task<T>> create)
    {
        var lazy = cache.GetOrAdd(name, key => new Lazy<Task<T>>(() => create(key)));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(name, lazy));
            throw;
        }
    }
}
