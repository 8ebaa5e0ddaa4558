using Evaluation.Domain.Assessments;

namespace Evaluation.Infrastructure.Assessments;

/// <summary>One leaf criterion of a unit's self-assessment as stored, with its revision and ETag.</summary>
public sealed record CriterionRecord(string Code, CriterionAnswer Answer, int Revision, string? UpdatedBy, DateTimeOffset? UpdatedAt, string ETag);

/// <summary>The signature result of an evidence file as stored; <c>Note</c> warns of what the signatures do not cover.</summary>
public sealed record StoredSignature(string Status, IReadOnlyList<StoredSigner> Signers, string? Note = null)
{
    public static StoredSignature NotChecked { get; } = new("unsigned", []);
}

public sealed record StoredSigner(string Subject, DateTimeOffset? SignedAt, string Status, string? Problem);

/// <summary>
/// An evidence file's metadata (the file itself is a private blob, kept unchanged). A removed file keeps its row
/// and blob, marked removed, so nothing a unit once submitted is lost.
/// </summary>
public sealed record EvidenceRecord(
    string EvidenceId,
    string CriterionCode,
    string FileName,
    long Size,
    string Sha256,
    string ContentType,
    string BlobName,
    string UploadedBy,
    DateTimeOffset UploadedAt,
    StoredSignature Signature,
    string? RemovedBy = null,
    DateTimeOffset? RemovedAt = null)
{
    public bool IsRemoved => RemovedAt is not null;
}

/// <summary>What happened to a criterion in one revision.</summary>
public enum HistoryChange
{
    Saved,
    EvidenceAdded,
    EvidenceRemoved,
}

/// <summary>An append-only history row: who changed what, when, from what to what (never updated or deleted).</summary>
public sealed record HistoryRecord(
    string Code,
    int Revision,
    DateTimeOffset At,
    string By,
    HistoryChange Change,
    CriterionAnswer Old,
    CriterionAnswer New,
    string? EvidenceId,
    string? FileName);

/// <summary>A unit's whole self-assessment: one partition read.</summary>
public sealed record UnitAssessment(
    IReadOnlyDictionary<string, CriterionRecord> Criteria,
    IReadOnlyList<EvidenceRecord> Evidence,
    Submission? Submission)
{
    public IEnumerable<EvidenceRecord> EvidenceOf(string code) =>
        Evidence.Where(item => !item.IsRemoved && item.CriterionCode == code);
}

/// <summary>A criterion's stored answer (null before its first save) and its current (not removed) files.</summary>
public sealed record CriterionState(CriterionRecord? Criterion, IReadOnlyList<EvidenceRecord> Evidence);
