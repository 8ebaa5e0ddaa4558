using Evaluation.Domain.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Evaluation.Web.Http;

/// <summary>
/// A small uploaded file (an import of rows, not evidence): the <c>multipart/form-data</c> part named "file", read
/// into memory within a bound, its name cleaned by <see cref="FileNames"/>. Every malformed upload is a clear 4xx.
/// </summary>
public static class MultipartUpload
{
    /// <summary>Room for the multipart boundaries and part headers around the file.</summary>
    private const long Overhead = 64 * 1024;

    /// <param name="usage">What to send, in Vietnamese, for a request that is not multipart (415).</param>
    /// <param name="tooLarge">The refusal for a file above <paramref name="maxBytes"/> (413).</param>
    public static async Task<(string FileName, byte[] Content)> ReadFileAsync(HttpContext http, long maxBytes, string usage, Func<ProblemException> tooLarge)
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

        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        try
        {
            for (var parts = 0; parts < 8 && await reader.ReadNextSectionAsync(http.RequestAborted) is { } section; parts++)
            {
                var disposition = section.GetContentDispositionHeader();
                if (disposition is null || !disposition.IsFileDisposition() || !disposition.Name.Equals("file", StringComparison.Ordinal))
                {
                    continue;
                }

                var raw = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                var (fileName, error) = FileNames.Clean(raw);
                if (fileName is null)
                {
                    throw ProblemException.BadRequest("file", error!);
                }

                return (fileName, await ReadBoundedAsync(section.Body, maxBytes, tooLarge, http.RequestAborted));
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException && !http.RequestAborted.IsCancellationRequested)
        {
            throw ProblemException.BadRequest("file", "Tệp tải lên bị gián đoạn hoặc nội dung gửi lên không đúng định dạng multipart. Vui lòng tải lại tệp.");
        }

        throw ProblemException.BadRequest("file", "Không có tệp nào trong nội dung gửi lên (trường \"file\").");
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
