using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Ranking;
using Evaluation.Infrastructure.Seed;

namespace Evaluation.Benchmarks;

/// <summary>
/// The ranking engine on a province far larger than any real one: 10,000 units in four types, with
/// scores on a half-point grid so ties and ties at the cap occur; plus the same request read from JSON as the
/// preview endpoint does.
/// </summary>
[MemoryDiagnoser]
public class RankingBenchmarks
{
    private IReadOnlyList<Scorecard> _cards = [];
    private byte[] _requestJson = [];

    [Params(45, 10_000)]
    public int Units { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2419);
        string[] codes = ["I", "II", "III", "IV", "V", "VI", "VII"];
        decimal[] maxima = [39m, 27m, 8m, 8m, 14m, 4m, 3m];
        var cards = new List<Scorecard>(Units);
        for (var i = 0; i < Units; i++)
        {
            var sections = new Dictionary<string, decimal>();
            for (var s = 0; s < codes.Length; s++)
            {
                var steps = (int)(maxima[s] * 2) / 3;
                sections[codes[s]] = s == 6 ? random.Next(0, 3) * 0.5m : maxima[s] - (random.Next(0, steps + 1) * 0.5m);
            }

            cards.Add(new Scorecard($"don-vi-{i:D5}", $"Đơn vị {i}", $"0{(i % 4) + 1}", new SectionScores(sections)));
        }

        _cards = cards;
        _requestJson = JsonSerializer.SerializeToUtf8Bytes(new
        {
            settings = new { capRounding = "nearest" },
            units = cards.Select(card => new { unitId = card.UnitId, name = card.Name, type = card.Type, sections = card.Sections.AsDictionary() }),
        });
    }

    [Benchmark(Description = "RankingEngine.Rank")]
    public RankingResult Rank() => RankingEngine.Rank(_cards, RankingSettings.Default);

    [Benchmark(Description = "Read request JSON + rank + response document")]
    public RankingDocument ReadRankAndShape()
    {
        using var document = JsonDocument.Parse(_requestJson);
        var (request, _) = RankingRequestReader.Read(document.RootElement);
        return RankingDocument.From(RankingEngine.Rank(request!.Units, request.Settings));
    }
}

/// <summary>Reading and validating a real-size catalogue file, as loading one does .</summary>
[MemoryDiagnoser]
public class CatalogueBenchmarks
{
    private byte[] _file = [];

    [GlobalSetup]
    public void Setup() => _file = SeedData.ReadBytes("catalogues/2025/01.json");

    [Benchmark(Description = "CatalogueReader.Read (index set 01, 88 leaves)")]
    public CatalogueReadResult Read() => CatalogueReader.Read(_file, "01", 2025);
}
