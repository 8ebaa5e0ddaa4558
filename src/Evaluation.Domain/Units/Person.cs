using System.Text.RegularExpressions;

namespace Evaluation.Domain.Units;

/// <summary>What a person may do. Rights come from the system's own people directory, not from Entra roles.</summary>
public enum Role
{
    UnitStaff,
    UnitHead,
    Appraiser,
    WorkingGroup,
    Leader,
}

/// <summary>A person of the directory; e-mail is the identity (case-insensitive, stored lower-case).</summary>
public sealed record Person(string Email, string Name, Role Role, string? UnitId = null, string? AgencyId = null);

public static partial class Roles
{
    public static string ApiName(Role role) => role switch
    {
        Role.UnitStaff => "unitStaff",
        Role.UnitHead => "unitHead",
        Role.Appraiser => "appraiser",
        Role.WorkingGroup => "workingGroup",
        Role.Leader => "leader",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static Role? Parse(string? name) =>
        Enum.GetValues<Role>().Cast<Role?>().FirstOrDefault(role => ApiName(role!.Value) == name);

    public static string Vietnamese(Role role) => role switch
    {
        Role.UnitStaff => "Cán bộ đơn vị",
        Role.UnitHead => "Thủ trưởng đơn vị",
        Role.Appraiser => "Người thẩm định",
        Role.WorkingGroup => "Tổ công tác",
        Role.Leader => "Lãnh đạo UBND tỉnh",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}

public static partial class EmailAddresses
{
    /// <summary>Lower-cased, trimmed; null when it is not a plain e-mail address usable as a table key.</summary>
    public static string? Normalize(string? email)
    {
        var trimmed = email?.Trim().ToLowerInvariant();
        return trimmed is not null && trimmed.Length <= 254 && Pattern().IsMatch(trimmed) ? trimmed : null;
    }

    // Deliberately narrower than RFC 5322: no characters that Table keys or URLs forbid ('/', '\\', '#', '?').
    [GeneratedRegex("^[a-z0-9._%+'-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*$")]
    private static partial Regex Pattern();
}
