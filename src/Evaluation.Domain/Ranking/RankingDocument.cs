using Evaluation.Domain.Catalogues;

namespace Evaluation.Domain.Ranking;

/// <summary>
/// The JSON shape of a ranking (API.md "Results and ranking"), shared by <c>POST /api/ranking/preview</c>,
/// <c>GET /api/years/{year}/results</c> and what storage keeps.
/// </summary>
public sealed record RankingDocument
{
    public int? Year { get; init; }

    public bool? Published { get; init; }

    public DateTimeOffset? ComputedAt { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public RankingSettingsDocument? Settings { get; init; }

    public required IReadOnlyList<RankedGroupDocument> Groups { get; init; }

    public required IReadOnlyList<RankingFlagDocument> Flags { get; init; }

    public static RankingDocument From(RankingResult result) => new()
    {
        Groups = result.Groups.Select(group => new RankedGroupDocument
        {
            Type = group.Type,
            UnitCount = group.UnitCount,
            ExcellentCap = group.ExcellentCap,
            Units = group.Units.Select(unit => new RankedUnitDocument
            {
                UnitId = unit.UnitId,
                Name = unit.Name,
                Total = unit.Total,
                Rank = unit.Rank,
                Class = UnitClassNames.ApiName(unit.Class),
                Tie = unit.Tie,
                Sections = Sections.All
                    .Where(rule => unit.Sections.AsDictionary().ContainsKey(rule.Code))
                    .ToDictionary(rule => rule.Code, rule => unit.Sections[rule.Code]),
            }).ToList(),
        }).ToList(),
        Flags = result.Flags.Select(flag => new RankingFlagDocument
        {
            Kind = UnitClassNames.FlagApiName(flag.Kind),
            Type = flag.Type,
            UnitIds = flag.UnitIds,
            Message = flag.Message,
        }).ToList(),
    };
}

public sealed record RankingSettingsDocument
{
    public decimal ExcellentCapPercent { get; init; }

    public required string CapRounding { get; init; }

    public decimal ExcellentMinScore { get; init; }

    public decimal GoodMinScore { get; init; }

    public decimal DoneMinScore { get; init; }

    public static RankingSettingsDocument From(RankingSettings settings) => new()
    {
        ExcellentCapPercent = settings.ExcellentCapPercent,
        CapRounding = RankingSettings.RoundingName(settings.CapRounding),
        ExcellentMinScore = settings.ExcellentMinScore,
        GoodMinScore = settings.GoodMinScore,
        DoneMinScore = settings.DoneMinScore,
    };

    public RankingSettings ToSettings() => new()
    {
        ExcellentCapPercent = ExcellentCapPercent,
        CapRounding = RankingSettings.ParseRounding(CapRounding) ?? Ranking.CapRounding.Floor,
        ExcellentMinScore = ExcellentMinScore,
        GoodMinScore = GoodMinScore,
        DoneMinScore = DoneMinScore,
    };
}

public sealed record RankedGroupDocument
{
    public required string Type { get; init; }

    public int UnitCount { get; init; }

    public int ExcellentCap { get; init; }

    public required IReadOnlyList<RankedUnitDocument> Units { get; init; }
}

public sealed record RankedUnitDocument
{
    public required string UnitId { get; init; }

    public required string Name { get; init; }

    public decimal Total { get; init; }

    public int Rank { get; init; }

    public required string Class { get; init; }

    public bool Tie { get; init; }

    public required IReadOnlyDictionary<string, decimal> Sections { get; init; }
}

public sealed record RankingFlagDocument
{
    public required string Kind { get; init; }

    public required string Type { get; init; }

    public required IReadOnlyList<string> UnitIds { get; init; }

    public required string Message { get; init; }
}
