using System.Globalization;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Common;
using Evaluation.Domain.Units;

namespace Evaluation.Domain.OtherIndices;

/// <summary>A data row of an imported file, as its cells read: the row number people see in the file, unit id, name and value.</summary>
public sealed record OtherIndexRow(int RowNumber, string UnitId, string? UnitName, string Value);

/// <summary>The outcome of checking an import: unit id → value, or every bad row (nothing is imported then).</summary>
public sealed record OtherIndexImportCheck(IReadOnlyDictionary<string, decimal> Values, ValidationErrors Errors)
{
    public bool IsValid => Errors.IsEmpty;
}

/// <summary>
/// Checks the rows of one index's file against the year: every row names a unit of the year once, whose
/// catalogue scores a leaf from this index, with a number. Every bad row is reported with its row number in
/// Vietnamese, so the working group fixes the file in one pass.
/// </summary>
public static class OtherIndexImport
{
    public const decimal MaxMagnitude = OtherIndexReader.MaxMagnitude;

    /// <param name="catalogues">The year's catalogues by index set (unit type).</param>
    public static OtherIndexImportCheck Check(
        string indexCode, IReadOnlyList<OtherIndexRow> rows, IReadOnlyList<Unit> units, IReadOnlyDictionary<string, Catalogue> catalogues)
    {
        var errors = new ValidationErrors();
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        var byId = units.ToDictionary(unit => unit.UnitId, StringComparer.Ordinal);
        if (rows.Count == 0)
        {
            errors.Add("file", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề (Mã đơn vị, Giá trị).");
        }

        foreach (var row in rows)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"rows[{row.RowNumber}]");
            var id = (VietnameseText.Clean(row.UnitId) ?? string.Empty).ToLowerInvariant();
            var who = string.IsNullOrWhiteSpace(row.UnitName) ? $"\"{id}\"" : $"\"{id}\" ({VietnameseText.Clean(row.UnitName)})";
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Dòng {row.RowNumber}");
            if (id.Length == 0)
            {
                errors.Add(field, $"{prefix}: thiếu mã đơn vị (cột \"Mã đơn vị\").");
            }
            else if (!byId.TryGetValue(id, out var unit))
            {
                errors.Add(field, $"{prefix}: không có cơ quan, đơn vị mã {who} trong danh sách đơn vị của năm.");
            }
            else if (!catalogues.TryGetValue(unit.Type, out var catalogue) || !OtherIndexPoints.Names(catalogue, indexCode))
            {
                errors.Add(field, $"{prefix}: bộ chỉ số {unit.Type} của {unit.Name} không có tiêu chí nào lấy điểm từ chỉ số {indexCode}.");
            }
            else if (firstRow.TryGetValue(id, out var earlier))
            {
                errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"{prefix}: {unit.Name} đã có giá trị ở dòng {earlier}; mỗi đơn vị chỉ một dòng."));
            }
            else
            {
                firstRow[id] = row.RowNumber;
            }

            var value = ParseValue(row.Value);
            if (value is null)
            {
                errors.Add(field, string.IsNullOrWhiteSpace(row.Value)
                    ? $"{prefix}: thiếu giá trị (cột \"Giá trị\")."
                    : $"{prefix}: giá trị \"{VietnameseText.Clean(row.Value)}\" không phải là số (ví dụ 5 hoặc 1,5), trong khoảng ±1.000.000.");
            }
            else if (id.Length > 0 && !values.ContainsKey(id))
            {
                values[id] = value.Value;
            }
        }

        return new OtherIndexImportCheck(errors.IsEmpty ? values : new Dictionary<string, decimal>(StringComparer.Ordinal), errors);
    }

    /// <summary>
    /// A value as a spreadsheet or a person writes it: "5", "1.5", "1,5" (decimal comma), "-2", "1E-3"; spaces are
    /// ignored. Both "." and "," in one value (a thousands separator) is refused as ambiguous. Null when not a number.
    /// </summary>
    public static decimal? ParseValue(string? text)
    {
        var compact = string.Concat((text ?? string.Empty).Where(c => !char.IsWhiteSpace(c)));
        if (compact.Length is 0 or > 40 || (compact.Contains(',', StringComparison.Ordinal) && compact.Contains('.', StringComparison.Ordinal)))
        {
            return null;
        }

        compact = compact.Replace(',', '.');
        const NumberStyles styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return decimal.TryParse(compact, styles, CultureInfo.InvariantCulture, out var value) && Math.Abs(value) <= MaxMagnitude
            ? ScoreText.Normalize(value)
            : null;
    }
}
