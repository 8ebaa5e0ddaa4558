using Azure.Data.Tables;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Infrastructure.OtherIndices;

/// <summary>One import of one index's file: who, when, which file, how many units.</summary>
public sealed record OtherIndexImportRecord(
    string IndexCode, string ImportId, string FileName, string ImportedBy, DateTimeOffset ImportedAt, int UnitCount);

/// <summary>A unit's value of an index, with the import it came from.</summary>
public sealed record OtherIndexValueRecord(
    string IndexCode, string UnitId, decimal Value, string FileName, string ImportedBy, DateTimeOffset ImportedAt, string ImportId);

/// <summary>
/// The values of other indices imported per unit (R-1.4), table <c>OtherIndexScores</c>, one partition per year:
/// <list type="bullet">
/// <item><c>v|{index}|{importId}|{unitId}</c>: one row per (index, unit) of an import, with the raw value, the file,
/// who imported it and when; never updated or deleted.</item>
/// <item><c>i|{index}|{importId}</c>: the import itself (file, who, when, unit count), kept for every import.</item>
/// <item><c>c|{index}</c>: which import is current.</item>
/// </list>
/// An import writes its value rows first and then, in one transaction, its import row and the switch of the current
/// pointer: a re-import replaces the index's values all at once, a failed one changes nothing that is read, and
/// every earlier import stays readable.
/// </summary>
public sealed class OtherIndexStore(StorageClients clients, StorageNames names)
{
    /// <summary>Entity-group transactions hold at most 100 operations.</summary>
    private const int BatchSize = 100;

