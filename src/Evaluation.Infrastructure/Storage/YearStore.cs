using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Common;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;

namespace Evaluation.Infrastructure.Storage;

/// <summary>Evaluation years: one table partition holds every year, so the start page lists them in one query.</summary>
public sealed class YearStore(StorageClients clients, StorageNames names)
{
    private const string Partition = "year";

    public async Task<Versioned<EvaluationYear>?> GetAsync(int year, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Years);
        var response = await table.GetEntityIfExistsAsync<YearEntity>(Partition, StorageKeys.Year(year), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? new(entity.ToYear(), entity.ETag.ToString()) : null;
    }

    public async Task<IReadOnlyList<EvaluationYear>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Years);
        var years = new List<EvaluationYear>();
        await foreach (var entity in table.QueryAsync<YearEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            years.Add(entity.ToYear());
        }

        return years.OrderByDescending(year => year.Year).ToList();
    }

    /// <summary>
    /// Creates the year or replaces its setup. Phase and start time are untouched (they belong to the workflow).
    /// With <paramref name="ifMatch"/> the write succeeds only if nobody changed the year since it was read.
    /// </summary>
    public async Task<(Versioned<EvaluationYear> Year, bool Created)> SaveSetupAsync(
        int year, YearSetup setup, string? ifMatch, string changedBy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Years);
        var entity = YearEntity.ForSetup(year, setup, changedBy, now);
        if (ifMatch is null)
        {
            try
            {
                entity.Phase = EvaluationPhaseNames.ApiName(EvaluationPhase.Setup);
                await table.AddEntityAsync(entity, cancellationToken);
                var created = await GetAsync(year, cancellationToken) ?? throw new InvalidOperationException("The year vanished right after it was created.");
                return (created, true);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                entity.Phase = null;
            }
        }

        try
        {
            await table.UpdateEntityAsync(entity, ifMatch is null ? ETag.All : new ETag(ifMatch), TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404 && ifMatch is not null)
        {
            throw new StaleWriteException($"Year {year} changed since it was read.", ex);
        }

        var updated = await GetAsync(year, cancellationToken) ?? throw new InvalidOperationException("The year vanished right after it was updated.");
        return (updated, false);
    }

    /// <summary>Records that the working group started the year (first time only) and the phase it is in.</summary>
    public async Task MarkStartedAsync(int year, DateTimeOffset startedAt, EvaluationPhase phase, CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(year, cancellationToken) ?? throw new InvalidOperationException($"Year {year} does not exist.");
        if (current.Value.IsStarted)
        {
            return;
        }

        var table = await clients.TableAsync(names.Years);
        var entity = new YearEntity
        {
            PartitionKey = Partition,
            RowKey = StorageKeys.Year(year),
            StartedAt = startedAt,
            Phase = EvaluationPhaseNames.ApiName(phase),
            PhaseSince = startedAt,
        };
        try
        {
            await table.UpdateEntityAsync(entity, new ETag(current.ETag), TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Someone else wrote the year meanwhile (a second start, a calendar edit): try again on the fresh row.
            await MarkStartedAsync(year, startedAt, phase, cancellationToken);
        }
    }

    public async Task SetPhaseAsync(int year, EvaluationPhase phase, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Years);
        var entity = new YearEntity { PartitionKey = Partition, RowKey = StorageKeys.Year(year), Phase = EvaluationPhaseNames.ApiName(phase), PhaseSince = since };
        await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>The working group opened leader scoring early. Only the first opening counts.</summary>
    public Task MarkLeaderScoringOpenedAsync(int year, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        SetOnceAsync(year, entity => entity.LeaderScoringOpenedAt, (entity, value) => entity.LeaderScoringOpenedAt = value, at, cancellationToken);

    /// <summary>The working group closed leader scoring early. Only the first closing counts.</summary>
    public Task MarkLeaderScoringClosedAsync(int year, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        SetOnceAsync(year, entity => entity.LeaderScoringClosedAt, (entity, value) => entity.LeaderScoringClosedAt = value, at, cancellationToken);

    /// <summary>
    /// Marks the year published. Returns false when it already was: publication happens once and freezes
    /// the year's scores.
    /// </summary>
    public async Task<bool> MarkPublishedAsync(int year, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await SetOnceAsync(year, entity => entity.PublishedAt, (entity, value) => entity.PublishedAt = value, at, cancellationToken);

    /// <summary>Writes a timestamp that is set once: conditional on the row read, retried if another write got in between.</summary>
    private async Task<bool> SetOnceAsync(
        int year, Func<YearEntity, DateTimeOffset?> read, Action<YearEntity, DateTimeOffset> write, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await clients.TableAsync(names.Years);
        while (true)
        {
            var current = (await table.GetEntityAsync<YearEntity>(Partition, StorageKeys.Year(year), cancellationToken: cancellationToken)).Value;
            if (read(current) is not null)
            {
                return false;
            }

            var patch = new YearEntity { PartitionKey = Partition, RowKey = current.RowKey };
            write(patch, at);
            try
            {
                await table.UpdateEntityAsync(patch, current.ETag, TableUpdateMode.Merge, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Another write (a phase record, a calendar edit) came first; read again.
            }
        }
    }

    private sealed class YearEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public DateTimeOffset? SelfAssessmentDue { get; set; }

        public DateTimeOffset? AppraisalRound1Due { get; set; }

        public DateTimeOffset? ExplanationDue { get; set; }

        public DateTimeOffset? AppraisalRound2Due { get; set; }

        public DateTimeOffset? LeaderScoringDue { get; set; }

        public DateTimeOffset? PublicationDue { get; set; }

        /// <summary>Decimals as JSON text: Table storage has no decimal type and doubles would break exact ties.</summary>
        public string? Settings { get; set; }

        /// <summary>Reminder lead times as ISO 8601 durations, comma-separated; null means the default.</summary>
        public string? Reminders { get; set; }

        public string? UnitTypes { get; set; }

        public string? Phase { get; set; }

        public DateTimeOffset? PhaseSince { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? LeaderScoringOpenedAt { get; set; }

        public DateTimeOffset? LeaderScoringClosedAt { get; set; }

        public DateTimeOffset? PublishedAt { get; set; }

        public DateTimeOffset? UpdatedAt { get; set; }

        public string? UpdatedBy { get; set; }

        public static YearEntity ForSetup(int year, YearSetup setup, string changedBy, DateTimeOffset now) => new()
        {
            RowKey = StorageKeys.Year(year),
            SelfAssessmentDue = setup.Calendar.SelfAssessmentDue,
            AppraisalRound1Due = setup.Calendar.AppraisalRound1Due,
            ExplanationDue = setup.Calendar.ExplanationDue,
            AppraisalRound2Due = setup.Calendar.AppraisalRound2Due,
            LeaderScoringDue = setup.Calendar.LeaderScoringDue,
            PublicationDue = setup.Calendar.PublicationDue,
            Settings = JsonSerializer.Serialize(RankingSettingsDocument.From(setup.Settings), EvaluationJson.Options),
            Reminders = string.Join(',', setup.Reminders.ToIso()),
            UnitTypes = JsonSerializer.Serialize(setup.UnitTypes, EvaluationJson.Options),
            UpdatedAt = now,
            UpdatedBy = changedBy,
        };

        public EvaluationYear ToYear()
        {
            var year = StorageKeys.ParseYear(RowKey);
            var defaults = YearCalendar.Default(year);
            var calendar = new YearCalendar(
                SelfAssessmentDue ?? defaults.SelfAssessmentDue,
                AppraisalRound1Due ?? defaults.AppraisalRound1Due,
                ExplanationDue ?? defaults.ExplanationDue,
                AppraisalRound2Due ?? defaults.AppraisalRound2Due,
                LeaderScoringDue ?? defaults.LeaderScoringDue,
                PublicationDue ?? defaults.PublicationDue);
            var settings = Settings is null
                ? RankingSettings.Default
                : JsonSerializer.Deserialize<RankingSettingsDocument>(Settings, EvaluationJson.Options)!.ToSettings();
            var unitTypes = UnitTypes is null
                ? UnitType.RegulationDefaults
                : JsonSerializer.Deserialize<List<UnitType>>(UnitTypes, EvaluationJson.Options)!;
            var phase = EvaluationPhaseNames.Parse(Phase) ?? EvaluationPhase.Setup;
            var reminders = Reminders is null ? null : ReminderSchedule.FromIso(Reminders.Split(',', StringSplitOptions.RemoveEmptyEntries));
            var setup = new YearSetup(calendar, settings, unitTypes) { Reminders = reminders ?? ReminderSchedule.Default };
            return new EvaluationYear(year, setup, phase, StartedAt)
            {
                LeaderScoringOpenedAt = LeaderScoringOpenedAt,
                LeaderScoringClosedAt = LeaderScoringClosedAt,
                PublishedAt = PublishedAt,
            };
        }
    }
}
