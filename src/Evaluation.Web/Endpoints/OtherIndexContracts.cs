namespace Evaluation.Web.Endpoints;

/// <summary>
/// On the unit's form, a leaf scored from another index: read-only, with the unit's imported value and the
/// points it converts to, or a note that the working group has not imported the index yet.
/// </summary>
public sealed record CriterionOtherIndexDto(
    string Code, string Title, string Rule, string RuleText, decimal? Value, decimal? Points, string Text, DateTimeOffset? ImportedAt);

/// <summary><c>GET /api/years/{year}/other-indices</c>: every index the year's catalogues score leaves from.</summary>
public sealed record OtherIndicesDto(int Year, bool Editable, string? LockReason, IReadOnlyList<OtherIndexDto> Indices);

/// <summary>
/// One index: the criteria that take their score from it (per index set), the current import, each unit's value
/// with its points per criterion, the units that still have no value, and every import (newest first).
/// </summary>
public sealed record OtherIndexDto(
    string Code,
    string Title,
    IReadOnlyList<OtherIndexCriterionDto> Criteria,
    OtherIndexImportDto? Current,
    IReadOnlyList<OtherIndexUnitDto> Units,
    IReadOnlyList<OtherIndexMissingDto> Missing,
    IReadOnlyList<OtherIndexImportDto> Imports);

/// <summary>A leaf of an index set scored from the index, with its rule in words.</summary>
public sealed record OtherIndexCriterionDto(string IndexSet, string Code, string Title, decimal MaxScore, string Rule, string RuleText);

public sealed record OtherIndexUnitDto(string UnitId, string Name, string Type, decimal Value, IReadOnlyList<OtherIndexPointsDto> Points);

/// <summary>The points one criterion takes from the unit's value, and how ("Giá trị 5 thuộc khoảng 4–6 → 1,5 điểm").</summary>
public sealed record OtherIndexPointsDto(string Code, decimal Points, decimal MaxScore, string Explanation);

/// <summary>A unit whose index set scores a leaf from the index but that has no value in the current import.</summary>
public sealed record OtherIndexMissingDto(string UnitId, string Name, string Type);

public sealed record OtherIndexImportDto(string ImportId, string FileName, string ImportedBy, DateTimeOffset ImportedAt, int UnitCount);
