namespace Evaluation.Infrastructure.Storage;

/// <summary>A stored value with the ETag that a later conditional write must present (optimistic concurrency).</summary>
public sealed record Versioned<T>(T Value, string ETag);

/// <summary>A conditional write lost: someone changed the row since the caller read it (HTTP 412).</summary>
public sealed class StaleWriteException(string message, Exception? inner = null) : Exception(message, inner);
