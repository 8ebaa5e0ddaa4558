using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Evaluation.Domain.Appraisal;
using Evaluation.Domain.Common;
using Evaluation.Infrastructure.Assessments;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Infrastructure.Appraisal;

/// <summary>
/// The council's decisions and penalties, kept in the unit's self-assessment partition (see
/// <see cref="AssessmentStore"/>) so a unit's whole file is one partition. Nothing is overwritten without a trail
/// (R-3.5): each write is one entity-group transaction of the current row (conditional on its ETag) and a new,
/// never-updated trail row. Row keys: <c>r|{code}|{round}</c> current decision, <c>s|{code}|{round}|{rev:D6}</c>
/// decision trail, <c>p|{code}</c> current penalty, <c>q|{code}|{rev:D6}</c> penalty trail.
/// </summary>
public sealed class AppraisalStore(StorageClients clients, StorageNames names)
{
    private const int MaxServerRetries = 8;

    /// <summary>The current decisions and penalties of a unit, in one query.</summary>
    public async Task<UnitAppraisal> GetAsync(int year, string unitId, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Assessments);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {AssessmentStore.Partition(year, unitId)} and ((RowKey ge {"p|"} and RowKey lt {"q"}) or (RowKey ge {"r|"} and RowKey lt {"s"}))");
        var decisions = new List<DecisionRecord>();
        var penalties = new Dictionary<string, PenaltyRecord>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey[0] == 'r')
            {
                decisions.Add(ReadDecision(row));
            }
            else
            {
                var penalty = ReadPenalty(row);
                penalties[penalty.Code] = penalty;
            }
        }

        return new UnitAppraisal(decisions, penalties);
    }

    /// <summary>The current decisions (both rounds) on one criterion, in one query.</summary>
    public Task<IReadOnlyList<DecisionRecord>> DecisionsAsync(int year, string unitId, string code, CancellationToken cancellationToken = default) =>
        QueryPrefixAsync(year, unitId, $"r|{code}|", ReadDecision, cancellationToken);

    /// <summary>Every decision ever taken on a criterion, round 1 first, oldest first within a round.</summary>
    public Task<IReadOnlyList<DecisionRecord>> DecisionTrailAsync(int year, string unitId, string code, CancellationToken cancellationToken = default) =>
        QueryPrefixAsync(year, unitId, $"s|{code}|", ReadDecision, cancellationToken);

    /// <summary>Every penalty change of the unit's section VII items, by item, oldest first.</summary>
    public Task<IReadOnlyList<PenaltyRecord>> PenaltyTrailAsync(int year, string unitId, CancellationToken cancellationToken = default) =>
        QueryPrefixAsync(year, unitId, "q|", ReadPenalty, cancellationToken);

    /// <summary>
    /// Records a decision as the new current one and appends it to the trail. With an ETag the write succeeds only if
    /// the current decision is still that one (else <see cref="StaleWriteException"/>); without one, the latest wins
    /// and is retried on a fresh read.
    /// </summary>
    public async Task<DecisionRecord> DecideAsync(
        int year, string unitId, string code, int round, DecisionInput input, DecisionBasis basis, string by, string agencyId, DateTimeOffset at,
        string? ifMatch, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Assessments);
        var partition = AssessmentStore.Partition(year, unitId);
        for (var attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, DecisionKey(code, round), cancellationToken: cancellationToken);
            var current = row.HasValue && row.Value is { } found ? ReadDecision(found) : null;
            if (ifMatch is not null && (current?.ETag is not { } etag || !ETags.Same(etag, ifMatch)))
            {
                throw new StaleWriteException($"Decision {code}/{round} of {unitId} ({year}) changed since it was read.");
            }

            var record = new DecisionRecord(code, round, input.Kind, input.Score, input.Reason, input.ExplainedDirectly, by, agencyId, at, basis, (current?.Revision ?? 0) + 1);
            var currentRow = DecisionEntity(partition, DecisionKey(code, round), record);
            List<TableTransactionAction> actions =
            [
                current is null
                    ? new(TableTransactionActionType.Add, currentRow)
                    : new(TableTransactionActionType.UpdateReplace, currentRow, new ETag(current.ETag!)),
                new(TableTransactionActionType.Add, DecisionEntity(partition, DecisionTrailKey(code, round, record.Revision), record)),
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
                    throw new StaleWriteException($"Decision {code}/{round} of {unitId} ({year}) changed during the write.", ex);
                }
            }
        }
    }

    /// <summary>
    /// Records several penalty items at once (one transaction: each current row and its trail row). An item whose
    /// points, reason, source and evidence are unchanged writes nothing.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, PenaltyRecord>> RecordPenaltiesAsync(
        int year, string unitId, IReadOnlyDictionary<string, PenaltyInput> items, string by, string? agencyId, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Assessments);
        var partition = AssessmentStore.Partition(year, unitId);
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(year, unitId, cancellationToken);
            var actions = new List<TableTransactionAction>();
            var result = new Dictionary<string, PenaltyRecord>(current.Penalties, StringComparer.Ordinal);
            foreach (var (code, input) in items)
            {
                var before = current.Penalties.GetValueOrDefault(code);
                if (before is not null && before.Points == input.Points && before.Reason == input.Reason && before.Source == input.Source && before.Evidence == input.Evidence)
                {
                    continue;
                }

                var record = new PenaltyRecord(code, input.Points, input.Reason, input.Source, input.Evidence, by, agencyId, at, (before?.Revision ?? 0) + 1);
                var row = PenaltyEntity(partition, PenaltyKey(code), record);
                actions.Add(before is null
                    ? new(TableTransactionActionType.Add, row)
                    : new(TableTransactionActionType.UpdateReplace, row, new ETag(before.ETag!)));
                actions.Add(new(TableTransactionActionType.Add, PenaltyEntity(partition, PenaltyTrailKey(code, record.Revision), record)));
                result[code] = record;
            }

            if (actions.Count == 0)
            {
                return result;
            }

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return result;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxServerRetries)
            {
                // Someone recorded a penalty of this unit meanwhile: read again and re-apply.
            }
        }
    }

    private async Task<IReadOnlyList<T>> QueryPrefixAsync<T>(int year, string unitId, string prefix, Func<TableEntity, T> read, CancellationToken cancellationToken)
    {
        var table = await clients.TableAsync(names.Assessments);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AssessmentStore.Partition(year, unitId)} and RowKey gt {prefix} and RowKey lt {prefix + "~"}");
        var rows = new List<T>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(read(row));
        }

        return rows;
    }

    private static string DecisionKey(string code, int round) => string.Create(CultureInfo.InvariantCulture, $"r|{code}|{round}");

    private static string DecisionTrailKey(string code, int round, int revision) => string.Create(CultureInfo.InvariantCulture, $"s|{code}|{round}|{revision:D6}");

    private static string PenaltyKey(string code) => $"p|{code}";

    private static string PenaltyTrailKey(string code, int revision) => string.Create(CultureInfo.InvariantCulture, $"q|{code}|{revision:D6}");

    private static TableEntity DecisionEntity(string partition, string rowKey, DecisionRecord record) => new(partition, rowKey)
    {
        ["Code"] = record.Code,
        ["Round"] = record.Round,
        ["Decision"] = DecisionKinds.ApiName(record.Kind),
        ["Score"] = TableScores.Write(record.Score),
        ["Reason"] = record.Reason,
        ["ExplainedDirectly"] = record.ExplainedDirectly,
        ["By"] = record.By,
        ["AgencyId"] = record.AgencyId,
        ["At"] = record.At,
        ["BasisSelfScore"] = TableScores.Write(record.Basis.SelfScore),
        ["BasisEvidence"] = JsonSerializer.Serialize(record.Basis.EvidenceHashes, EvaluationJson.Options),
        ["Revision"] = record.Revision,
    };

    private static DecisionRecord ReadDecision(TableEntity row) => new(
        row.GetString("Code") ?? string.Empty,
        row.GetInt32("Round") ?? 1,
        DecisionKinds.Parse(row.GetString("Decision")) ?? DecisionKind.Agree,
        TableScores.Read(row.GetString("Score")) ?? 0m,
        row.GetString("Reason") ?? string.Empty,
        row.GetBoolean("ExplainedDirectly") ?? false,
        row.GetString("By") ?? string.Empty,
        row.GetString("AgencyId") ?? string.Empty,
        row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        new DecisionBasis(
            TableScores.Read(row.GetString("BasisSelfScore")),
            row.GetString("BasisEvidence") is { Length: > 0 } json ? JsonSerializer.Deserialize<List<string>>(json, EvaluationJson.Options) ?? [] : []),
        row.GetInt32("Revision") ?? 1,
        row.ETag.ToString());

    private static TableEntity PenaltyEntity(string partition, string rowKey, PenaltyRecord record) => new(partition, rowKey)
    {
        ["Code"] = record.Code,
        ["Points"] = TableScores.Write(record.Points),
        ["Reason"] = record.Reason,
        ["Source"] = record.Source is { } source ? PenaltySources.ApiName(source) : null,
        ["Evidence"] = record.Evidence,
        ["By"] = record.By,
        ["AgencyId"] = record.AgencyId,
        ["At"] = record.At,
        ["Revision"] = record.Revision,
    };

    private static PenaltyRecord ReadPenalty(TableEntity row) => new(
        row.GetString("Code") ?? string.Empty,
        TableScores.Read(row.GetString("Points")) ?? 0m,
        row.GetString("Reason") ?? string.Empty,
        PenaltySources.Parse(row.GetString("Source")),
        row.GetString("Evidence"),
        row.GetString("By") ?? string.Empty,
        row.GetString("AgencyId"),
        row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        row.GetInt32("Revision") ?? 1,
        row.ETag.ToString());
}
