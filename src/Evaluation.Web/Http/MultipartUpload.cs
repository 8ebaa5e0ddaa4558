using System.Text;
using Evaluation.Domain.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Evaluation.Web.Http;

/// <summary>
/// An uploaded file: the <c>multipart/form-data</c> part named "file", its name cleaned by <see cref="FileNames"/>,
/// and where an endpoint asks for them a few small text fields beside it (the survey import's "confirm", evidence's
/// "size"). Nothing is read before the request is known to be multipart within the bound, and every malformed upload
/// is a clear 4xx. A small import takes the file into memory (<see cref="ReadFileAsync"/>); evidence streams it to
/// storage (<see cref="Open"/>, then <see cref="ReceiveFileAsync{T}"/>).
/// </summary>
public static class MultipartUpload
{
    /// <summary>Room for the multipart boundaries, part headers and small fields around the file.</summary>
    public const long Overhead = 64 * 1024;

    /// <summary>Parts read at most: the file and a few fields; a longer form is not one of ours.</summary>
    private const int MaxParts = 8;

    /// <summary>A small text field's bytes at most; a longer one is handed on as null.</summary>
    private const int MaxFieldBytes = 64;

    private const string FileField = "file";

    private const string NoFile = "Không có tệp nào trong nội dung gửi lên (trường \"file\").";

    /// <summary>Reads the file into memory within <paramref name="maxBytes"/>.</summary>
    /// <param name="usage">What to send, in Vietnamese, for a request that is not multipart (415).</param>
    /// <param name="tooLarge">The refusal for a file above <paramref name="maxBytes"/> (413).</param>
    /// <param name="fields">
    /// Small text fields to take besides the file: each is handed its text, trimmed (null when longer than 64 bytes),
    /// as its part is read, before or after the file.
    /// </param>
    /// <param name="noFile">The refusal when no file came, if not the usual one.</param>
    public static async Task<(string FileName, byte[] Content)> ReadFileAsync(
        HttpContext http, long maxBytes, string usage, Func<ProblemException> tooLarge, IReadOnlyDictionary<string, Action<string?>>? fields = null, string? noFile = null)
    {
        var reader = Open(http, maxBytes, usage, tooLarge);

        // With fields to take, the parts after the file are read as well: the forms send "confirm" after "file".
        return await ReceiveAsync(
            http,
            reader,
            async (fileName, body) => (fileName, await ReadBoundedAsync(body, maxBytes, tooLarge, http.RequestAborted)),
            tooLarge,
            fields,
            noFile,
            readAfterFile: fields is { Count: > 0 });
    }

    /// <summary>Checks the request is a multipart upload within <paramref name="maxBytes"/> (plus <see cref="Overhead"/>), before reading any of it.</summary>
    /// <param name="bufferSize">The reader's buffer; without it the reader's default (4 KB).</param>
    public static MultipartReader Open(HttpContext http, long maxBytes, string usage, Func<ProblemException> tooLarge, int? bufferSize = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(tooLarge);
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProblemException(415, "Sai định dạng nội dung", usage);
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            throw ProblemException.BadRequest("file", "Nội dung multipart thiếu hoặc sai ranh giới (boundary).");
        }

        if (request.ContentLength > maxBytes + Overhead)
        {
            throw tooLarge();
        }

        var reader = bufferSize is { } size ? new MultipartReader(boundary, request.Body, size) : new MultipartReader(boundary, request.Body);
        reader.HeadersCountLimit = 16;
        reader.HeadersLengthLimit = 16 * 1024;
        return reader;
    }

    /// <summary>
    /// Hands the file's part to <paramref name="receive"/> (its cleaned name and body) as it arrives, nothing buffered
    /// here, and stops there: <paramref name="fields"/> must come before the file.
    /// </summary>
    /// <param name="tooLarge">The refusal when the server's own request limit stops the body (413).</param>
    public static Task<T> ReceiveFileAsync<T>(
        HttpContext http, MultipartReader reader, Func<string, Stream, Task<T>> receive, Func<ProblemException> tooLarge, IReadOnlyDictionary<string, Action<string?>>? fields = null) =>
        ReceiveAsync(http, reader, receive, tooLarge, fields, noFile: null, readAfterFile: false);

    private static async Task<T> ReceiveAsync<T>(
        HttpContext http,
        MultipartReader reader,
        Func<string, Stream, Task<T>> receive,
        Func<ProblemException> tooLarge,
        IReadOnlyDictionary<string, Action<string?>>? fields,
        string? noFile,
        bool readAfterFile)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(receive);
        ArgumentNullException.ThrowIfNull(tooLarge);
        var received = false;
        T result = default!;
        try
        {
            for (var parts = 0; parts < MaxParts && await reader.ReadNextSectionAsync(http.RequestAborted) is { } section; parts++)
            {
                var disposition = section.GetContentDispositionHeader();
                if (disposition is null)
                {
                    continue;
                }

                if (disposition.IsFormDisposition() && fields is not null && fields.TryGetValue(disposition.Name.Value ?? string.Empty, out var take))
                {
                    take(await ReadFieldAsync(section, http.RequestAborted));
                }
                else if (!received && disposition.IsFileDisposition() && disposition.Name.Equals(FileField, StringComparison.Ordinal))
                {
                    result = await receive(FileName(disposition), section.Body);
                    received = true;
                    if (!readAfterFile)
                    {
                        break;
                    }
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw tooLarge();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException && !http.RequestAborted.IsCancellationRequested)
        {
            // A body cut short or malformed multipart: the receiver has committed nothing.
            throw ProblemException.BadRequest("file", "Tệp tải lên bị gián đoạn hoặc nội dung gửi lên không đúng định dạng multipart. Vui lòng tải lại tệp.");
        }

        return received ? result : throw ProblemException.BadRequest("file", noFile ?? NoFile);
    }

    private static string FileName(ContentDispositionHeaderValue disposition)
    {
        var raw = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        var (fileName, error) = FileNames.Clean(raw);
        return fileName ?? throw ProblemException.BadRequest("file", error!);
    }

    private static async Task<string?> ReadFieldAsync(MultipartSection section, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes];
        var read = await section.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return read < buffer.Length ? Encoding.UTF8.GetString(buffer, 0, read).Trim() : null;
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long maxBytes, Func<ProblemException> tooLarge, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw tooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
