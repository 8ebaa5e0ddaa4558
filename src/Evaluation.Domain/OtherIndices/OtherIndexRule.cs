using Evaluation.Domain.Common;

namespace Evaluation.Domain.OtherIndices;

/// <summary>How an index value becomes points: by bands of values, or in proportion to the index's maximum.</summary>
public enum OtherIndexRuleKind
{
    Bands,
    Proportional,
}

/// <summary>A closed range of index values [<paramref name="From"/>, <paramref name="To"/>] worth <paramref name="Points"/>.</summary>
public sealed record OtherIndexBand(decimal From, decimal To, decimal Points)
{
    public bool Contains(decimal value) => value >= From && value <= To;
}

/// <summary>
/// A leaf criterion whose score is taken from another index the province already runs (R-1.4, Art. 3.1, 8.5): the
/// e-government ranking, the PAR index, DDCI… The working group imports each unit's value of the index; the leaf then
/// scores the converted points instead of a self-score and a council decision.
/// </summary>
/// <param name="Code">The index's code, shared by every leaf that uses the same index ("CQDT", "DDCI").</param>
/// <param name="Title">The index's name as people know it.</param>
/// <param name="Bands">The bands of a <see cref="OtherIndexRuleKind.Bands"/> rule, in the catalogue's order.</param>
/// <param name="MaxValue">The value worth the leaf's maximum under a <see cref="OtherIndexRuleKind.Proportional"/> rule.</param>
public sealed record OtherIndexRule(
    string Code,
    string Title,
    OtherIndexRuleKind Rule,
    IReadOnlyList<OtherIndexBand>? Bands = null,
    decimal? MaxValue = null)
{
    public const string BandsName = "bands";
    public const string ProportionalName = "proportional";

    public string RuleName => Rule == OtherIndexRuleKind.Bands ? BandsName : ProportionalName;

    /// <summary>
    /// The points of <paramref name="value"/> on a leaf worth <paramref name="leafMax"/>: the band's points (0 outside
    /// every band), or value / maxValue × leafMax rounded half away from zero to 2 decimals, between 0 and leafMax.
    /// </summary>
    public decimal Points(decimal value, decimal leafMax) => Rule switch
    {
        OtherIndexRuleKind.Bands => Band(value)?.Points ?? 0m,
        _ => Math.Clamp(decimal.Round(value / MaxValue!.Value * leafMax, 2, MidpointRounding.AwayFromZero), 0m, leafMax),
    };

    /// <summary>How <paramref name="value"/> became its points, in Vietnamese ("Giá trị 5 thuộc khoảng 4–6 → 1,5 điểm").</summary>
    public string Explain(decimal value, decimal leafMax)
    {
        var points = ScoreText.Format(Points(value, leafMax));
        if (Rule == OtherIndexRuleKind.Bands)
        {
            return Band(value) switch
            {
                null => $"Giá trị {ScoreText.Format(value)} không thuộc khoảng nào → 0 điểm",
                { } single when single.From == single.To => $"Giá trị {ScoreText.Format(value)} → {points} điểm",
                { } band => $"Giá trị {ScoreText.Format(value)} thuộc khoảng {Range(band)} → {points} điểm",
            };
        }

        return $"Giá trị {ScoreText.Format(value)}/{ScoreText.Format(MaxValue!.Value)} × {ScoreText.Format(leafMax)} điểm → {points} điểm";
    }

    /// <summary>The rule in words, for the form and the working group ("Giá trị 1–3: 2 điểm; 4–6: 1,5 điểm; giá trị khác: 0 điểm").</summary>
    public string Describe(decimal leafMax) => Rule == OtherIndexRuleKind.Bands
        ? "Giá trị " + string.Join("; ", Bands!.Select(band => $"{Range(band)}: {ScoreText.Format(band.Points)} điểm")) + "; giá trị khác: 0 điểm"
        : $"Điểm = giá trị / {ScoreText.Format(MaxValue!.Value)} × {ScoreText.Format(leafMax)}, làm tròn 2 chữ số thập phân, tối đa {ScoreText.Format(leafMax)} điểm";

    private OtherIndexBand? Band(decimal value) => Bands?.FirstOrDefault(band => band.Contains(value));

    private static string Range(OtherIndexBand band) =>
        band.From == band.To ? ScoreText.Format(band.From) : $"{ScoreText.Format(band.From)}–{ScoreText.Format(band.To)}";
}
