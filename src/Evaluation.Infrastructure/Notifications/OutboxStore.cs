using System.Globalization;
using Azure.Data.Tables;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Infrastructure.Notifications;

/// <summary>
/// One request the local recording Graph endpoint accepted: an e-mail (<see cref="OutboxKinds.Mail"/>: sender,
/// subject, HTML body) or a Teams activity (<see cref="OutboxKinds.Teams"/>: preview, link, activity type).
/// <see cref="Attempt"/> is the request's Retry-Attempt header: 0 for a first try, n for the n-th retry after a refusal.
/// </summary>
public sealed record OutboxMessage(
    string Kind,
    string To,
    string? From,
    string? Subject,
    string? Preview,
    string? HtmlBody,
    string? WebUrl,
    string? MessageId,
    string? ActivityType,
    int Attempt)
{
    /// <summary>Set by the store: sorts newest first.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Set by the store.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Set by the store when the body was longer than <see cref="OutboxStore.MaxBodyChars"/> and was cut.</summary>
    public bool BodyTruncated { get; init; }
}

public static class OutboxKinds
{
    public const string Mail = "mail";
    public const string Teams = "teams";
}

/// <summary>
/// The local host's outbox (<see cref="StorageNames.Outbox"/>): what its recording Graph endpoint received, for the
/// outbox page and the tests. Never used in Azure. One partition; row keys count down from the far future, so a
/// plain query reads newest first.
/// </summary>
public sealed class OutboxStore(StorageClients clients, StorageNames names, TimeProvider time)
{
    /// <summary>A Table string property holds 64 KiB, i.e. 32 K UTF-16 characters; the rest of the row needs room too.</summary>
    public const int MaxBodyChars = 30_000;

    /// <summary>Every other text (addresses, subject, link, ids).</summary>
    public const int MaxTextChars = 2_000;

    public const int MaxList = 500;

    private const string Partition = "message";

    public async Task<OutboxMessage> AddAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var receivedAt = time.GetUtcNow();
        var id = (DateTimeOffset.MaxValue.UtcTicks - receivedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var truncated = message.HtmlBody is { Length: > MaxBodyChars };
        var stored = message with
        {
            To = Recipient(message.To)!,
            From = Bound(message.From),
            Subject = Bound(message.Subject),
            Preview = Bound(message.Preview),
            HtmlBody = truncated ? message.HtmlBody![..MaxBodyChars] : message.HtmlBody,
            WebUrl = Bound(message.WebUrl),
            MessageId = Bound(message.MessageId),
            ActivityType = Bound(message.ActivityType),
            Id = id,
            ReceivedAt = receivedAt,
            BodyTruncated = truncated,
        };

        var table = await clients.TableAsync(names.Outbox);
        await table.AddEntityAsync(new TableEntity(Partition, id)
        {
            [nameof(OutboxMessage.Kind)] = stored.Kind,
            [nameof(OutboxMessage.To)] = stored.To,
            [nameof(OutboxMessage.From)] = stored.From,
            [nameof(OutboxMessage.Subject)] = stored.Subject,
            [nameof(OutboxMessage.Preview)] = stored.Preview,
            [nameof(OutboxMessage.HtmlBody)] = stored.HtmlBody,
            [nameof(OutboxMessage.WebUrl)] = stored.WebUrl,
            [nameof(OutboxMessage.MessageId)] = stored.MessageId,
            [nameof(OutboxMessage.ActivityType)] = stored.ActivityType,
            [nameof(OutboxMessage.Attempt)] = stored.Attempt,
            [nameof(OutboxMessage.ReceivedAt)] = stored.ReceivedAt,
            [nameof(OutboxMessage.BodyTruncated)] = stored.BodyTruncated,
        }, cancellationToken);
        return stored;
    }

    /// <summary>The newest <paramref name="take"/> messages (at most <see cref="MaxList"/>), only those to <paramref name="to"/> when given.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(string? to = null, int take = 100, CancellationToken cancellationToken = default)
    {
        take = Math.Clamp(take, 1, MaxList);
        var table = await clients.TableAsync(names.Outbox);
        var filter = string.IsNullOrWhiteSpace(to)
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and To eq {Recipient(to)}");
        var messages = new List<OutboxMessage>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: cancellationToken))
        {
            messages.Add(Read(row));
            if (messages.Count == take)
            {
                break;
            }
        }

        return messages;
    }

    private static OutboxMessage Read(TableEntity row) => new(
        row.GetString(nameof(OutboxMessage.Kind)) ?? string.Empty,
        row.GetString(nameof(OutboxMessage.To)) ?? string.Empty,
        row.GetString(nameof(OutboxMessage.From)),
        row.GetString(nameof(OutboxMessage.Subject)),
        row.GetString(nameof(OutboxMessage.Preview)),
        row.GetString(nameof(OutboxMessage.HtmlBody)),
        row.GetString(nameof(OutboxMessage.WebUrl)),
        row.GetString(nameof(OutboxMessage.MessageId)),
        row.GetString(nameof(OutboxMessage.ActivityType)),
        row.GetInt32(nameof(OutboxMessage.Attempt)) ?? 0)
    {
        Id = row.RowKey,
        ReceivedAt = row.GetDateTimeOffset(nameof(OutboxMessage.ReceivedAt)) ?? default,
        BodyTruncated = row.GetBoolean(nameof(OutboxMessage.BodyTruncated)) ?? false,
    };

    /// <summary>Addresses compare without case, as mail servers do: stored and looked up lower-cased.</summary>
    private static string? Recipient(string? address) => Bound(address?.Trim().ToLowerInvariant());

    private static string? Bound(string? text) => text is { Length: > MaxTextChars } ? text[..MaxTextChars] : text;
}
