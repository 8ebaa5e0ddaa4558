namespace Evaluation.Infrastructure.Evidence;

/// <summary>Why an uploaded file was refused before anything of it was kept.</summary>
public enum EvidenceRejection
{
    Empty,
    TooLarge,
    UnsupportedType,

    /// <summary>The file part was shorter or longer than the size the client declared for it.</summary>
    LengthMismatch,

    /// <summary>The request body broke off or was not well-formed multipart while the file was being read.</summary>
    Interrupted,
}

/// <summary>A file the rules refuse (empty, too large, wrong type); nothing of it is stored.</summary>
public sealed class EvidenceRejectedException(EvidenceRejection reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public EvidenceRejection Reason { get; } = reason;
}
