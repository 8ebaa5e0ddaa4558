namespace Evaluation.Domain.Catalogues;

/// <summary>
/// Whether a replacement catalogue scores the same way as the current one. Once a year has started, units have
/// scores keyed by criterion code, so only texts may change: the same criteria, maxima and allowed scores.
/// </summary>
public static class CatalogueComparison
{
    /// <summary>Vietnamese descriptions of each scoring difference; empty when only texts differ.</summary>
    public static IReadOnlyList<string> ScoringDifferences(Catalogue current, Catalogue replacement)
    {
        var before = current.Entries().ToDictionary(entry => entry.Criterion.Code, StringComparer.Ordinal);
        var after = replacement.Entries().ToDictionary(entry => entry.Criterion.Code, StringComparer.Ordinal);
        var differences = new List<string>();

        foreach (var code in before.Keys.Except(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            differences.Add($"Tiêu chí {code} bị bỏ.");
        }

        foreach (var code in after.Keys.Except(before.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            differences.Add($"Tiêu chí {code} được thêm mới.");
        }

        foreach (var code in before.Keys.Intersect(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var (old, @new) = (before[code].Criterion, after[code].Criterion);
            if (old.MaxScore != @new.MaxScore)
            {
                differences.Add($"Tiêu chí {code} đổi điểm tối đa.");
            }

            if (old.IsLeaf != @new.IsLeaf)
            {
                differences.Add($"Tiêu chí {code} đổi cấu trúc tiêu chí thành phần.");
            }

            if (!(old.AllowedScores ?? []).SequenceEqual(@new.AllowedScores ?? []))
            {
                differences.Add($"Tiêu chí {code} đổi danh sách điểm được phép.");
            }

            // Self-scores and decisions are stored for self-assessed leaves only; the conversion of an
            // imported index may be corrected, but a leaf cannot switch between the two once units are scoring.
            if ((old.OtherIndex is null) != (@new.OtherIndex is null))
            {
                differences.Add(@new.OtherIndex is null
                    ? $"Tiêu chí {code} thôi lấy điểm từ chỉ số khác mà chuyển sang đơn vị tự chấm."
                    : $"Tiêu chí {code} chuyển sang lấy điểm từ chỉ số {@new.OtherIndex.Code} thay vì đơn vị tự chấm.");
            }
        }

        return differences;
    }
}
