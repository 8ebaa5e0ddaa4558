namespace Evaluation.Web.Endpoints;

/// <summary>
/// <c>GET /api/years/{year}/units/{unitId}/assessment</c>: the unit's whole self-assessment form. Sections list their
/// criteria in catalogue order (headings and leaves, with their depth) so a client renders the tree without
/// rebuilding it.
/// </summary>
public sealed record AssessmentDto(
    int Year,
    string UnitId,
    string UnitName,
    string UnitType,
    string IndexSet,
    string CatalogueTitle,
    string Phase,
    string PhaseName,
    DateTimeOffset SelfAssessmentDue,
    string SelfAssessmentDueText,
    bool Editable,
    string? LockReason,
    SubmissionDto? Submitted,
    AssessmentViewerDto Viewer,
    EvidenceLimitsDto Limits,
    IReadOnlyList<AssessmentSectionDto> Sections,
    AssessmentTotalsDto Totals,
    AppraisalSummaryDto? Appraisal = null);

/// <summary>What the caller may do on this form.</summary>
/// <summary><c>CanExplain</c>: the unit head may explain and add evidence for questioned criteria now .</summary>
public sealed record AssessmentViewerDto(string Email, string Name, string Role, string RoleName, bool CanEdit, bool CanSubmit, bool CanExplain = false);

public sealed record SubmissionDto(string By, DateTimeOffset At);

/// <summary>Upload limits, so the page refuses a file before sending it (the server checks again).</summary>
public sealed record EvidenceLimitsDto(long MaxFileBytes, IReadOnlyList<string> AcceptedTypes);

/// <summary>
/// A section of the form. <c>SelfAssessed</c> is false for V (survey), VI (leaders) and VII (penalties), which the
/// unit does not score. <c>SelfScoreTotal</c> sums what was typed; <c>CountedTotal</c> what counts under.
/// </summary>
public sealed record AssessmentSectionDto(
    string Code,
    string Kind,
    string Title,
    decimal? MaxScore,
    bool SelfAssessed,
    decimal SelfScoreTotal,
    decimal CountedTotal,
    IReadOnlyList<AssessmentItemDto> Criteria);

/// <summary>
/// A criterion of the form: a heading (<c>IsLeaf</c> false: code, title, maximum, depth only) or a leaf with the
/// unit's answer. <c>ETag</c> is null until the criterion is first saved; send it back as If-Match. A leaf with
/// <c>OtherIndex</c> takes its score from another index the working group imports: read-only, no answer.
/// </summary>
public sealed record AssessmentItemDto(
    string Code,
    string Title,
    decimal MaxScore,
    int Depth,
    bool IsLeaf,
    IReadOnlyList<decimal>? AllowedScores,
    string? Description,
    decimal? SelfScore,
    string? Explanation,
    bool Classified,
    bool Counted,
    IReadOnlyList<string> ZeroReasons,
    IReadOnlyList<EvidenceDto> Evidence,
    string? ETag,
    int Revision,
    string? UpdatedBy,
    DateTimeOffset? UpdatedAt,
    CriterionAppraisalDto? Appraisal = null,
    CriterionOtherIndexDto? OtherIndex = null);

public sealed record AssessmentTotalsDto(decimal SelfScore, decimal Counted, int LeafCount, int FilledCount, int ZeroCount, int EvidenceCount);

/// <summary>An evidence file (API.md): signature result and a download path that redirects to a short-lived link.</summary>
public sealed record EvidenceDto(
    string EvidenceId,
    string CriterionCode,
    string FileName,
    long Size,
    string Sha256,
    string ContentType,
    string UploadedBy,
    DateTimeOffset UploadedAt,
    SignatureDto Signature,
    string DownloadUrl);

/// <summary><c>Note</c>: e.g. content added after the last signature, which no signature covers.</summary>
public sealed record SignatureDto(string Status, string StatusName, IReadOnlyList<SignerDto> Signers, string? Note = null);

public sealed record SignerDto(string Subject, DateTimeOffset? SignedAt, string Status, string? Problem);

/// <summary>The answer to an evidence upload: the file, and the criterion as it now stands (with its new ETag).</summary>
public sealed record EvidenceUploadDto(
    string EvidenceId,
    string FileName,
    long Size,
    string Sha256,
    string ContentType,
    SignatureDto Signature,
    string DownloadUrl,
    AssessmentItemDto Criterion);

/// <summary><c>GET …/criteria/{code}/history</c>: every change, oldest first; rows are never updated or deleted.</summary>
/// <summary><c>Decisions</c>: the council's decisions on it the caller may see .</summary>
public sealed record CriterionHistoryDto(string Code, IReadOnlyList<HistoryEntryDto> Entries, IReadOnlyList<DecisionDto>? Decisions = null);

public sealed record HistoryEntryDto(
    int Revision,
    DateTimeOffset At,
    string By,
    string Change,
    decimal? OldScore,
    decimal? NewScore,
    string? OldExplanation,
    string? NewExplanation,
    bool OldClassified,
    bool NewClassified,
    string? EvidenceId,
    string? FileName);
