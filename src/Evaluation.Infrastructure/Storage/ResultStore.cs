using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Evaluation.Domain.Common;
using Evaluation.Domain.Ranking;

namespace Evaluation.Infrastructure.Storage;

/// <summary>The latest ranking of a year as the ranking activity stored it (API.md "Results and ranking").</summary>
public sealed class ResultStore(StorageClients clients, StorageNames names)
{
    public async Task<RankingDocument?> GetAsync(int year, CancellationToken cancellationToken = default)
    {
        var container = await clients.ContainerAsync(names.Results);
        try
        {
            var content = await container.GetBlobClient(BlobName(year)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<RankingDocument>(EvaluationJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task SaveAsync(int year, RankingDocument document, CancellationToken cancellationToken = default)
    {
        var container = await clients.ContainerAsync(names.Results);
        var content = JsonSerializer.SerializeToUtf8Bytes(document with { Year = year }, EvaluationJson.Options);
        await container.GetBlobClient(BlobName(year)).UploadAsync(
            new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
            cancellationToken);
    }

    /// <summary>The per-criterion scores the latest ranking was computed from, or null before the first ranking.</summary>
    public async Task<ScoreSheet?> GetSheetAsync(int year, CancellationToken cancellationToken = default)
    {
        var container = await clients.ContainerAsync(names.Results);
        try
        {
            var content = await container.GetBlobClient(SheetName(year)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<ScoreSheet>(EvaluationJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task SaveSheetAsync(int year, ScoreSheet sheet, CancellationToken cancellationToken = default)
    {
        var container = await clients.ContainerAsync(names.Results);
        var content = JsonSerializer.SerializeToUtf8Bytes(sheet with { Year = year }, EvaluationJson.Options);
        await container.GetBlobClient(SheetName(year)).UploadAsync(
            new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
            cancellationToken);
    }

    private static string BlobName(int year) => $"{year:D4}/ranking.json";

    private static string SheetName(int year) => $"{year:D4}/scores.json";
}
