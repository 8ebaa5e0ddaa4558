namespace Evaluation.Domain.Units;

/// <summary>A type of evaluated unit and, with the same code, the index set that scores it .</summary>
public sealed record UnitType(string Code, string Name)
{
    /// <summary>
    /// The four types of the 2022 regulation. Only a default: a year may add more (the 2025 successor regulation
    /// adds commune People's Committees), so nothing may assume exactly four.
    /// </summary>
    public static IReadOnlyList<UnitType> RegulationDefaults { get; } =
    [
        new("01", "Sở, ban, ngành"),
        new("02", "UBND huyện, thành, thị"),
        new("03", "Đơn vị sự nghiệp công lập trực thuộc UBND tỉnh"),
        new("04", "Cơ quan ngành dọc đóng trên địa bàn tỉnh"),
    ];
}
