using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Evaluation.Domain.Assessments;
using Evaluation.Domain.Common;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Infrastructure.Assessments;

/// <summary>What a criterion write must find: the version the person saw, nothing yet (first save), or whatever is there.</summary>
public abstract record WritePrecondition
{
    public static WritePrecondition Any { get; } = new AnyVersion();

    public static WritePrecondition NotYetSaved { get; } = new NoVersion();

    public static WritePrecondition Version(string etag) => new ExactVersion(etag);

    public sealed record AnyVersion : WritePrecondition;

    public sealed record NoVersion : WritePrecondition;

    public sealed record ExactVersion(string ETag) : WritePrecondition;
}

/// <summary>
/// Self-assessments in Table storage. One partition per year and unit holds the unit's whole form, so it loads in
/// one query and every change is one entity-group transaction: the criterion row (conditional on its ETag) together
/// with an append-only history row keyed by the new revision, and the evidence row when a file is added or removed.
/// A lost race fails the whole transaction, so the history holds exactly the accepted writes.
/// Row keys: <c>a|submission</c>, <c>c|{code}</c>, <c>e|{evidenceId}</c>, <c>h|{code}|{revision:D6}</c>.
/// </summary>
public sealed class AssessmentStore(StorageClients clients, StorageNames names)
{
    private const string SubmissionKey = "a|submission";
    private const int MaxServerRetries = 8;

    public async Task<UnitAssessment> GetAsync(int year, string unitId, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Assessments);
        var partition = Partition(year, unitId);
        var criteria = new Dictionary<string, CriterionRecord>(StringComparer.Ordinal);
        var evidence = new List<EvidenceRecord>();
        Submission? submission = null;

