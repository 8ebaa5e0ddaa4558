using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Evaluation.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Evaluation.Infrastructure.Evidence;

/// <summary>A file as it was stored: the blob, its exact size and SHA-256, its type by content, and where its signatures are.</summary>
public sealed record StoredFile(string BlobName, long Size, string Sha256, string ContentType, IReadOnlyList<PdfByteRange> SignatureRanges, bool TooManySignatures = false);

/// <summary>
/// Evidence files in a private blob container (R-2.3, R-9). An upload streams from the request into staged blocks
/// (buffers from the process-wide <see cref="UploadBufferPool"/>), hashing and looking for PDF signatures on the
/// way, so a 50 MB file never sits whole in memory; the blob becomes
/// visible only when its block list is committed, so a refused or broken upload leaves nothing behind. Reads go
/// through links to one blob that expire within minutes.
/// </summary>
public sealed class EvidenceStore(StorageClients clients, StorageNames names, IOptions<EvidenceOptions> options, PdfSignatureVerifier verifier, UploadBufferPool buffers) : IDisposable
{
    private const int BlockSize = UploadBufferPool.BlockSize;

    /// <summary>Blocks of one upload on their way to storage at once, besides the one being filled.</summary>
    private const int MaxStagingPerUpload = 2;

    private readonly EvidenceOptions _options = options.Value;
    private readonly SemaphoreSlim _delegationKeyLock = new(1, 1);
    private UserDelegationKey? _delegationKey;

    public long MaxFileBytes => _options.MaxFileBytes;

    /// <summary>PDF always; other recognised types only when the settings list them.</summary>
    public IReadOnlyList<string> AcceptedTypes { get; } =
        [EvidenceContentTypes.Pdf, .. options.Value.ExtraContentTypes.Where(type => EvidenceContentTypes.Recognised.Contains(type) && type != EvidenceContentTypes.Pdf)];

    /// <summary>
    /// Streams <paramref name="content"/> into a new blob; throws <see cref="EvidenceRejectedException"/> (nothing
    /// stored) for a file the rules refuse. With the file's size declared up front (the form sends it) the file goes
    /// to storage in one request, as fast as a direct upload and with no block buffers; without it, in blocks.
    /// </summary>
    public async Task<StoredFile> UploadAsync(string blobName, Stream content, long? declaredLength, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        if (declaredLength > _options.MaxFileBytes)
        {
            throw TooLarge();
        }

        return declaredLength is > 0 and var length
            ? await UploadInOneRequestAsync(blobName, content, length, metadata, cancellationToken)
            : await UploadInBlocksAsync(blobName, content, metadata, cancellationToken);
    }

    private async Task<StoredFile> UploadInOneRequestAsync(string blobName, Stream content, long length, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var head = new byte[(int)Math.Min(EvidenceContentTypes.HeaderBytes, length)];
        var headLength = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var contentType = Accept(head.AsSpan(0, headLength));
        if (headLength < head.Length)
        {
            throw new EvidenceRejectedException(EvidenceRejection.LengthMismatch,
                $"Tệp ngắn hơn kích thước đã khai báo ({headLength:N0} thay vì {length:N0} byte); tệp tải lên có thể bị gián đoạn. Vui lòng tải lại.");
        }

        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var scanner = new PdfSignatureScanner();
        var body = new DeclaredLengthStream(head, content, length, chunk =>
        {
            sha256.AppendData(chunk);
            scanner.Append(chunk);
        });
        var container = await clients.ContainerAsync(names.EvidenceBlobs);
        try
        {
            // Put Blob: the blob exists only if every declared byte arrived; a failed request leaves nothing.
            await container.GetBlockBlobClient(blobName).UploadAsync(body, NewBlob(contentType, metadata), cancellationToken);
        }
        catch (Exception ex) when (FindRejection(ex) is { } rejection)
        {
            throw rejection;
        }

        return new StoredFile(blobName, length, Convert.ToHexStringLower(sha256.GetHashAndReset()), contentType, scanner.ByteRanges, scanner.LimitReached);
    }

