using Evaluation.Domain.Assessments;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Units;

namespace Evaluation.Domain.Appraisal;

/// <summary>A member agency of the appraisal council.</summary>
public sealed record CouncilAgency(string AgencyId, string Name);

/// <summary>Who appraises one criterion of one unit, or why nobody does yet.</summary>
/// <param name="AgencyId">The agency that appraises; null while unassigned.</param>
/// <param name="Problem">Why it is unassigned (not a member, conflict of interest without a substitute), in Vietnamese.</param>
/// <param name="Substituted">True when a substitute agency replaces the unit's own agency.</param>
public sealed record Assignment(string? AgencyId, string? Problem, bool Substituted = false)
{
    public bool IsAssigned => AgencyId is not null;
}

/// <summary>
/// The council of one year: its member agencies, the working group's changes to the catalogues' criterion
/// assignments (index set → criterion code → agency; a code covers its sub-criteria) and, for conflicts of interest,
/// the substitute agency per unit: an agency that is itself an evaluated unit never appraises its own unit.
/// </summary>
public sealed record Council(
    IReadOnlyList<CouncilAgency> Members,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Assignments,
    IReadOnlyDictionary<string, string> Substitutes)
{
    public const int MaxMembers = 30;

    /// <summary>R-3.1's default membership: Home Affairs, PC Office, Finance, Planning and Investment, Justice, Information and Communications, Provincial Inspectorate.</summary>
    public static Council Default { get; } = new(
        [
            new("SNV", "Sở Nội vụ"),
            new("VPUBND", "Văn phòng UBND tỉnh"),
            new("STC", "Sở Tài chính"),
            new("SKHDT", "Sở Kế hoạch và Đầu tư"),
            new("STP", "Sở Tư pháp"),
            new("STTTT", "Sở Thông tin và Truyền thông"),
            new("TTT", "Thanh tra tỉnh"),
        ],
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal),
        new Dictionary<string, string>(StringComparer.Ordinal));

    public bool IsMember(string? agencyId) => agencyId is not null && Members.Any(member => member.AgencyId == agencyId);

    public string AgencyName(string agencyId) => Members.FirstOrDefault(member => member.AgencyId == agencyId)?.Name ?? agencyId;

    /// <summary>The working group's changes for one index set (empty when none).</summary>
    public IReadOnlyDictionary<string, string> AssignmentsOf(string indexSet) =>
        Assignments.GetValueOrDefault(indexSet) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The leaves the council appraises in <paramref name="catalogue"/> (sections I–IV, not those scored from another index), with this council's assignments.</summary>
    public IEnumerable<CriterionEntry> AppraisedLeaves(Catalogue catalogue) =>
        catalogue.Entries(AssignmentsOf(catalogue.IndexSet))
            .Where(entry => entry.Criterion.IsLeaf && SelfAssessmentRules.IsSelfAssessed(entry));

    /// <summary>Who appraises <paramref name="entry"/> (found with this council's assignments) for <paramref name="unit"/>.</summary>
    public Assignment Resolve(CriterionEntry entry, Unit unit)
    {
        var agency = entry.EffectiveAgency;
        if (agency is null)
        {
            return new(null, $"Tiêu chí {entry.Criterion.Code} chưa được giao cho cơ quan thẩm định nào.");
        }

        if (!IsMember(agency))
        {
            return new(null, $"Tiêu chí {entry.Criterion.Code} được giao cho {agency}, nhưng {agency} không phải thành viên Hội đồng thẩm định năm nay.");
        }

        if (unit.AgencyId != agency)
        {
            return new(agency, null);
        }

        // Conflict of interest: the agency would appraise itself.
        return Substitutes.GetValueOrDefault(unit.UnitId) is { } substitute && IsMember(substitute) && substitute != unit.AgencyId
            ? new(substitute, null, Substituted: true)
            : new(null, $"Xung đột lợi ích: {AgencyName(agency)} không thẩm định chính {unit.Name}; Tổ công tác cần chỉ định cơ quan thẩm định thay thế.");
    }
}
