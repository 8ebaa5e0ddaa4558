using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Common;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Infrastructure.Appraisal;

/// <summary>When the working group released the council's final (round-2) results to the units.</summary>
public sealed record FinalRelease(string By, DateTimeOffset At);

/// <summary>
/// Each year's council as one JSON row, ETag-checked, and the release of final results. A year without a
/// stored council uses the regulation's default membership and the catalogues' own assignments.
/// </summary>
public sealed class CouncilStore(StorageClients clients, StorageNames names)
{
    private const string Partition = "council";

    public async Task<Versioned<Council>> GetAsync(int year, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Councils);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, StorageKeys.Year(year), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } entity)
        {
            return new(Council.Default, string.Empty);
        }

        var stored = JsonSerializer.Deserialize<StoredCouncil>(entity.GetString("Council") ?? "{}", EvaluationJson.Options) ?? new StoredCouncil();
        return new(stored.ToCouncil(), entity.ETag.ToString());
    }

    /// <summary>
    /// Saves the council. With <paramref name="ifMatch"/> (the ETag the caller read; empty when it read the default,
    /// nothing stored) only if nobody saved since, else <see cref="StaleWriteException"/>. The caller's ETag is
    /// compared with the stored one and the write is conditional on the stored one, so a client's spelling of the
    /// ETag (weak or not, quoted or not) does not matter.
    /// </summary>
    public async Task<Versioned<Council>> SaveAsync(int year, Council council, string? ifMatch, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Councils);
        var entity = new TableEntity(Partition, StorageKeys.Year(year))
        {
            ["Council"] = JsonSerializer.Serialize(StoredCouncil.From(council), EvaluationJson.Options),
            ["ChangedBy"] = by,
            ["ChangedAt"] = at,
        };
        try
        {
            Response response;
            if (ifMatch is null)
            {
                response = await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                var stored = await table.GetEntityIfExistsAsync<TableEntity>(Partition, StorageKeys.Year(year), ["PartitionKey"], cancellationToken);
                var current = stored.HasValue && stored.Value is { } row ? row.ETag.ToString() : string.Empty;
                if (!ETags.Same(current, ifMatch))
                {
                    throw new StaleWriteException($"The council of {year} changed since it was read.");
                }

                response = current.Length == 0
                    ? await table.AddEntityAsync(entity, cancellationToken)
                    : await table.UpdateEntityAsync(entity, new ETag(current), TableUpdateMode.Replace, cancellationToken);
            }

            return new(council, response.Headers.ETag?.ToString() ?? string.Empty);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new StaleWriteException($"The council of {year} changed since it was read.", ex);
        }
    }

    public async Task<FinalRelease?> GetFinalReleaseAsync(int year, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Councils);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, ReleaseKey(year), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity
            ? new FinalRelease(entity.GetString("By") ?? string.Empty, entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue)
            : null;
    }

    /// <summary>Releases the final results once; a second release keeps the first (and says so).</summary>
    public async Task<(FinalRelease Release, bool Created)> ReleaseFinalAsync(int year, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Councils);
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition, ReleaseKey(year)) { ["By"] = by, ["At"] = at }, cancellationToken);
            return (new FinalRelease(by, at), true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return (await GetFinalReleaseAsync(year, cancellationToken) ?? throw new InvalidOperationException("The release vanished."), false);
        }
    }

    private static string ReleaseKey(int year) => StorageKeys.Year(year) + "|final-release";

    private sealed record StoredCouncil
    {
        public List<CouncilAgency> Members { get; init; } = [];

        public Dictionary<string, Dictionary<string, string>> Assignments { get; init; } = [];

        public Dictionary<string, string> Substitutes { get; init; } = [];

        public static StoredCouncil From(Council council) => new()
        {
            Members = [.. council.Members],
            Assignments = council.Assignments.ToDictionary(pair => pair.Key, pair => pair.Value.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal),
            Substitutes = council.Substitutes.ToDictionary(StringComparer.Ordinal),
        };

        public Council ToCouncil() => new(
            Members.Count == 0 ? Council.Default.Members : Members,
            Assignments.ToDictionary(pair => pair.Key, pair => (IReadOnlyDictionary<string, string>)pair.Value, StringComparer.Ordinal),
            Substitutes);
    }
}