    /// <summary>The refusal raised inside the SDK's send, however the pipeline wrapped it.</summary>
    private static EvidenceRejectedException? FindRejection(Exception? ex) => ex switch
    {
        null => null,
        EvidenceRejectedException rejected => rejected,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindRejection).FirstOrDefault(found => found is not null),
        _ => FindRejection(ex.InnerException),
    };

    private async Task<StoredFile> UploadInBlocksAsync(string blobName, Stream content, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var container = await clients.ContainerAsync(names.EvidenceBlobs);
        var blob = container.GetBlockBlobClient(blobName);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var scanner = new PdfSignatureScanner();
        var blockIds = new List<string>();
        var staging = new Queue<Task>(MaxStagingPerUpload);
        string? contentType = null;
        long size = 0;
        try
        {
            while (true)
            {
                var buffer = await buffers.RentAsync(cancellationToken);
                int filled;
                try
                {
                    filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken);
                    var chunk = buffer.AsSpan(0, filled);
                    contentType ??= Accept(chunk);
                    size += filled;
                    if (size > _options.MaxFileBytes)
                    {
                        throw TooLarge();
                    }

                    sha256.AppendData(chunk);
                    scanner.Append(chunk);
                    if (blockIds.Count == 0 && filled < BlockSize)
                    {
                        // The whole file fits in one block: one request instead of stage + commit.
                        await blob.UploadAsync(new MemoryStream(buffer, 0, filled, writable: false), NewBlob(contentType, metadata), cancellationToken);
                        buffers.Return(buffer);
                        break;
                    }
                }
                catch
                {
                    buffers.Return(buffer);
                    throw;
                }

                if (filled > 0)
                {
                    var blockId = Convert.ToBase64String(BitConverter.GetBytes(blockIds.Count));
                    blockIds.Add(blockId);
                    staging.Enqueue(StageAsync(blob, blockId, buffer, filled, cancellationToken));
                }
                else
                {
                    buffers.Return(buffer);
                }

                // Up to two blocks travel while the next one fills; at the end every block must have arrived.
                while (staging.Count >= MaxStagingPerUpload || (filled < BlockSize && staging.Count > 0))
                {
                    await staging.Dequeue();
                }

                if (filled < BlockSize)
                {
                    // Committing the block list is what makes the blob exist; never over an existing one.
                    await blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions
                    {
                        HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                        Metadata = metadata,
                        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    }, cancellationToken);
                    break;
                }
            }
        }
        finally
        {
            // Let blocks still travelling finish (each gives its buffer back). Their own failures do not matter
            // here: the upload has already failed, and uncommitted blocks are discarded by the service.
            while (staging.TryDequeue(out var pending))
            {
                await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        return new StoredFile(blobName, size, Convert.ToHexStringLower(sha256.GetHashAndReset()), contentType!, scanner.ByteRanges, scanner.LimitReached);
    }

    /// <summary>
    /// Stages one block and gives its buffer back the moment the block has arrived, not when the upload next looks:
    /// an upload waiting for a buffer must never hold buffers whose work is done, or fifty uploads could hold them all.
    /// </summary>
    private async Task StageAsync(BlockBlobClient blob, string blockId, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            await blob.StageBlockAsync(blockId, new MemoryStream(buffer, 0, length, writable: false), cancellationToken: cancellationToken);
        }
        finally
        {
            buffers.Return(buffer);
        }
    }

    /// <summary>Checks a stored PDF's signatures by reading back only the ranges each signature covers (R-2.3).</summary>
    public async Task<SignatureCheckResult> VerifyAsync(StoredFile file, CancellationToken cancellationToken)
    {
        if (file.ContentType != EvidenceContentTypes.Pdf || file.SignatureRanges.Count == 0)
        {
            return SignatureCheckResult.Unsigned;
        }

        var container = await clients.ContainerAsync(names.EvidenceBlobs);
        var blob = container.GetBlobClient(file.BlobName);
        var result = await verifier.VerifyAsync(file.SignatureRanges, file.Size, async (offset, length, token) =>
        {
            var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(offset, length) }, token);
            return download.Value.Content;
        }, cancellationToken);

        // Signatures beyond the scanner's bound were never checked: the file cannot be called valid.
        return file.TooManySignatures
            ? new SignatureCheckResult(SignatureStatus.Invalid, [.. result.Signers, new SignerResult(string.Empty, null, SignatureStatus.Invalid,
                $"Tệp có hơn {PdfSignatureScanner.MaxSignatures} chữ ký số; hệ thống không kiểm tra được hết.")])
            : result;
    }

    /// <summary>Removes a blob whose metadata could not be recorded, so no file exists that no row points to.</summary>
    public async Task DeleteUnrecordedAsync(string blobName, CancellationToken cancellationToken)
    {
        var container = await clients.ContainerAsync(names.EvidenceBlobs);
        await container.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>A read-only link to exactly one blob, valid for <see cref="EvidenceOptions.DownloadLinkLifetime"/> (R-9).</summary>
    public async Task<Uri> ReadLinkAsync(string blobName, string fileName, string contentType, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var container = await clients.ContainerAsync(names.EvidenceBlobs);
        var blob = container.GetBlobClient(blobName);
        var disposition = contentType == EvidenceContentTypes.Pdf || contentType.StartsWith("image/", StringComparison.Ordinal) ? "inline" : "attachment";
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, now + _options.DownloadLinkLifetime)
        {
            BlobContainerName = container.Name,
            BlobName = blobName,
            Resource = "b",
            // A little slack for clocks that run behind the storage service's.
            StartsOn = now.AddMinutes(-2),
            ContentType = contentType,
            ContentDisposition = $"{disposition}; filename=\"{AsciiFallback(fileName)}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}",
        };

        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        // Managed identity (no account key): sign with a user-delegation key, reused while it is valid.
        var key = await DelegationKeyAsync(now, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, clients.BlobService.AccountName) }.ToUri();
    }

    /// <summary>A single-request upload that creates the blob, never replaces one.</summary>
    private static BlobUploadOptions NewBlob(string contentType, IDictionary<string, string> metadata) => new()
    {
        HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
        Metadata = metadata,
        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
    };

    private EvidenceRejectedException TooLarge() => new(EvidenceRejection.TooLarge,
        $"Tệp vượt quá dung lượng tối đa {FormatBytes(_options.MaxFileBytes)}. Hãy tách tài liệu hoặc giảm độ phân giải bản quét.");

    private string Accept(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            throw new EvidenceRejectedException(EvidenceRejection.Empty, "Tệp rỗng (0 byte). Hãy chọn lại tệp tài liệu.");
        }

        var detected = EvidenceContentTypes.Detect(head[..Math.Min(head.Length, EvidenceContentTypes.HeaderBytes)]);
        if (detected is null || !AcceptedTypes.Contains(detected))
        {
            var accepted = string.Join(", ", AcceptedTypes.Select(EvidenceContentTypes.Describe));
            throw new EvidenceRejectedException(EvidenceRejection.UnsupportedType,
                $"Nội dung tệp không phải {accepted} (hệ thống kiểm tra nội dung, không dựa vào tên tệp). Chỉ nhận tài liệu dạng {accepted}.");
        }

        return detected;
    }

    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _delegationKeyLock.WaitAsync(cancellationToken);
        try
        {
            if (_delegationKey is null || _delegationKey.SignedExpiresOn < now + _options.DownloadLinkLifetime + TimeSpan.FromMinutes(5))
            {
                _delegationKey = (await clients.BlobService.GetUserDelegationKeyAsync(now.AddMinutes(-5), now.AddHours(6), cancellationToken)).Value;
            }

            return _delegationKey;
        }
        finally
        {
            _delegationKeyLock.Release();
        }
    }

    public void Dispose() => _delegationKeyLock.Dispose();

    private static string AsciiFallback(string fileName)
    {
        var ascii = new string(fileName.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => c < 128 && c != '"' && c != '\\' && !char.IsControl(c))
            .ToArray());
        return ascii.Length == 0 ? "tai-lieu" : ascii;
    }

    public static string FormatBytes(long bytes) =>
        bytes >= 1024 * 1024
            ? (bytes / (1024m * 1024m)).ToString("0.#", CultureInfo.GetCultureInfo("vi-VN")) + " MB"
            : (bytes / 1024m).ToString("0.#", CultureInfo.GetCultureInfo("vi-VN")) + " KB";
}
