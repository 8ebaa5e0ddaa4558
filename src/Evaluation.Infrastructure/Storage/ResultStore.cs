using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Evaluation.Domain.Common;
using Evaluation.Domain.Ranking;

namespace Evaluation.Infrastructure.Storage;

/// <summary>
/// The latest ranking of a year as the ranking activity stored it (API.md "Results and ranking"), and the
/// per-criterion score sheet it was computed from.
/// </summary>
public sealed class ResultStore(StorageClients clients, StorageNames names)
{
    public Task<RankingDocument?> GetAsync(int year, CancellationToken cancellationToken = default) =>
        ReadAsync<RankingDocument>(BlobName(year), cancellationToken);

    public Task SaveAsync(int year, RankingDocument document, CancellationToken cancellationToken = default) =>
        WriteAsync(BlobName(year), document with { Year = year }, cancellationToken);

    /// <summary>The per-criterion scores the latest ranking was computed from, or null before the first ranking.</summary>
    public Task<ScoreSheet?> GetSheetAsync(int year, CancellationToken cancellationToken = default) =>
        ReadAsync<ScoreSheet>(SheetName(year), cancellationToken);

    public Task SaveSheetAsync(int year, ScoreSheet sheet, CancellationToken cancellationToken = default) =>
        WriteAsync(SheetName(year), sheet with { Year = year }, cancellationToken);

    private async Task<T?> ReadAsync<T>(string blobName, CancellationToken cancellationToken)
        where T : class
    {
        var container = await clients.ContainerAsync(names.Results);
        try
        {
            var content = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<T>(EvaluationJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task WriteAsync<T>(string blobName, T value, CancellationToken cancellationToken)
    {
        var container = await clients.ContainerAsync(names.Results);
        await container.GetBlobClient(blobName).UploadAsync(
            new BinaryData(JsonSerializer.SerializeToUtf8Bytes(value, EvaluationJson.Options)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
            cancellationToken);
    }

    private static string BlobName(int year) => $"{year:D4}/ranking.json";

    private static string SheetName(int year) => $"{year:D4}/scores.json";
}
