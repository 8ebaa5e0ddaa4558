using Azure;
using Azure.Data.Tables;
using Evaluation.Domain.Units;

namespace Evaluation.Infrastructure.Storage;

/// <summary>The people directory: who may do what. One partition; the directory is small (hundreds).</summary>
public sealed class PersonStore(StorageClients clients, StorageNames names)
{
    private const string Partition = "person";

    public async Task<Versioned<Person>?> GetAsync(string email, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.People);
        var response = await table.GetEntityIfExistsAsync<PersonEntity>(Partition, email, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity && entity.ToPerson() is { } person ? new(person, entity.ETag.ToString()) : null;
    }

    public async Task<IReadOnlyList<Person>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.People);
        var people = new List<Person>();
        await foreach (var entity in table.QueryAsync<PersonEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            if (entity.ToPerson() is { } person)
            {
                people.Add(person);
            }
        }

        return people;
    }

    public async Task<(Versioned<Person> Person, bool Created)> SaveAsync(Person person, string? ifMatch, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.People);
        var entity = PersonEntity.From(person);
        var created = false;
        try
        {
            if (ifMatch is null)
            {
                created = await TryAddAsync(table, entity, cancellationToken);
                if (!created)
                {
                    await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
                }
            }
            else
            {
                await table.UpdateEntityAsync(entity, new ETag(ifMatch), TableUpdateMode.Replace, cancellationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404 && ifMatch is not null)
        {
            throw new StaleWriteException($"Person {person.Email} changed since it was read.", ex);
        }

        var saved = await GetAsync(person.Email, cancellationToken) ?? throw new InvalidOperationException("The person vanished right after being saved.");
        return (saved, created);
    }

    private static async Task<bool> TryAddAsync(TableClient table, PersonEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task SaveManyAsync(IEnumerable<Person> people, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.People);
        foreach (var chunk in people.Chunk(100))
        {
            await table.SubmitTransactionAsync(
                chunk.Select(person => new TableTransactionAction(TableTransactionActionType.UpsertReplace, PersonEntity.From(person))),
                cancellationToken);
        }
    }

    private sealed class PersonEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string? Name { get; set; }

        public string? Role { get; set; }

        public string? UnitId { get; set; }

        public string? AgencyId { get; set; }

        public static PersonEntity From(Person person) => new()
        {
            RowKey = person.Email,
            Name = person.Name,
            Role = Roles.ApiName(person.Role),
            UnitId = person.UnitId,
            AgencyId = person.AgencyId,
        };

        public Person? ToPerson() => Roles.Parse(Role) is { } role
            ? new Person(RowKey, Name ?? RowKey, role, UnitId, AgencyId)
            : null;
    }
}
