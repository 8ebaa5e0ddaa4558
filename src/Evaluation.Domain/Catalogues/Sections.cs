namespace Evaluation.Domain.Catalogues;

/// <summary>What a section contributes: scored by the unit and the council, bonus, survey, leaders' score or penalties.</summary>
public enum SectionKind
{
    Scored,
    Bonus,
    Survey,
    Leaders,
    Penalty,
}

/// <summary>One of the seven contents of every index set (Art. 4.2).</summary>
public sealed record SectionRule(string Code, SectionKind Kind, decimal? MaxScore, string Title)
{
    /// <summary>The JSON name of the kind in the catalogue format (API.md).</summary>
    public string KindName => Sections.KindName(Kind);
}

/// <summary>
/// The seven sections and their weights on the 100-point scale, identical in all index sets (R-1.3, Art. 4.2):
/// I 39, II 27, III 8, IV 8 (bonus), V 14 (survey), VI 4 (leaders), VII penalties (subtracted, no fixed maximum).
/// </summary>
public static class Sections
{
    public const string I = "I";
    public const string II = "II";
    public const string III = "III";
    public const string IV = "IV";
    public const string V = "V";
    public const string VI = "VI";
    public const string VII = "VII";

    /// <summary>
    /// Penalties have no weight of their own; a penalty total above the whole scale cannot be meant, so inputs
    /// that give section VII directly (ranking preview) are bounded by it.
    /// </summary>
    public const decimal PenaltyCeiling = 100m;

    public static IReadOnlyList<SectionRule> All { get; } =
    [
        new(I, SectionKind.Scored, 39m, "Kết quả thực hiện nhiệm vụ theo chức năng"),
        new(II, SectionKind.Scored, 27m, "Kết quả thực hiện cải cách hành chính"),
        new(III, SectionKind.Scored, 8m, "Thực hiện kỷ luật, kỷ cương hành chính"),
        new(IV, SectionKind.Bonus, 8m, "Điểm cộng"),
        new(V, SectionKind.Survey, 14m, "Điểm đánh giá thông qua điều tra, khảo sát"),
        new(VI, SectionKind.Leaders, 4m, "Điểm đánh giá của Chủ tịch, các Phó Chủ tịch UBND tỉnh"),
        new(VII, SectionKind.Penalty, null, "Điểm trừ"),
    ];

    public static SectionRule? Find(string code) => All.FirstOrDefault(rule => rule.Code == code);

    /// <summary>The most a section can hold: its weight, or the penalty ceiling for section VII.</summary>
    public static decimal UpperBound(string code) => Find(code)?.MaxScore ?? PenaltyCeiling;

    public static string KindName(SectionKind kind) => kind switch
    {
        SectionKind.Scored => "scored",
        SectionKind.Bonus => "bonus",
        SectionKind.Survey => "survey",
        SectionKind.Leaders => "leaders",
        SectionKind.Penalty => "penalty",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static SectionKind? ParseKind(string? name) => name switch
    {
        "scored" => SectionKind.Scored,
        "bonus" => SectionKind.Bonus,
        "survey" => SectionKind.Survey,
        "leaders" => SectionKind.Leaders,
        "penalty" => SectionKind.Penalty,
        _ => null,
    };
}