    public async Task<OtherIndexImportRecord> ImportAsync(
        int year, string indexCode, IReadOnlyDictionary<string, decimal> values, string fileName, string importedBy, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var table = await clients.TableAsync(names.OtherIndexScores);
        var partition = StorageKeys.Year(year);
        var import = new OtherIndexImportRecord(indexCode, Guid.CreateVersion7(at).ToString("N"), fileName, importedBy, at, values.Count);
        foreach (var chunk in values.OrderBy(pair => pair.Key, StringComparer.Ordinal).Chunk(BatchSize))
        {
            var actions = chunk.Select(pair => new TableTransactionAction(TableTransactionActionType.Add, ValueEntity(partition, import, pair.Key, pair.Value))).ToList();
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }

        await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, ImportEntity(partition, $"i|{indexCode}|{import.ImportId}", import)),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, ImportEntity(partition, CurrentKey(indexCode), import)),
            ],
            cancellationToken);
        return import;
    }

    /// <summary>The current import of every index that has one (index code → import).</summary>
    public async Task<IReadOnlyDictionary<string, OtherIndexImportRecord>> CurrentImportsAsync(int year, CancellationToken cancellationToken = default)
    {
        var current = new Dictionary<string, OtherIndexImportRecord>(StringComparer.Ordinal);
        foreach (var import in await QueryAsync(year, "c|", ReadImport, cancellationToken))
        {
            current[import.IndexCode] = import;
        }

        return current;
    }

    /// <summary>Every import of the year, current or replaced, newest first.</summary>
    public async Task<IReadOnlyList<OtherIndexImportRecord>> ImportsAsync(int year, CancellationToken cancellationToken = default) =>
        (await QueryAsync(year, "i|", ReadImport, cancellationToken)).OrderByDescending(import => import.ImportedAt).ThenByDescending(import => import.ImportId, StringComparer.Ordinal).ToList();

    /// <summary>The values of one import, current or replaced, by unit.</summary>
    public async Task<IReadOnlyList<OtherIndexValueRecord>> ValuesAsync(int year, OtherIndexImportRecord import, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(import);
        return await QueryAsync(year, $"v|{import.IndexCode}|{import.ImportId}|", ReadValue, cancellationToken);
    }

    /// <summary>The current values of every index: index code → (unit id → value record).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, OtherIndexValueRecord>>> CurrentValuesAsync(int year, CancellationToken cancellationToken = default)
    {
        var imports = await CurrentImportsAsync(year, cancellationToken);
        var lists = await Task.WhenAll(imports.Values.Select(import => ValuesAsync(year, import, cancellationToken)));
        return lists.Where(list => list.Count > 0).ToDictionary(
            list => list[0].IndexCode,
            list => (IReadOnlyDictionary<string, OtherIndexValueRecord>)list.ToDictionary(value => value.UnitId, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>One unit's current values (index code → value record): a range read for the pointers, a point read per index.</summary>
    public async Task<IReadOnlyDictionary<string, OtherIndexValueRecord>> UnitValuesAsync(int year, string unitId, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.OtherIndexScores);
        var partition = StorageKeys.Year(year);
        var imports = await CurrentImportsAsync(year, cancellationToken);
        var found = await Task.WhenAll(imports.Values.Select(async import =>
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, ValueKey(import, unitId), cancellationToken: cancellationToken);
            return row.HasValue && row.Value is { } entity ? ReadValue(entity) : null;
        }));
        return found.OfType<OtherIndexValueRecord>().ToDictionary(value => value.IndexCode, StringComparer.Ordinal);
    }

    private async Task<List<T>> QueryAsync<T>(int year, string prefix, Func<TableEntity, T> read, CancellationToken cancellationToken)
    {
        var table = await clients.TableAsync(names.OtherIndexScores);
        // Codes, unit ids and import ids are ASCII letters, digits, "-" and "_": all sort below '~'.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {StorageKeys.Year(year)} and RowKey gt {prefix} and RowKey lt {prefix + "~"}");
        var rows = new List<T>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(read(row));
        }

        return rows;
    }

    private static string CurrentKey(string indexCode) => $"c|{indexCode}";

    private static string ValueKey(OtherIndexImportRecord import, string unitId) => $"v|{import.IndexCode}|{import.ImportId}|{unitId}";

    private static TableEntity ValueEntity(string partition, OtherIndexImportRecord import, string unitId, decimal value) => new(partition, ValueKey(import, unitId))
    {
        ["IndexCode"] = import.IndexCode,
        ["UnitId"] = unitId,
        ["Value"] = TableScores.Write(value),
        ["FileName"] = import.FileName,
        ["ImportedBy"] = import.ImportedBy,
        ["ImportedAt"] = import.ImportedAt,
        ["ImportId"] = import.ImportId,
    };

    private static TableEntity ImportEntity(string partition, string rowKey, OtherIndexImportRecord import) => new(partition, rowKey)
    {
        ["IndexCode"] = import.IndexCode,
        ["ImportId"] = import.ImportId,
        ["FileName"] = import.FileName,
        ["ImportedBy"] = import.ImportedBy,
        ["ImportedAt"] = import.ImportedAt,
        ["UnitCount"] = import.UnitCount,
    };

    private static OtherIndexImportRecord ReadImport(TableEntity row) => new(
        row.GetString("IndexCode") ?? string.Empty,
        row.GetString("ImportId") ?? string.Empty,
        row.GetString("FileName") ?? string.Empty,
        row.GetString("ImportedBy") ?? string.Empty,
        row.GetDateTimeOffset("ImportedAt") ?? DateTimeOffset.MinValue,
        row.GetInt32("UnitCount") ?? 0);

    private static OtherIndexValueRecord ReadValue(TableEntity row) => new(
        row.GetString("IndexCode") ?? string.Empty,
        row.GetString("UnitId") ?? string.Empty,
        TableScores.Read(row.GetString("Value")) ?? 0m,
        row.GetString("FileName") ?? string.Empty,
        row.GetString("ImportedBy") ?? string.Empty,
        row.GetDateTimeOffset("ImportedAt") ?? DateTimeOffset.MinValue,
        row.GetString("ImportId") ?? string.Empty);
}
