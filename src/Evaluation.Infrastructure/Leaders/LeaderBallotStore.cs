using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Evaluation.Domain.Common;
using Evaluation.Domain.Leaders;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Infrastructure.Leaders;

/// <summary>A leader's ballot for a year: unitId → score 0–4 (R-5.1), with the revision and ETag of the stored row.</summary>
public sealed record LeaderBallotRecord(
    string LeaderEmail,
    IReadOnlyDictionary<string, decimal> Scores,
    int Revision,
    DateTimeOffset? SavedAt,
    string? ETag)
{
    public static LeaderBallotRecord Empty(string leaderEmail) =>
        new(leaderEmail, new Dictionary<string, decimal>(StringComparer.Ordinal), 0, null, null);
}

/// <summary>How a save reached the ballot: the leader's personal link or the leader signed in.</summary>
public enum BallotChannel
{
    Link,
    SignIn,
}

/// <summary>
/// The leaders' ballots (R-5), one partition per year. A ballot is one row per leader, <c>b|{email}</c>, with the
/// scores as JSON, so a save is a single conditional write; each save also appends a never-updated trail row
/// <c>h|{email}|{rev:D6}</c> in the same entity-group transaction (nothing is overwritten without a trail).
/// </summary>
public sealed class LeaderBallotStore(StorageClients clients, StorageNames names)
{
    private const int MaxServerRetries = 8;

    /// <summary>The leader's ballot, or an empty one (revision 0, no ETag) before the first save.</summary>
    public async Task<LeaderBallotRecord> GetAsync(int year, string leaderEmail, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.LeaderBallots);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(StorageKeys.Year(year), BallotKey(leaderEmail), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } found ? Read(found) : LeaderBallotRecord.Empty(leaderEmail);
    }

    /// <summary>Every leader's scores of the year: leader email → (unitId → score).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>> AllAsync(int year, CancellationToken cancellationToken = default)
    {
        var all = new Dictionary<string, IReadOnlyDictionary<string, decimal>>(StringComparer.Ordinal);
        foreach (var ballot in await QueryAsync(year, "b|", cancellationToken))
        {
            all[ballot.LeaderEmail] = ballot.Scores;
        }

        return all;
    }

    /// <summary>Section VI of each unit some leader scored: unitId → mean over those leaders (R-5.3, <see cref="LeaderScores"/>).</summary>
    public async Task<IReadOnlyDictionary<string, decimal>> MeansAsync(int year, CancellationToken cancellationToken = default) =>
        LeaderScores.Means((await AllAsync(year, cancellationToken)).Values);

    /// <summary>Every save of the leader's ballot, oldest first, each with the whole ballot as it stood after that save.</summary>
    public async Task<IReadOnlyList<LeaderBallotRecord>> HistoryAsync(int year, string leaderEmail, CancellationToken cancellationToken = default) =>
        await QueryAsync(year, $"h|{leaderEmail}|", cancellationToken);

    /// <summary>
    /// Merges <paramref name="scores"/> into the leader's ballot and appends the result to the trail, atomically. With
    /// an ETag the write succeeds only if the ballot is still that version (else <see cref="StaleWriteException"/>);
    /// without one, concurrent saves are merged on a fresh read. Scores equal to the stored ones write nothing.
    /// </summary>
    public async Task<LeaderBallotRecord> SaveAsync(
        int year, string leaderEmail, IReadOnlyDictionary<string, decimal> scores, BallotChannel channel, DateTimeOffset at,
        string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var table = await clients.TableAsync(names.LeaderBallots);
        var partition = StorageKeys.Year(year);
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(year, leaderEmail, cancellationToken);
            if (ifMatch is not null && (current.ETag is not { } etag || !ETags.Same(etag, ifMatch)))
            {
                throw new StaleWriteException($"The ballot of {leaderEmail} ({year}) changed since it was read.");
            }

            var merged = new Dictionary<string, decimal>(current.Scores, StringComparer.Ordinal);
            foreach (var (unitId, score) in scores)
            {
                merged[unitId] = score;
            }

            if (current.ETag is not null && merged.Count == current.Scores.Count && scores.All(entry => current.Scores[entry.Key] == entry.Value))
            {
                return current;
            }

            var record = new LeaderBallotRecord(leaderEmail, merged, current.Revision + 1, at, null);
            var currentRow = Entity(partition, BallotKey(leaderEmail), record, channel);
            List<TableTransactionAction> actions =
            [
                current.ETag is null
                    ? new(TableTransactionActionType.Add, currentRow)
                    : new(TableTransactionActionType.UpdateReplace, currentRow, new ETag(current.ETag)),
                new(TableTransactionActionType.Add, Entity(partition, TrailKey(leaderEmail, record.Revision), record, channel)),
            ];
            try
            {
                var response = await table.SubmitTransactionAsync(actions, cancellationToken);
                return record with { ETag = response.Value[0].Headers.ETag?.ToString() };
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                if (ifMatch is not null || attempt >= MaxServerRetries)
                {
                    throw new StaleWriteException($"The ballot of {leaderEmail} ({year}) changed during the write.", ex);
                }
            }
        }
    }

    private async Task<IReadOnlyList<LeaderBallotRecord>> QueryAsync(int year, string prefix, CancellationToken cancellationToken)
    {
        var table = await clients.TableAsync(names.LeaderBallots);
        // Row keys are built from normalised e-mail addresses, whose characters all sort below '~'.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {StorageKeys.Year(year)} and RowKey gt {prefix} and RowKey lt {prefix + "~"}");
        var rows = new List<LeaderBallotRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(Read(row));
        }

        return rows;
    }

    private static string BallotKey(string leaderEmail) => $"b|{leaderEmail}";

    private static string TrailKey(string leaderEmail, int revision) => string.Create(CultureInfo.InvariantCulture, $"h|{leaderEmail}|{revision:D6}");

    private static TableEntity Entity(string partition, string rowKey, LeaderBallotRecord record, BallotChannel channel) => new(partition, rowKey)
    {
        ["Leader"] = record.LeaderEmail,
        ["Scores"] = JsonSerializer.Serialize(record.Scores, EvaluationJson.Options),
        ["Revision"] = record.Revision,
        ["At"] = record.SavedAt,
        ["Channel"] = channel == BallotChannel.Link ? "link" : "signIn",
    };

    private static LeaderBallotRecord Read(TableEntity row) => new(
        row.GetString("Leader") ?? string.Empty,
        row.GetString("Scores") is { Length: > 0 } json
            ? new Dictionary<string, decimal>(JsonSerializer.Deserialize<Dictionary<string, decimal>>(json, EvaluationJson.Options) ?? [], StringComparer.Ordinal)
            : new Dictionary<string, decimal>(StringComparer.Ordinal),
        row.GetInt32("Revision") ?? 1,
        row.GetDateTimeOffset("At"),
        row.ETag.ToString());
}
