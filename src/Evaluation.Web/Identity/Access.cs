using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Storage;
using Evaluation.Web.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Evaluation.Web.Identity;

/// <summary>Settings of the web layer (configuration section "Evaluation").</summary>
public sealed class EvaluationOptions
{
    public const string SectionName = "Evaluation";

    /// <summary>Comma-separated e-mails that are working-group members before anyone is in the directory.</summary>
    public string BootstrapAdmins { get; set; } = string.Empty;

    public IReadOnlySet<string> BootstrapAdminSet() =>
        BootstrapAdmins.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(EmailAddresses.Normalize)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// Identity from X-MS-CLIENT-PRINCIPAL on both hosts; rights from the system's people directory and the bootstrap
/// admins, never from Entra roles (API.md conventions). No principal → 401; principal without the right → 403.
/// </summary>
public sealed class Access(PersonStore people, IOptions<EvaluationOptions> options)
{
    private readonly IReadOnlySet<string> _bootstrapAdmins = options.Value.BootstrapAdminSet();

    /// <summary>The caller, or null for an anonymous request.</summary>
    public async Task<Viewer?> IdentifyAsync(HttpContext http)
    {
        ClientPrincipal? principal;
        try
        {
            principal = ClientPrincipal.FromHeader(http.Request.Headers[ClientPrincipal.HeaderName].ToString());
        }
        catch (FormatException)
        {
            throw new ProblemException(401, "Thông tin đăng nhập không hợp lệ", "Phiên đăng nhập không đọc được. Vui lòng đăng nhập lại.");
        }

        if (principal is null)
        {
            return null;
        }

        var person = await people.GetAsync(principal.Email, http.RequestAborted);
        var displayName = person?.Value.Name ?? principal.DisplayName ?? principal.Email;
        return new Viewer(principal.Email, displayName, person?.Value, _bootstrapAdmins.Contains(principal.Email));
    }

    public async Task<Viewer> RequireSignedInAsync(HttpContext http) =>
        await IdentifyAsync(http) ?? throw ProblemException.Unauthenticated();

    public async Task<Viewer> RequireWorkingGroupAsync(HttpContext http, string action)
    {
        var viewer = await RequireSignedInAsync(http);
        return viewer.IsWorkingGroup
            ? viewer
            : throw ProblemException.Forbidden($"Chỉ Tổ công tác (Sở Nội vụ) mới được {action}. Tài khoản {viewer.Email} là: {viewer.RoleName}.");
    }
}
