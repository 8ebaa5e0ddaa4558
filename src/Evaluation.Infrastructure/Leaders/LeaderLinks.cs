using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Evaluation.Domain.Calendar;
using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Links;

namespace Evaluation.Infrastructure.Leaders;

/// <summary>Why a ballot link was refused.</summary>
public enum LeaderLinkRefusal
{
    None,
    Missing,
    Malformed,
    Tampered,
    OtherYear,
    Expired,
}

/// <summary>The outcome of checking a ballot link: the leader it was made for, or why it is refused (Vietnamese).</summary>
public sealed record LeaderLinkCheck(string? LeaderEmail, LeaderLinkRefusal Refusal, string? Message, DateTimeOffset? Expires)
{
    public bool IsValid => Refusal == LeaderLinkRefusal.None;
}

/// <summary>
/// The leaders' personal ballot links: the token is the credential, so the ballot opens from Teams on a phone
/// without signing in. A token is <c>base64url(year|email|expiry) "." base64url(HMAC-SHA256)</c>, signed with a
/// 32-byte key the app makes once and keeps in the private <c>keys</c> container (never in a
/// file, see <see cref="LinkSigningKey"/>).
/// </summary>
public sealed class LeaderLinks(LinkSigningKey key, TimeProvider clock)
{
    /// <summary>Longer than any token this class makes (an e-mail is at most 254 characters).</summary>
    public const int MaxTokenLength = 600;

    public async Task<string> CreateTokenAsync(int year, string leaderEmail, DateTimeOffset expires, CancellationToken cancellationToken = default)
    {
        var email = EmailAddresses.Normalize(leaderEmail) ?? throw new ArgumentException($"Not an e-mail address: '{leaderEmail}'.", nameof(leaderEmail));
        var payload = Encoding.UTF8.GetBytes(Payload(year, email, expires.ToUnixTimeSeconds()));
        var signature = await key.SignAsync(payload, cancellationToken);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(signature);
    }

    public async Task<LeaderLinkCheck> CheckAsync(string? token, int year, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return Refused(LeaderLinkRefusal.Missing, "Đường liên kết không có mã phiếu chấm điểm. Vui lòng mở đúng đường liên kết đã được gửi qua Teams hoặc thư điện tử.");
        }

        if (Parse(token) is not { } parsed)
        {
            return Refused(LeaderLinkRefusal.Malformed, "Đường liên kết phiếu chấm điểm không đúng định dạng (có thể bị cắt khi sao chép). Vui lòng mở lại đường liên kết đã được gửi.");
        }

        if (!await key.VerifyAsync(parsed.Payload, parsed.Signature, cancellationToken))
        {
            return Refused(LeaderLinkRefusal.Tampered, "Đường liên kết phiếu chấm điểm không hợp lệ (đã bị thay đổi). Vui lòng mở đúng đường liên kết đã được gửi hoặc liên hệ Tổ công tác.");
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(parsed.ExpiresUnix);
        if (parsed.Year != year)
        {
            return Refused(
                LeaderLinkRefusal.OtherYear,
                string.Create(CultureInfo.InvariantCulture, $"Đường liên kết này là phiếu chấm điểm năm {parsed.Year}, không dùng được cho năm {year}."),
                expires);
        }

        if (clock.GetUtcNow() >= expires)
        {
            return Refused(LeaderLinkRefusal.Expired, $"Đã hết hạn chấm điểm lúc {ProvinceTime.Format(expires)}. Đường liên kết không còn dùng được.", expires);
        }

        return new LeaderLinkCheck(parsed.Email, LeaderLinkRefusal.None, null, expires);
    }

    /// <summary>The ballot page for a token, as a path the notification appends to the site's address.</summary>
    public static string BallotPath(int year, string token) =>
        string.Create(CultureInfo.InvariantCulture, $"/app/years/{year}/leader-ballot?token={Uri.EscapeDataString(token)}");

    /// <summary>
    /// The year a well-formed token names, not yet verified (the ballot page checks it): the Teams tab gets only the
    /// token and needs the year to find the ballot page. Null when the token cannot be read.
    /// </summary>
    public static int? YearOf(string? token) => string.IsNullOrWhiteSpace(token) ? null : Parse(token)?.Year;

    private static LeaderLinkCheck Refused(LeaderLinkRefusal refusal, string message, DateTimeOffset? expires = null) =>
        new(null, refusal, message, expires);

    private static string Payload(int year, string email, long expiresUnix) =>
        string.Create(CultureInfo.InvariantCulture, $"{year}|{email}|{expiresUnix}");

    private static ParsedToken? Parse(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (token.Length > MaxTokenLength || dot <= 0 || dot != token.LastIndexOf('.')
            || !Base64Url.IsValid(token.AsSpan(0, dot)) || !Base64Url.IsValid(token.AsSpan(dot + 1)))
        {
            return null;
        }

        var payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
        var signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var parts = text.Split('|');
        return signature.Length == SHA256.HashSizeInBytes && parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && EmailAddresses.Normalize(parts[1]) is { } email && email == parts[1]
            && long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expires)
            && expires is > -62135596800L and < 253402300800L
            ? new ParsedToken(payload, signature, year, email, expires)
            : null;
    }

    private sealed record ParsedToken(byte[] Payload, byte[] Signature, int Year, string Email, long ExpiresUnix);
}
