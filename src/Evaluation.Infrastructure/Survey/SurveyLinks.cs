using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Survey;
using Evaluation.Infrastructure.Links;

namespace Evaluation.Infrastructure.Survey;

/// <summary>The outcome of checking a survey link: the respondent it was made for, or why it is refused (Vietnamese).</summary>
public sealed record SurveyLinkCheck(string? RespondentCode, string? Message, DateTimeOffset? Expires)
{
    public bool IsValid => RespondentCode is not null;
}

/// <summary>
/// A respondent's personal survey link: <c>base64url("survey"|year|code|expiry) "." base64url(HMAC-SHA256)</c>,
/// signed with the app's <see cref="LinkSigningKey"/>. The token is the credential, so the questionnaire opens on a
/// phone without an account; "one-time" is the ballot store's: a respondent's ballot is written once.
/// </summary>
public sealed class SurveyLinks(LinkSigningKey key, TimeProvider clock)
{
    public const int MaxTokenLength = 400;
    private const string Purpose = "survey";

    public async Task<string> CreateTokenAsync(int year, string respondentCode, DateTimeOffset expires, CancellationToken cancellationToken = default)
    {
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Purpose}|{year}|{respondentCode}|{expires.ToUnixTimeSeconds()}"));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(await key.SignAsync(payload, cancellationToken));
    }

    public async Task<SurveyLinkCheck> CheckAsync(string? token, int year, CancellationToken cancellationToken = default)
    {
        const string reopen = "Vui lòng mở đúng đường liên kết đã được gửi cho Ông/Bà hoặc liên hệ Sở Nội vụ.";
        if (string.IsNullOrWhiteSpace(token))
        {
            return new(null, $"Đường liên kết không có mã phiếu khảo sát. {reopen}", null);
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (token.Length > MaxTokenLength || dot <= 0 || dot != token.LastIndexOf('.')
            || !Base64Url.IsValid(token.AsSpan(0, dot)) || !Base64Url.IsValid(token.AsSpan(dot + 1)))
        {
            return new(null, $"Đường liên kết phiếu khảo sát không đúng định dạng (có thể bị cắt khi sao chép). {reopen}", null);
        }

        var payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
        if (!await key.VerifyAsync(payload, Base64Url.DecodeFromChars(token.AsSpan(dot + 1)), cancellationToken))
        {
            return new(null, $"Đường liên kết phiếu khảo sát không hợp lệ (đã bị thay đổi). {reopen}", null);
        }

        // Signed by this app, so the payload is well formed; the purpose keeps other links' tokens out.
        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 4 || parts[0] != Purpose)
        {
            return new(null, $"Đường liên kết này không phải phiếu khảo sát. {reopen}", null);
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[3], CultureInfo.InvariantCulture));
        if (parts[1] != year.ToString(CultureInfo.InvariantCulture))
        {
            return new(null, $"Đường liên kết này là phiếu khảo sát năm {parts[1]}, không dùng được cho năm {year}.", expires);
        }

        if (clock.GetUtcNow() >= expires)
        {
            return new(null, $"Cuộc khảo sát đã kết thúc lúc {ProvinceTime.Format(expires)}; đường liên kết không còn dùng được.", expires);
        }

        return new(parts[2], null, expires);
    }

    /// <summary>The questionnaire page for a token, as a path the invitation appends to the site's address.</summary>
    public static string PagePath(int year, string token) =>
        string.Create(CultureInfo.InvariantCulture, $"/app/years/{year}/survey-ballot?token={Uri.EscapeDataString(token)}");
}
