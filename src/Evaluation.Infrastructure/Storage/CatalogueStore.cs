using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Evaluation.Domain.Catalogues;

namespace Evaluation.Infrastructure.Storage;

/// <summary>What the start page needs to know of a loaded catalogue without reading the file.</summary>
public sealed record CatalogueSummary(
    int Year, string IndexSet, string Title, int CriterionCount, int LeafCount, string Sha256, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>A loaded catalogue with what its index row says of it (the hash is its version).</summary>
public sealed record StoredCatalogue(Catalogue Catalogue, CatalogueSummary Summary);

/// <summary>
/// Catalogues (R-1.2): the file in Blob storage under a content-addressed name, so every version stays readable,
/// and an index row per year and index set in Table storage pointing at the current one.
/// </summary>
public sealed class CatalogueStore(StorageClients clients, StorageNames names)
{
    // Blobs are immutable (the name is the content hash), so a parsed catalogue never goes stale.
    private static readonly ConcurrentDictionary<string, Catalogue> Parsed = new(StringComparer.Ordinal);

    public async Task<CatalogueSummary> SaveAsync(Catalogue catalogue, string uploadedBy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var content = CatalogueWriter.ToUtf8Json(catalogue);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var blobName = $"{catalogue.Year:D4}/{catalogue.IndexSet}/{sha256}.json";

        // Blob first, then the index row: a failure in between leaves an unused file, never a row pointing nowhere.
        var container = await clients.ContainerAsync(names.CatalogueBlobs);
        var blob = container.GetBlobClient(blobName);
        try
        {
            await blob.UploadAsync(
                new BinaryData(content),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The same content was loaded before; the existing blob is identical.
        }

        var leaves = catalogue.Leaves().Count();
        var entity = new CatalogueEntity
        {
            PartitionKey = StorageKeys.Year(catalogue.Year),
            RowKey = catalogue.IndexSet,
            Title = catalogue.Title,
            BlobName = blobName,
            Sha256 = sha256,
            CriterionCount = catalogue.Entries().Count(),
            LeafCount = leaves,
            UploadedBy = uploadedBy,
            UploadedAt = now,
        };
        var table = await clients.TableAsync(names.Catalogues);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        Parsed.TryAdd(blobName, catalogue);
        return entity.ToSummary();
    }

    public async Task<IReadOnlyList<CatalogueSummary>> ListAsync(int year, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Catalogues);
        var partition = StorageKeys.Year(year);
        var result = new List<CatalogueSummary>();
        await foreach (var entity in table.QueryAsync<CatalogueEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            result.Add(entity.ToSummary());
        }

        return result.OrderBy(summary => summary.IndexSet, StringComparer.Ordinal).ToList();
    }

    /// <summary>The catalogue of each index set the units carry (null for one not loaded), each read once.</summary>
    public async Task<IReadOnlyDictionary<string, Catalogue?>> ForUnitsAsync(int year, IEnumerable<UnitRecord> units, CancellationToken cancellationToken = default)
    {
        var byType = new Dictionary<string, Catalogue?>(StringComparer.Ordinal);
        foreach (var type in units.Select(unit => unit.Unit.Type).Distinct(StringComparer.Ordinal))
        {
            byType[type] = await GetAsync(year, type, cancellationToken);
        }

        return byType;
    }

    public async Task<Catalogue?> GetAsync(int year, string indexSet, CancellationToken cancellationToken = default) =>
        (await GetStoredAsync(year, indexSet, cancellationToken))?.Catalogue;

    public async Task<StoredCatalogue?> GetStoredAsync(int year, string indexSet, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Catalogues);
        var row = await table.GetEntityIfExistsAsync<CatalogueEntity>(StorageKeys.Year(year), indexSet, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { BlobName: { } blobName } entity)
        {
            return null;
        }

        if (Parsed.TryGetValue(blobName, out var cached))
        {
            return new StoredCatalogue(cached, entity.ToSummary());
        }

        var container = await clients.ContainerAsync(names.CatalogueBlobs);
        var content = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
        var read = CatalogueReader.Read(content.Value.Content.ToMemory());
        if (!read.IsValid)
        {
            throw new InvalidDataException($"Stored catalogue {blobName} no longer reads: {string.Join("; ", read.Errors.AllMessages())}");
        }

        Parsed.TryAdd(blobName, read.Catalogue!);
        return new StoredCatalogue(read.Catalogue!, entity.ToSummary());
    }


    private sealed class CatalogueEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string? Title { get; set; }

        public string? BlobName { get; set; }

        public string? Sha256 { get; set; }

        public int CriterionCount { get; set; }

        public int LeafCount { get; set; }

        public string? UploadedBy { get; set; }

        public DateTimeOffset? UploadedAt { get; set; }

        public CatalogueSummary ToSummary() => new(
            StorageKeys.ParseYear(PartitionKey),
            RowKey,
            Title ?? string.Empty,
            CriterionCount,
            LeafCount,
            Sha256 ?? string.Empty,
            UploadedBy ?? string.Empty,
            UploadedAt ?? DateTimeOffset.MinValue);
    }
}
