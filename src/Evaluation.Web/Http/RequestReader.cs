using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Evaluation.Web.Http;

/// <summary>Reads request bodies within a size bound and turns every malformed input into a clear 4xx.</summary>
public static class RequestReader
{
    /// <summary>Small setup bodies (year, unit, person).</summary>
    public const long SmallBody = 64 * 1024;

    /// <summary>A catalogue file: a few hundred criteria with texts.</summary>
    public const long CatalogueBody = 2 * 1024 * 1024;

    /// <summary>A ranking preview of the largest province many times over (about 200 bytes a unit).</summary>
    public const long RankingBody = 8 * 1024 * 1024;

    public static async Task<JsonDocument> ReadJsonAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentType is null || !MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                 || mediaType.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true))
        {
            throw new ProblemException(415, "Sai định dạng nội dung", "Nội dung gửi lên phải là JSON (Content-Type: application/json).");
        }

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw ProblemException.BadRequest("$", "Thiếu nội dung JSON.");
        }

        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw ProblemException.BadRequest("$", $"Nội dung không phải JSON hợp lệ (dòng {ex.LineNumber + 1}, vị trí {ex.BytePositionInLine + 1}).");
        }
    }

    /// <summary>The If-Match precondition exactly as our ETag header gave it, or null when the client sent none (or "*").</summary>
    public static string? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(value) || value.Trim() == "*")
        {
            return null;
        }

        return value.Trim();
    }

    private static ProblemException TooLarge(long maxBytes) =>
        new(413, "Nội dung quá lớn", $"Nội dung gửi lên vượt quá giới hạn {maxBytes / 1024:N0} KB.");
}
