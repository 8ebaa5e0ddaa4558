using System.Globalization;
using Evaluation.Domain.Common;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;

namespace Evaluation.Web.Http;

/// <summary>Route values checked at the edge: a malformed one is a clear 404/400 before any storage call.</summary>
public static class PathValues
{
    public static int Year(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && EvaluationYear.IsValidYear(year)
            ? year
            : throw ProblemException.NotFound($"\"{value}\" không phải năm đánh giá hợp lệ (từ {EvaluationYear.MinYear} đến {EvaluationYear.MaxYear}).");

    public static string IndexSet(string? value) =>
        Codes.IsTypeCode(value)
            ? value!
            : throw ProblemException.NotFound($"\"{value}\" không phải mã bộ chỉ số hợp lệ (ví dụ \"01\").");

    public static string UnitId(string? value) =>
        UnitIds.IsValid(value) ? value! : throw ProblemException.BadRequest("unitId", UnitIds.Rule);

    public static string Email(string? value) =>
        EmailAddresses.Normalize(Uri.UnescapeDataString(value ?? string.Empty))
        ?? throw ProblemException.BadRequest("email", $"\"{value}\" không phải địa chỉ thư điện tử hợp lệ.");
}
