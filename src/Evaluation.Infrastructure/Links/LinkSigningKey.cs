using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Evaluation.Infrastructure.Storage;

namespace Evaluation.Infrastructure.Links;

/// <summary>
/// The 32-byte HMAC key that signs personal links (the leaders' ballots, the survey's one-time links). The app makes
/// it once and keeps it in the private <see cref="StorageNames.Keys"/> container, never in a file. The first host to
/// need it creates it with If-None-Match, so hosts racing agree on one key. Each kind of link signs a payload that
/// names its purpose, so one kind's token never passes as another's.
/// </summary>
public sealed class LinkSigningKey(StorageClients clients, StorageNames names)
{
    private const string KeyBlob = "leader-ballot-links.key";
    private const int KeyBytes = 32;

    private readonly Lock _gate = new();
    private Task<byte[]>? _key;

    public async Task<byte[]> SignAsync(byte[] payload, CancellationToken cancellationToken) =>
        HMACSHA256.HashData(await KeyAsync(cancellationToken), payload);

    public async Task<bool> VerifyAsync(byte[] payload, byte[] signature, CancellationToken cancellationToken) =>
        CryptographicOperations.FixedTimeEquals(await SignAsync(payload, cancellationToken), signature);

    /// <summary>The signing key, read (or made) once per process; a failure is not cached, the next call tries again.</summary>
    private Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_key is null || _key.IsFaulted || _key.IsCanceled)
            {
                _key = LoadOrCreateKeyAsync(cancellationToken);
            }

            return _key;
        }
    }

    private async Task<byte[]> LoadOrCreateKeyAsync(CancellationToken cancellationToken)
    {
        var container = await clients.ContainerAsync(names.Keys);
        var blob = container.GetBlobClient(KeyBlob);
        if (await DownloadKeyAsync(blob, cancellationToken) is { } existing)
        {
            return existing;
        }

        var created = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            await blob.UploadAsync(
                new BinaryData(created),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
            return created;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another host made the key between our read and our write: everyone signs with that one.
            return await DownloadKeyAsync(blob, cancellationToken)
                ?? throw new InvalidOperationException($"The link signing key {names.Keys}/{KeyBlob} exists but cannot be read.", ex);
        }
    }

    private async Task<byte[]?> DownloadKeyAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var stored = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
            return stored.Length == KeyBytes
                ? stored
                : throw new InvalidOperationException($"The link signing key {names.Keys}/{KeyBlob} is {stored.Length} bytes, expected {KeyBytes}.");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
