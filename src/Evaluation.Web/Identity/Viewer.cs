using Evaluation.Domain.Units;

namespace Evaluation.Web.Identity;

/// <summary>Who is calling and what the people directory says they may do .</summary>
public sealed record Viewer(string Email, string DisplayName, Person? Person, bool IsBootstrapAdmin)
{
    public bool IsWorkingGroup => IsBootstrapAdmin || Person?.Role == Role.WorkingGroup;

    public string RoleName => IsWorkingGroup ? Roles.Vietnamese(Role.WorkingGroup) : Person is null ? "Chưa được phân quyền" : Roles.Vietnamese(Person.Role);
}
