using Evaluation.Domain.Common;

namespace Evaluation.Domain.Ranking;

/// <summary>How 20 % × N becomes a count of units. The regulation says "not more than 20 %", hence floor by default.</summary>
public enum CapRounding
{
    Floor,
    /// <summary>Half away from zero: 20 % of 13 = 2.6 → 3, as the province has done (DOMAIN-NOTES).</summary>
    Nearest,
    Ceiling,
}

/// <summary>The year's ranking settings (API.md "Ranking settings"); defaults are the regulation's (Art. 6).</summary>
public sealed record RankingSettings
{
    public static RankingSettings Default { get; } = new();

    public decimal ExcellentCapPercent { get; init; } = 20m;

    public CapRounding CapRounding { get; init; } = CapRounding.Floor;

    public decimal ExcellentMinScore { get; init; } = 80m;

    public decimal GoodMinScore { get; init; } = 80m;

    public decimal DoneMinScore { get; init; } = 65m;

    public static string RoundingName(CapRounding rounding) => rounding switch
    {
        CapRounding.Floor => "floor",
        CapRounding.Nearest => "nearest",
        CapRounding.Ceiling => "ceiling",
        _ => throw new ArgumentOutOfRangeException(nameof(rounding), rounding, null),
    };

    public static CapRounding? ParseRounding(string? name) => name switch
    {
        "floor" => CapRounding.Floor,
        "nearest" => CapRounding.Nearest,
        "ceiling" => CapRounding.Ceiling,
        _ => null,
    };

    /// <summary>Problems with these settings, keyed by field name under <paramref name="prefix"/>.</summary>
    public ValidationErrors Validate(string prefix = "settings")
    {
        var errors = new ValidationErrors();
        if (ExcellentCapPercent is < 0 or > 100)
        {
            errors.Add($"{prefix}.excellentCapPercent", "Tỷ lệ tối đa xếp loại xuất sắc phải từ 0 đến 100 (%).");
        }

        CheckScore(errors, $"{prefix}.excellentMinScore", ExcellentMinScore, "Điểm tối thiểu để xếp loại xuất sắc");
        CheckScore(errors, $"{prefix}.goodMinScore", GoodMinScore, "Điểm tối thiểu để xếp loại hoàn thành tốt");
        CheckScore(errors, $"{prefix}.doneMinScore", DoneMinScore, "Điểm tối thiểu để xếp loại hoàn thành");
        if (DoneMinScore > GoodMinScore)
        {
            errors.Add($"{prefix}.doneMinScore", "Điểm tối thiểu hoàn thành nhiệm vụ không được cao hơn điểm tối thiểu hoàn thành tốt.");
        }

        return errors;
    }

    private static void CheckScore(ValidationErrors errors, string field, decimal value, string what)
    {
        if (value is < 0 or > 100)
        {
            errors.Add(field, $"{what} phải từ 0 đến 100.");
        }
    }
}
