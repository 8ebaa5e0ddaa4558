namespace Evaluation.Infrastructure.Evidence;

/// <summary>Why an uploaded file was refused before anything of it was kept.</summary>
public enum EvidenceRejection
{
    Empty,
    TooLarge,
    UnsupportedType,
}

/// <summary>A file the rules refuse (empty, too large, wrong type); nothing of it is stored.</summary>
public sealed class EvidenceRejectedException(EvidenceRejection reason, string message) : Exception(message)
{
    public EvidenceRejection Reason { get; } = reason;
}
