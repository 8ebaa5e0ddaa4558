using Evaluation.Domain.Assessments;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Infrastructure.Assessments;
using Evaluation.Infrastructure.Evidence;
using Evaluation.Infrastructure.OtherIndices;

namespace Evaluation.Web.Endpoints;

/// <summary>Turns a catalogue and a unit's stored answers into the form's JSON (one place for the arithmetic).</summary>
public static class AssessmentView
{
    /// <param name="appraise">The council's view of a leaf (null: none shown), given the leaf with the year's assignments.</param>
    /// <param name="agencyChanges">The working group's reassignments for this index set .</param>
    /// <param name="indexValues">The unit's imported values of other indices (index code → value, R-1.4).</param>
    public static IReadOnlyList<AssessmentSectionDto> Sections(
        int year, string unitId, Catalogue catalogue, UnitAssessment data,
        Func<CriterionEntry, CriterionRecord?, IReadOnlyList<EvidenceRecord>, CriterionAppraisalDto?>? appraise = null,
        IReadOnlyDictionary<string, string>? agencyChanges = null,
        IReadOnlyDictionary<string, OtherIndexValueRecord>? indexValues = null)
    {
        var sections = new List<AssessmentSectionDto>(catalogue.Sections.Count);
        var entriesBySection = catalogue.Entries(agencyChanges).ToLookup(entry => entry.Section.Code, StringComparer.Ordinal);
        foreach (var section in catalogue.Sections)
        {
            var selfAssessed = SelfAssessmentRules.IsSelfAssessed(section.Kind);
            var items = new List<AssessmentItemDto>();
            foreach (var entry in entriesBySection[section.Code])
            {
                if (!entry.Criterion.IsLeaf || !selfAssessed)
                {
                    items.Add(Heading(entry.Criterion, entry.Depth));
                    continue;
                }

                if (entry.Criterion.OtherIndex is { } index)
                {
                    items.Add(OtherIndexView.Leaf(entry, indexValues?.GetValueOrDefault(index.Code)));
                    continue;
                }

                var record = data.Criteria.GetValueOrDefault(entry.Criterion.Code);
                var files = data.EvidenceOf(entry.Criterion.Code).ToList();
                items.Add(Leaf(year, unitId, entry.Criterion, entry.Depth, record, files) with { Appraisal = appraise?.Invoke(entry, record, files) });
            }

            var leaves = items.Where(item => item.IsLeaf).ToList();
            sections.Add(new AssessmentSectionDto(
                section.Code,
                Domain.Catalogues.Sections.KindName(section.Kind),
                section.Title,
                section.MaxScore,
                selfAssessed,
                leaves.Sum(item => item.SelfScore ?? 0m),
                leaves.Where(item => item.Counted).Sum(item => item.SelfScore ?? 0m),
                items));
        }

        return sections;
    }

    public static AssessmentTotalsDto Totals(IReadOnlyList<AssessmentSectionDto> sections)
    {
        var leaves = sections.Where(section => section.SelfAssessed).SelectMany(section => section.Criteria).Where(item => item.IsLeaf && item.OtherIndex is null).ToList();
        return new AssessmentTotalsDto(
            sections.Sum(section => section.SelfScoreTotal),
            sections.Sum(section => section.CountedTotal),
            leaves.Count,
            leaves.Count(item => item.SelfScore is not null),
            leaves.Count(item => !item.Counted),
            leaves.Sum(item => item.Evidence.Count));
    }

    /// <summary>A unit's progress for the units list: leaves scored, leaves that count, files, submission.</summary>
    public static UnitProgressDto Progress(Catalogue catalogue, UnitAssessment data)
    {
        var leaves = catalogue.Leaves().Where(SelfAssessmentRules.IsSelfAssessed).ToList();
        var filled = 0;
        var counted = 0;
        foreach (var entry in leaves)
        {
            var answer = data.Criteria.GetValueOrDefault(entry.Criterion.Code)?.Answer ?? CriterionAnswer.Empty;
            filled += answer.SelfScore is null ? 0 : 1;
            counted += SelfAssessmentRules.ZeroReasons(answer, data.EvidenceOf(entry.Criterion.Code).Count()).Count == 0 ? 1 : 0;
        }

        return new UnitProgressDto(
            leaves.Count,
            filled,
            counted,
            data.Evidence.Count(item => !item.IsRemoved),
            data.Submission is { } submission ? ProvinceTime.ToProvince(submission.At) : null);
    }

