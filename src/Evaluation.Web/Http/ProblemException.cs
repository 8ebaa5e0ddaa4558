namespace Evaluation.Web.Http;

/// <summary>
/// A refusal a person can cause (bad input, missing right, late action): becomes an RFC 9457 problem with a
/// Vietnamese title. Thrown before anything is written, so a refused request changes nothing.
/// </summary>
public sealed class ProblemException(int status, string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(detail ?? title)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string? Detail { get; } = detail;

    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public static ProblemException Unauthenticated() =>
        new(401, "Chưa đăng nhập", "Vui lòng đăng nhập bằng tài khoản công vụ để tiếp tục.");

    public static ProblemException Forbidden(string detail) => new(403, "Không có quyền", detail);

    public static ProblemException NotFound(string detail) => new(404, "Không tìm thấy", detail);

    public static ProblemException Invalid(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        new(422, "Dữ liệu không hợp lệ", detail ?? $"Có {errors.Values.Sum(list => list.Length)} lỗi cần sửa.", errors);

    public static ProblemException BadRequest(string field, string message) =>
        new(400, "Yêu cầu không hợp lệ", message, new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemException Conflict(string detail) => new(409, "Không thể thực hiện", detail);

    public static ProblemException Stale() =>
        new(412, "Dữ liệu đã thay đổi", "Người khác vừa cập nhật dữ liệu này. Vui lòng tải lại trang để xem bản mới nhất rồi thực hiện lại.");
}
