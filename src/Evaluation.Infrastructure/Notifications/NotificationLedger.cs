using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Evaluation.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace Evaluation.Infrastructure.Notifications;

/// <summary>One message the ledger knows of: its key says what it is about (e.g. step, lead time, channel, person).</summary>
public sealed record LedgerEntry(string Key, string State, string Kind, string To, string Subject, DateTimeOffset ClaimedAt, DateTimeOffset? SentAt, int Attempts);

/// <summary>
/// At most one message per key (R-7.2: per person, step and lead time), across activity retries and host restarts.
/// A row is claimed in Table storage before the send and marked sent after it, so a retry or a second host finds
/// the row and skips a sent message. Only a crash between Graph accepting a message and the "sent" write can repeat
/// it; the repeat carries the same message id (see <see cref="MailMessage.MessageId"/>), which Graph's message header
/// and the local outbox show.
/// </summary>
public sealed class NotificationLedger(StorageClients clients, StorageNames names, TimeProvider clock, ILogger<NotificationLedger> logger)
{
    private const string Sending = "sending";
    private const string Sent = "sent";
    private const string Failed = "failed";

    /// <summary>A deterministic id for a message key: the same key always gives the same id.</summary>
    public static string MessageId(int year, string key) =>
        $"{year:D4}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24]}";

    /// <summary>Runs <paramref name="send"/> unless the key was sent already; true when this call sent it.</summary>
    public async Task<bool> SendOnceAsync(
        int year, string key, string kind, string to, string subject, Func<string, Task> send, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Notifications);
        var partition = StorageKeys.Year(year);
        var rowKey = RowKey(key);
        var claimed = await ClaimAsync(table, partition, rowKey, kind, to, subject, cancellationToken);
        if (claimed is null)
        {
            return false;
        }

        try
        {
            await send(MessageId(year, key));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Sending {Kind} {Key} to {To} failed; the row is marked failed and the caller retries", kind, key, to);
            await table.UpdateEntityAsync(new TableEntity(partition, rowKey) { ["State"] = Failed }, ETag.All, TableUpdateMode.Merge, CancellationToken.None);
            throw;
        }

        await table.UpdateEntityAsync(new TableEntity(partition, rowKey) { ["State"] = Sent, ["SentAt"] = clock.GetUtcNow() }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(int year, CancellationToken cancellationToken = default)
    {
        var table = await clients.TableAsync(names.Notifications);
        var entries = new List<LedgerEntry>();
        await foreach (var row in table.QueryAsync<TableEntity>(row => row.PartitionKey == StorageKeys.Year(year), cancellationToken: cancellationToken))
        {
            entries.Add(new LedgerEntry(
                row.GetString("Key") ?? row.RowKey,
                row.GetString("State") ?? Sending,
                row.GetString("Kind") ?? string.Empty,
                row.GetString("To") ?? string.Empty,
                row.GetString("Subject") ?? string.Empty,
                row.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue,
                row.GetDateTimeOffset("SentAt"),
                row.GetInt32("Attempts") ?? 1));
        }

        return entries;
    }

    /// <summary>The claimed row, or null when the message was sent already or another worker holds it right now.</summary>
    private async Task<TableEntity?> ClaimAsync(TableClient table, string partition, string rowKey, string kind, string to, string subject, CancellationToken cancellationToken)
    {
        var row = new TableEntity(partition, rowKey)
        {
            ["Key"] = rowKey,
            ["State"] = Sending,
            ["Kind"] = kind,
            ["To"] = to,
            ["Subject"] = subject.Length > 250 ? subject[..250] : subject,
            ["ClaimedAt"] = clock.GetUtcNow(),
            ["Attempts"] = 1,
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
            return row;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await table.GetEntityAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken)).Value;
            if (existing.GetString("State") == Sent)
            {
                return null;
            }

            // An earlier attempt failed or crashed mid-send: take the row over, conditionally, so only one retry sends.
            existing["State"] = Sending;
            existing["Attempts"] = (existing.GetInt32("Attempts") ?? 1) + 1;
            try
            {
                await table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Merge, cancellationToken);
                logger.LogInformation("Retrying {Kind} {Key} to {To}, attempt {Attempt}", kind, rowKey, to, existing["Attempts"]);
                return existing;
            }
            catch (RequestFailedException conflict) when (conflict.Status == 412)
            {
                logger.LogInformation("{Kind} {Key} is being sent by another worker", kind, rowKey);
                return null;
            }
        }
    }

    /// <summary>Table keys may not hold '/', '\', '#', '?' or control characters; e-mail addresses and codes are kept readable.</summary>
    private static string RowKey(string key)
    {
        var builder = new StringBuilder(key.Length);
        foreach (var ch in key)
        {
            builder.Append(ch is '/' or '\\' or '#' or '?' || char.IsControl(ch) ? '_' : ch);
        }

        return builder.ToString();
    }
}
