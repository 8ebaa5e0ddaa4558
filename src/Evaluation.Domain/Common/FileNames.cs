using System.Text;

namespace Evaluation.Domain.Common;

/// <summary>
/// File names as uploaded: a name, never a path. A name that tries to climb out of its folder ("../") or names a
/// folder at all is refused; otherwise the name is kept as the person knows it, in NFC, without control characters
/// or characters that Windows refuses, and at most <see cref="MaxLength"/> characters (extension kept).
/// </summary>
public static class FileNames
{
    public const int MaxLength = 180;

    private const string Forbidden = "<>:\"|?*";

    public static (string? Name, string? Error) Clean(string? raw)
    {
        var name = VietnameseText.Clean(raw);
        if (string.IsNullOrEmpty(name))
        {
            return (null, "Thiếu tên tệp.");
        }

        // Without a separator ".." cannot climb anywhere; a name that is only dots is not a file name either.
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.All(c => c == '.'))
        {
            return (null, $"Tên tệp \"{name}\" không hợp lệ: chỉ gửi tên tệp, không kèm đường dẫn thư mục (/, \\, ..).");
        }

        var cleaned = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            cleaned.Append(char.IsControl(c) || Forbidden.Contains(c, StringComparison.Ordinal) ? '_' : c);
        }

        var result = cleaned.ToString().Trim().TrimEnd('.', ' ');
        if (result.Length == 0)
        {
            return (null, "Tên tệp không hợp lệ.");
        }

        if (result.Length > MaxLength)
        {
            var extension = Path.GetExtension(result);
            extension = extension.Length is > 0 and <= 10 ? extension : string.Empty;
            result = result[..(MaxLength - extension.Length)].TrimEnd() + extension;
        }

        return (result, null);
    }
}