    public static AssessmentItemDto Leaf(int year, string unitId, Criterion criterion, int depth, CriterionRecord? record, IReadOnlyList<EvidenceRecord> evidence)
    {
        var answer = record?.Answer ?? CriterionAnswer.Empty;
        var reasons = SelfAssessmentRules.ZeroReasons(answer, evidence.Count);
        return new AssessmentItemDto(
            criterion.Code,
            criterion.Title,
            criterion.MaxScore,
            depth,
            IsLeaf: true,
            criterion.AllowedScores,
            criterion.Description,
            answer.SelfScore,
            answer.Explanation,
            answer.Classified,
            reasons.Count == 0,
            reasons,
            evidence.Select(item => Evidence(year, unitId, item)).ToList(),
            record?.ETag,
            record?.Revision ?? 0,
            record?.UpdatedBy,
            record?.UpdatedAt is { } at ? ProvinceTime.ToProvince(at) : null);
    }

    public static EvidenceDto Evidence(int year, string unitId, EvidenceRecord item) => new(
        item.EvidenceId,
        item.CriterionCode,
        item.FileName,
        item.Size,
        item.Sha256,
        item.ContentType,
        item.UploadedBy,
        ProvinceTime.ToProvince(item.UploadedAt),
        Signature(item.Signature),
        DownloadPath(year, unitId, item.EvidenceId));

    public static string DownloadPath(int year, string unitId, string evidenceId) =>
        Routes.Path(Routes.Evidence, ("year", year.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("unitId", unitId), ("evidenceId", evidenceId));

    public static SignatureDto Signature(StoredSignature signature) => new(
        signature.Status,
        StatusName(signature.Status),
        signature.Signers.Select(signer => new SignerDto(signer.Subject, signer.SignedAt is { } at ? ProvinceTime.ToProvince(at) : null, signer.Status, signer.Problem)).ToList(),
        signature.Note);

    public static StoredSignature Store(SignatureCheckResult result, StoredFile file)
    {
        // A signature covers its revision only: bytes appended later (an incremental update) are signed by no one.
        var signedEnd = file.SignatureRanges.Count == 0 ? 0 : file.SignatureRanges.Max(range => range.End);
        var note = result.Status != SignatureStatus.Unsigned && signedEnd < file.Size
            ? $"Tệp có {file.Size - signedEnd:N0} byte được bổ sung sau chữ ký số cuối cùng; phần bổ sung không được ký, cần đối chiếu với bản gốc."
            : null;
        return new(
            result.Status.ToApiName(),
            result.Signers.Select(signer => new StoredSigner(signer.Subject, signer.SignedAt, signer.Status.ToApiName(), signer.Problem)).ToList(),
            note);
    }

    /// <summary>The words the form shows for a signature result .</summary>
    public static string StatusName(string status) => status switch
    {
        SignatureStatusNames.Valid => "Hợp lệ",
        SignatureStatusNames.Invalid => "Không hợp lệ (tệp đã bị sửa đổi sau khi ký)",
        SignatureStatusNames.Untrusted => "Chưa xác thực được (chứng thư số không thuộc tổ chức được tin cậy hoặc hết hiệu lực)",
        _ => "Không có chữ ký số",
    };

    private static AssessmentItemDto Heading(Criterion criterion, int depth) => new(
        criterion.Code, criterion.Title, criterion.MaxScore, depth, criterion.IsLeaf, criterion.AllowedScores, criterion.Description,
        null, null, false, false, [], [], null, 0, null, null);
}
