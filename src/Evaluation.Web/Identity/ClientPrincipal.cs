using System.Text;
using System.Text.Json;
using Evaluation.Domain.Units;

namespace Evaluation.Web.Identity;

/// <summary>
/// The caller as App Service Authentication (Easy Auth) describes it in the X-MS-CLIENT-PRINCIPAL header:
/// Base64 of <c>{"auth_typ":…,"claims":[{"typ":"preferred_username","val":"a@b.vn"},…]}</c>.
/// </summary>
public sealed record ClientPrincipal(string Email, string? DisplayName)
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    private static readonly string[] EmailClaims =
    [
        "preferred_username",
        "email",
        "emails",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "upn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
        "name",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    ];

    /// <summary>
    /// The caller is preferred_username, else email, else name (API.md), compared case-insensitively.
    /// Null when the header is absent; <see cref="FormatException"/> when it is present but unreadable.
    /// </summary>
    public static ClientPrincipal? FromHeader(string? headerValue)
    {
        if (string.IsNullOrWhiteSpace(headerValue))
        {
            return null;
        }

        JsonDocument document;
        try
        {
            var json = Convert.FromBase64String(headerValue.Trim());
            document = JsonDocument.Parse(json);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new FormatException("The client principal header is not Base64-encoded JSON.", ex);
        }

        using (document)
        {
            var claims = new List<(string Type, string Value)>();
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("claims", out var claimArray)
                && claimArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var claim in claimArray.EnumerateArray())
                {
                    if (claim.ValueKind == JsonValueKind.Object
                        && claim.TryGetProperty("typ", out var typ) && typ.ValueKind == JsonValueKind.String
                        && claim.TryGetProperty("val", out var val) && val.ValueKind == JsonValueKind.String)
                    {
                        claims.Add((typ.GetString()!, val.GetString()!));
                    }
                }
            }

            var email = EmailClaims
                .Select(type => claims.FirstOrDefault(claim => string.Equals(claim.Type, type, StringComparison.OrdinalIgnoreCase)).Value)
                .Select(EmailAddresses.Normalize)
                .FirstOrDefault(value => value is not null);
            if (email is null)
            {
                throw new FormatException("The client principal carries no usable e-mail claim.");
            }

            var display = claims.FirstOrDefault(claim => claim.Type == "name" && !claim.Value.Contains('@', StringComparison.Ordinal)).Value;
            return new ClientPrincipal(email, display);
        }
    }

    /// <summary>Encodes a principal the way Easy Auth does; used by the development sign-in and by tests.</summary>
    public static string Encode(string email, string? displayName = null)
    {
        var claims = new List<object> { new { typ = "preferred_username", val = email } };
        if (!string.IsNullOrWhiteSpace(displayName))
        {
            claims.Add(new { typ = "name", val = displayName });
        }

        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }
}
