using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.OtherIndices;
using Evaluation.Infrastructure.OtherIndices;

namespace Evaluation.Web.Endpoints;

/// <summary>How a leaf scored from another index shows on the unit's form: read-only, never filled in.</summary>
public static class OtherIndexView
{
    /// <param name="value">The unit's current value of the leaf's index, or null when none was imported.</param>
    public static AssessmentItemDto Leaf(CriterionEntry entry, OtherIndexValueRecord? value)
    {
        var criterion = entry.Criterion;
        var rule = criterion.OtherIndex ?? throw new ArgumentException($"{criterion.Code} is not scored from another index.", nameof(entry));
        var index = new CriterionOtherIndexDto(
            rule.Code,
            rule.Title,
            rule.RuleName,
            rule.Describe(criterion.MaxScore),
            value?.Value,
            value is null ? null : rule.Points(value.Value, criterion.MaxScore),
            value is null
                ? $"Chưa có kết quả chỉ số {rule.Title}; Tổ công tác sẽ nhập khi chỉ số được công bố."
                : rule.Explain(value.Value, criterion.MaxScore),
            value is null ? null : ProvinceTime.ToProvince(value.ImportedAt));
        return new AssessmentItemDto(
            criterion.Code, criterion.Title, criterion.MaxScore, entry.Depth, IsLeaf: true, criterion.AllowedScores, criterion.Description,
            null, null, false, false, [], [], null, 0, null, null, OtherIndex: index);
    }

    /// <summary>Why the unit or the council cannot score this leaf, or null when it is not scored from another index.</summary>
    public static string? NotScoredHere(CriterionEntry entry, string who) => entry.Criterion.OtherIndex is { } rule
        ? $"Tiêu chí {entry.Criterion.Code} lấy điểm từ {rule.Title} do Tổ công tác nhập; {who}."
        : null;
}
