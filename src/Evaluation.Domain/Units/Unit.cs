using System.Text.RegularExpressions;

namespace Evaluation.Domain.Units;

/// <summary>An evaluated unit of one year (Annex 1). <paramref name="AgencyId"/> links a council member agency to its own unit.</summary>
public sealed record Unit(string UnitId, string Name, string Type, string? AgencyId = null);

public static partial class UnitIds
{
    public const int MaxLength = 64;

    /// <summary>A unit id is a lowercase slug ("so-y-te"): safe in URLs, table keys and blob names.</summary>
    public static bool IsValid(string? unitId) => unitId is not null && Pattern().IsMatch(unitId);

    public const string Rule = "Mã đơn vị chỉ gồm chữ thường không dấu, số và dấu gạch ngang, tối đa 64 ký tự (ví dụ \"so-y-te\").";

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex Pattern();
}
