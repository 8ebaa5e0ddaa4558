namespace Evaluation.Infrastructure.Storage;

/// <summary>A stored value with the ETag that a later conditional write must present (optimistic concurrency).</summary>
public sealed record Versioned<T>(T Value, string ETag);

/// <summary>A conditional write lost: someone changed the row since the caller read it (HTTP 412).</summary>
public sealed class StaleWriteException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>ETags as clients send them back: weak or strong, quoted or not, they name the same version.</summary>
public static class ETags
{
    public static bool Same(string stored, string presented) =>
        string.Equals(Unquote(stored), Unquote(presented), StringComparison.Ordinal);

    private static string Unquote(string etag)
    {
        var value = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        return value.Trim('"');
    }
}
