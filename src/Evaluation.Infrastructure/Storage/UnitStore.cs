using Azure;
using Azure.Data.Tables;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Units;

namespace Evaluation.Infrastructure.Storage;

/// <summary>A unit of a year with where its cycle stands.</summary>
public sealed record UnitRecord(Unit Unit, EvaluationPhase Phase, DateTimeOffset? PhaseSince)
{
    /// <summary>Steps the unit's people finished before the deadline (submission, round 1, round 2), and when.</summary>
    public IReadOnlyDictionary<EvaluationPhase, DateTimeOffset> StepsDone { get; init; } = new Dictionary<EvaluationPhase, DateTimeOffset>();
}

/// <summary>The units of each year: partition = year, so a year's units (with their phases) are one query.</summary>
public sealed class UnitStore(StorageClients clients, StorageNames names)
{
    public async Task<IReadOnlyList<UnitRecord>> ListAsync(int year, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Units);
        var partition = StorageKeys.Year(year);
        var units = new List<UnitRecord>();
        await foreach (var entity in table.QueryAsync<UnitEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            units.Add(entity.ToRecord());
        }

        return units;
    }

    public async Task<Versioned<UnitRecord>?> GetAsync(int year, string unitId, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Units);
        var response = await table.GetEntityIfExistsAsync<UnitEntity>(StorageKeys.Year(year), unitId, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? new(entity.ToRecord(), entity.ETag.ToString()) : null;
    }

    /// <summary>Creates or updates a unit's name and type; its phase is left to the workflow.</summary>
    public async Task<(Versioned<UnitRecord> Unit, bool Created)> SaveAsync(int year, Unit unit, string? ifMatch, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Units);
        var entity = UnitEntity.From(year, unit);
        var created = false;
        if (ifMatch is null)
        {
            try
            {
                entity.Phase = EvaluationPhaseNames.ApiName(EvaluationPhase.Setup);
                await table.AddEntityAsync(entity, cancellationToken);
                created = true;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                entity.Phase = null;
            }
        }

        if (!created)
        {
            try
            {
                await table.UpdateEntityAsync(entity, ifMatch is null ? ETag.All : new ETag(ifMatch), TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404 && ifMatch is not null)
            {
                throw new StaleWriteException($"Unit {unit.UnitId} of {year} changed since it was read.", ex);
            }
        }

        var saved = await GetAsync(year, unit.UnitId, cancellationToken) ?? throw new InvalidOperationException("The unit vanished right after it was saved.");
        return (saved, created);
    }

    /// <summary>Writes many units of one year in entity-group transactions (100 per batch, the service limit).</summary>
    public async Task SaveManyAsync(int year, IEnumerable<Unit> units, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Units);
        foreach (var chunk in units.Chunk(100))
        {
            var actions = chunk.Select(unit => new TableTransactionAction(TableTransactionActionType.UpsertMerge, UnitEntity.From(year, unit)));
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }
    }

    /// <param name="ifMatch">The ETag of the unit as read, so a write made meanwhile (publication) is not overwritten; null: unconditional.</param>
    public async Task SetPhaseAsync(int year, string unitId, EvaluationPhase phase, DateTimeOffset since, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Units);
        var entity = new UnitEntity
        {
            PartitionKey = StorageKeys.Year(year),
            RowKey = unitId,
            Phase = EvaluationPhaseNames.ApiName(phase),
            PhaseSince = since,
        };
        await table.UpdateEntityAsync(entity, ifMatch is null ? ETag.All : new ETag(ifMatch), TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Records that a step ended early for the unit (its orchestration saw the people finish). Idempotent.</summary>
    public async Task MarkStepDoneAsync(int year, string unitId, EvaluationPhase step, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Units);
        var entity = new TableEntity(StorageKeys.Year(year), unitId) { [StepDoneProperty(step)] = at };
        await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    private static string StepDoneProperty(EvaluationPhase step) => $"Done_{EvaluationPhaseNames.ApiName(step)}";

    private sealed class UnitEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string? Name { get; set; }

        public string? Type { get; set; }

        public string? AgencyId { get; set; }

        public string? Phase { get; set; }

        public DateTimeOffset? PhaseSince { get; set; }

        public DateTimeOffset? Done_selfAssessment { get; set; }

        public DateTimeOffset? Done_appraisalRound1 { get; set; }

        public DateTimeOffset? Done_appraisalRound2 { get; set; }

        /// <summary>Name, type and agency only: the phase belongs to the workflow and is merged separately.</summary>
        public static UnitEntity From(int year, Unit unit) => new()
        {
            PartitionKey = StorageKeys.Year(year),
            RowKey = unit.UnitId,
            Name = unit.Name,
            Type = unit.Type,
            AgencyId = unit.AgencyId ?? string.Empty,
        };

        public UnitRecord ToRecord() => new(
            new Unit(RowKey, Name ?? RowKey, Type ?? string.Empty, string.IsNullOrEmpty(AgencyId) ? null : AgencyId),
            EvaluationPhaseNames.Parse(Phase) ?? EvaluationPhase.Setup,
            PhaseSince)
        {
            StepsDone = new (EvaluationPhase Step, DateTimeOffset? At)[]
                {
                    (EvaluationPhase.SelfAssessment, Done_selfAssessment),
                    (EvaluationPhase.AppraisalRound1, Done_appraisalRound1),
                    (EvaluationPhase.AppraisalRound2, Done_appraisalRound2),
                }
                .Where(pair => pair.At is not null)
                .ToDictionary(pair => pair.Step, pair => pair.At!.Value),
        };
    }
}