        // History rows ("h|…") grow with every change; the form never needs them, so the query stops before them.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"a|"} and RowKey lt {"f"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            switch (row.RowKey[0])
            {
                case 'a' when row.RowKey == SubmissionKey:
                    submission = ReadSubmission(row);
                    break;
                case 'c':
                    var criterion = ReadCriterion(row);
                    criteria[criterion.Code] = criterion;
                    break;
                case 'e':
                    evidence.Add(ReadEvidence(row));
                    break;
            }
        }

        evidence.Sort((left, right) => left.UploadedAt.CompareTo(right.UploadedAt));
        return new UnitAssessment(criteria, evidence, submission);
    }

    public async Task<Submission?> GetSubmissionAsync(int year, string unitId, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Assessments);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(year, unitId), SubmissionKey, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? ReadSubmission(entity) : null;
    }

    public async Task<CriterionRecord?> GetCriterionAsync(int year, string unitId, string code, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Assessments);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(year, unitId), CriterionKey(code), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? ReadCriterion(entity) : null;
    }

    /// <summary>One criterion as it stands with its current files, in one query (what a save needs to answer).</summary>
    public async Task<CriterionState> GetCriterionStateAsync(int year, string unitId, string code, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Assessments);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition(year, unitId)} and (RowKey eq {CriterionKey(code)} or (RowKey ge {"e|"} and RowKey lt {"f"} and CriterionCode eq {code}))");
        CriterionRecord? criterion = null;
        var evidence = new List<EvidenceRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey[0] == 'c')
            {
                criterion = ReadCriterion(row);
            }
            else
            {
                evidence.Add(ReadEvidence(row));
            }
        }

        evidence.Sort((left, right) => left.UploadedAt.CompareTo(right.UploadedAt));
        return new CriterionState(criterion, evidence.Where(item => !item.IsRemoved).ToList());
    }

    public async Task<EvidenceRecord?> GetEvidenceAsync(int year, string unitId, string evidenceId, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Assessments);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(year, unitId), EvidenceKey(evidenceId), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity ? ReadEvidence(entity) : null;
    }

    /// <summary>Every change of one criterion, oldest first.</summary>
    public async Task<IReadOnlyList<HistoryRecord>> HistoryAsync(int year, string unitId, string code, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Assessments);
        var prefix = $"h|{code}|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(year, unitId)} and RowKey gt {prefix} and RowKey lt {prefix + "~"}");
        var history = new List<HistoryRecord>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            history.Add(ReadHistory(row, code));
        }

        return history;
    }

    /// <summary>
    /// Saves a criterion's answer. An unchanged answer writes nothing. A precondition that no longer holds throws
    /// <see cref="StaleWriteException"/> and writes nothing.
    /// </summary>
    /// <param name="known">The criterion as the caller has just read it (saves a read); null reads it here.</param>
    public Task<CriterionRecord> SaveAnswerAsync(
        int year, string unitId, string code, CriterionAnswer answer, WritePrecondition precondition, string by, DateTimeOffset at,
        CriterionState? known = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(year, unitId, code, precondition, by, at, current => (current?.Answer ?? CriterionAnswer.Empty) == answer && current is not null
            ? null
            : new Change(answer, HistoryChange.Saved, null, null), cancellationToken, known);

    /// <summary>Records an uploaded file against its criterion (a new revision of the criterion, with history).</summary>
    /// <param name="known">The criterion as read before the upload, tried first; if it changed meanwhile the write is retried on a fresh read.</param>
    public Task<CriterionRecord> AddEvidenceAsync(int year, string unitId, EvidenceRecord evidence, CriterionState? known = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(year, unitId, evidence.CriterionCode, WritePrecondition.Any, evidence.UploadedBy, evidence.UploadedAt,
            current => new Change(current?.Answer ?? CriterionAnswer.Empty, HistoryChange.EvidenceAdded, evidence, EvidenceEntity(year, unitId, evidence)),
            cancellationToken, known);

    /// <summary>Marks a file removed (row and blob stay); null when there is no such file or it was removed already.</summary>
    public async Task<CriterionRecord?> RemoveEvidenceAsync(int year, string unitId, string evidenceId, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Assessments);
        for (var attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(year, unitId), EvidenceKey(evidenceId), cancellationToken: cancellationToken);
            if (!row.HasValue || row.Value is not { } entity || ReadEvidence(entity) is not { IsRemoved: false } evidence)
            {
                return null;
            }

            // The evidence row is written only if unchanged since read, so two removals of one file record one change.
            var removed = evidence with { RemovedBy = by, RemovedAt = at };
            try
            {
                return await ChangeAsync(year, unitId, evidence.CriterionCode, WritePrecondition.Any, by, at,
                    current => new Change(current?.Answer ?? CriterionAnswer.Empty, HistoryChange.EvidenceRemoved, removed, EvidenceEntity(year, unitId, removed), entity.ETag),
                    cancellationToken, maxAttempts: 1);
            }
            catch (StaleWriteException) when (attempt < MaxServerRetries)
            {
                // The criterion or the file changed meanwhile: read both again.
            }
        }
    }

    /// <summary>Records the submission; false when the unit had already submitted (the first submission stands).</summary>
    public async Task<(Submission Submission, bool Created)> SubmitAsync(int year, string unitId, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Assessments);
        var entity = new TableEntity(Partition(year, unitId), SubmissionKey) { ["By"] = by, ["At"] = at };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return (new Submission(by, at), true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return (await GetSubmissionAsync(year, unitId, cancellationToken) ?? throw new InvalidOperationException("The submission vanished."), false);
        }
    }

    /// <param name="EvidenceRowETag">The version the evidence row must still have (a removal); default: a new row (an upload).</param>
    private sealed record Change(CriterionAnswer Answer, HistoryChange Kind, EvidenceRecord? Evidence, TableEntity? EvidenceRow, ETag EvidenceRowETag = default);

    /// <summary>
    /// Read, decide, write the criterion and its history row in one transaction. With an exact precondition a lost
    /// race is the caller's (412); otherwise the server re-reads and tries again, since the person asked for no version.
    /// </summary>
    private async Task<CriterionRecord> ChangeAsync(
        int year, string unitId, string code, WritePrecondition precondition, string by, DateTimeOffset at,
        Func<CriterionRecord?, Change?> decide, CancellationToken cancellationToken, CriterionState? known = null, int maxAttempts = MaxServerRetries)
    {
        var table = await clients.TableAsync(names.Assessments);
        var partition = Partition(year, unitId);
        for (var attempt = 1; ; attempt++)
        {
            var current = attempt == 1 && known is not null ? known.Criterion : await GetCriterionAsync(year, unitId, code, cancellationToken);
            switch (precondition)
            {
                case WritePrecondition.ExactVersion exact when current is null || !ETags.Same(current.ETag, exact.ETag):
                case WritePrecondition.NoVersion when current is not null:
                    throw new StaleWriteException($"Criterion {code} of {unitId} ({year}) changed since it was read.");
            }

            var change = decide(current);
            if (change is null)
            {
                return current!;
            }

            var revision = (current?.Revision ?? 0) + 1;
            var criterionRow = CriterionEntity(partition, code, change.Answer, revision, by, at);
            var actions = new List<TableTransactionAction>(3)
            {
                current is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, criterionRow)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, criterionRow, new ETag(current.ETag)),
                new(TableTransactionActionType.Add, HistoryEntity(partition, new HistoryRecord(
                    code, revision, at, by, change.Kind, current?.Answer ?? CriterionAnswer.Empty, change.Answer, change.Evidence?.EvidenceId, change.Evidence?.FileName))),
            };
            if (change.EvidenceRow is not null)
            {
                actions.Add(change.Kind == HistoryChange.EvidenceAdded
                    ? new TableTransactionAction(TableTransactionActionType.Add, change.EvidenceRow)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, change.EvidenceRow, change.EvidenceRowETag));
            }

            try
            {
                var response = await table.SubmitTransactionAsync(actions, cancellationToken);
                var etag = response.Value[0].Headers.ETag?.ToString() ?? (await GetCriterionAsync(year, unitId, code, cancellationToken))!.ETag;
                return new CriterionRecord(code, change.Answer, revision, by, at, etag);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                if (precondition is not WritePrecondition.AnyVersion || attempt >= maxAttempts)
                {
                    throw new StaleWriteException($"Criterion {code} of {unitId} ({year}) changed during the write.", ex);
                }
            }
        }
    }

    public static string Partition(int year, string unitId) => $"{StorageKeys.Year(year)}_{unitId}";

    private static string CriterionKey(string code) => $"c|{code}";

    private static string EvidenceKey(string evidenceId) => $"e|{evidenceId}";

    private static string HistoryKey(string code, int revision) => string.Create(CultureInfo.InvariantCulture, $"h|{code}|{revision:D6}");

    private static TableEntity CriterionEntity(string partition, string code, CriterionAnswer answer, int revision, string by, DateTimeOffset at) =>
        new(partition, CriterionKey(code))
        {
            ["Code"] = code,
            ["SelfScore"] = Score(answer.SelfScore),
            ["Explanation"] = answer.Explanation,
            ["Classified"] = answer.Classified,
            ["Revision"] = revision,
            ["UpdatedBy"] = by,
            ["UpdatedAt"] = at,
        };

    private static TableEntity HistoryEntity(string partition, HistoryRecord record) =>
        new(partition, HistoryKey(record.Code, record.Revision))
        {
            ["Revision"] = record.Revision,
            ["At"] = record.At,
            ["By"] = record.By,
            ["Change"] = record.Change.ToString(),
            ["OldScore"] = Score(record.Old.SelfScore),
            ["NewScore"] = Score(record.New.SelfScore),
            ["OldExplanation"] = record.Old.Explanation,
            ["NewExplanation"] = record.New.Explanation,
            ["OldClassified"] = record.Old.Classified,
            ["NewClassified"] = record.New.Classified,
            ["EvidenceId"] = record.EvidenceId,
            ["FileName"] = record.FileName,
        };

    private static TableEntity EvidenceEntity(int year, string unitId, EvidenceRecord evidence) =>
        new(Partition(year, unitId), EvidenceKey(evidence.EvidenceId))
        {
            ["EvidenceId"] = evidence.EvidenceId,
            ["CriterionCode"] = evidence.CriterionCode,
            ["FileName"] = evidence.FileName,
            ["Size"] = evidence.Size,
            ["Sha256"] = evidence.Sha256,
            ["ContentType"] = evidence.ContentType,
            ["BlobName"] = evidence.BlobName,
            ["UploadedBy"] = evidence.UploadedBy,
            ["UploadedAt"] = evidence.UploadedAt,
            ["Signature"] = JsonSerializer.Serialize(evidence.Signature, EvaluationJson.Options),
            ["RemovedBy"] = evidence.RemovedBy,
            ["RemovedAt"] = evidence.RemovedAt,
        };

    private static Submission ReadSubmission(TableEntity row) =>
        new(row.GetString("By") ?? string.Empty, row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue);

    private static CriterionRecord ReadCriterion(TableEntity row) => new(
        row.GetString("Code") ?? row.RowKey[2..],
        new CriterionAnswer(ParseScore(row.GetString("SelfScore")), row.GetString("Explanation") ?? string.Empty, row.GetBoolean("Classified") ?? false),
        row.GetInt32("Revision") ?? 0,
        row.GetString("UpdatedBy"),
        row.GetDateTimeOffset("UpdatedAt"),
        row.ETag.ToString());

    private static EvidenceRecord ReadEvidence(TableEntity row) => new(
        row.GetString("EvidenceId") ?? row.RowKey[2..],
        row.GetString("CriterionCode") ?? string.Empty,
        row.GetString("FileName") ?? string.Empty,
        row.GetInt64("Size") ?? 0,
        row.GetString("Sha256") ?? string.Empty,
        row.GetString("ContentType") ?? "application/octet-stream",
        row.GetString("BlobName") ?? string.Empty,
        row.GetString("UploadedBy") ?? string.Empty,
        row.GetDateTimeOffset("UploadedAt") ?? DateTimeOffset.MinValue,
        row.GetString("Signature") is { Length: > 0 } json
            ? JsonSerializer.Deserialize<StoredSignature>(json, EvaluationJson.Options) ?? StoredSignature.NotChecked
            : StoredSignature.NotChecked,
        row.GetString("RemovedBy"),
        row.GetDateTimeOffset("RemovedAt"));

    private static HistoryRecord ReadHistory(TableEntity row, string code) => new(
        code,
        row.GetInt32("Revision") ?? 0,
        row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        row.GetString("By") ?? string.Empty,
        Enum.TryParse<HistoryChange>(row.GetString("Change"), out var change) ? change : HistoryChange.Saved,
        new CriterionAnswer(ParseScore(row.GetString("OldScore")), row.GetString("OldExplanation") ?? string.Empty, row.GetBoolean("OldClassified") ?? false),
        new CriterionAnswer(ParseScore(row.GetString("NewScore")), row.GetString("NewExplanation") ?? string.Empty, row.GetBoolean("NewClassified") ?? false),
        row.GetString("EvidenceId"),
        row.GetString("FileName"));

    private static string? Score(decimal? score) => TableScores.Write(score);

    private static decimal? ParseScore(string? text) => TableScores.Read(text);
}
