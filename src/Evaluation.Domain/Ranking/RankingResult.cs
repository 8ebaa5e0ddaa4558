namespace Evaluation.Domain.Ranking;

/// <summary>The four classes of Art. 6.</summary>
public enum UnitClass
{
    /// <summary>Hoàn thành xuất sắc nhiệm vụ.</summary>
    Excellent,
    /// <summary>Hoàn thành tốt nhiệm vụ.</summary>
    Good,
    /// <summary>Hoàn thành nhiệm vụ.</summary>
    Done,
    /// <summary>Chưa hoàn thành nhiệm vụ.</summary>
    NotDone,
}

public enum RankingFlagKind
{
    /// <summary>A tie that straddles the excellence cap: nobody in it was classified excellent.</summary>
    TieAtCap,
    /// <summary>Units still equal after both tie-breakers share a rank .</summary>
    UnresolvedTie,
}

public sealed record RankedUnit(
    string UnitId,
    string Name,
    decimal Total,
    int Rank,
    UnitClass Class,
    bool Tie,
    SectionScores Sections);

public sealed record RankedGroup(string Type, int UnitCount, int ExcellentCap, IReadOnlyList<RankedUnit> Units);

public sealed record RankingFlag(RankingFlagKind Kind, string Type, IReadOnlyList<string> UnitIds, string Message);

public sealed record RankingResult(IReadOnlyList<RankedGroup> Groups, IReadOnlyList<RankingFlag> Flags);

public static class UnitClassNames
{
    public static string ApiName(UnitClass unitClass) => unitClass switch
    {
        UnitClass.Excellent => "excellent",
        UnitClass.Good => "good",
        UnitClass.Done => "done",
        UnitClass.NotDone => "notDone",
        _ => throw new ArgumentOutOfRangeException(nameof(unitClass), unitClass, null),
    };

    public static string Vietnamese(UnitClass unitClass) => unitClass switch
    {
        UnitClass.Excellent => "Hoàn thành xuất sắc nhiệm vụ",
        UnitClass.Good => "Hoàn thành tốt nhiệm vụ",
        UnitClass.Done => "Hoàn thành nhiệm vụ",
        UnitClass.NotDone => "Chưa hoàn thành nhiệm vụ",
        _ => throw new ArgumentOutOfRangeException(nameof(unitClass), unitClass, null),
    };

    public static string FlagApiName(RankingFlagKind kind) => kind switch
    {
        RankingFlagKind.TieAtCap => "tieAtCap",
        RankingFlagKind.UnresolvedTie => "unresolvedTie",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
