using System.Text;
using System.Text.Json.Nodes;
using Evaluation.Domain.Catalogues;
using Evaluation.Infrastructure.Seed;
using static Evaluation.Domain.Tests.TestCatalogues;

namespace Evaluation.Domain.Tests;

/// <summary>R-1.2: catalogues are imported and exported; an exported file must read back as the same tree.</summary>
[Trait("Requirement", "R-1.2")]
public class CatalogueWriterTests
{
    [Fact]
    public void A_written_catalogue_reads_back_as_the_same_tree()
    {
        var original = ReadValid(Minimal());

        var written = CatalogueWriter.ToUtf8Json(original);
        var reread = CatalogueReader.Read(written, original.IndexSet, original.Year);

        Assert.True(reread.IsValid, string.Join(Environment.NewLine, reread.Errors.AllMessages()));
        Assert.Equal(Shape(original), Shape(reread.Catalogue!));
        // Spot checks of what Shape compares, so a broken Shape cannot hide a broken writer.
        var copy = reread.Catalogue!;
        Assert.Equal("Không phải bộ chỉ số thật.", copy.Note);
        Assert.Equal("Hướng dẫn chấm của I.1", copy.Find("I.1")!.Criterion.Description);
        Assert.Equal("SNV", copy.Find("I.1.2")!.Criterion.AppraiserAgency);
        Assert.Null(copy.Find("I.1.1")!.Criterion.AppraiserAgency); // inherited, not copied down
        Assert.Equal([0m, 5m, 10m], copy.Find("I.1.2")!.Criterion.AllowedScores!);
        Assert.Equal(6.75m, copy.Find("II.2.1")!.Criterion.MaxScore);
        Assert.Equal("Niêm yết tại bộ phận một cửa", copy.Find("II.2.1.1")!.Criterion.Title);
    }

    [Fact]
    public void Writing_is_stable_and_keeps_Vietnamese_readable()
    {
        var original = ReadValid(Minimal());

        var first = CatalogueWriter.ToUtf8Json(original);
        var second = CatalogueWriter.ToUtf8Json(CatalogueReader.Read(first).Catalogue!);

        Assert.Equal(first, second);
        var text = Encoding.UTF8.GetString(first);
        Assert.Contains("Cải cách thủ tục hành chính", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scores_are_written_without_trailing_zeros()
    {
        // Built by hand (the reader already normalises), so only the writer can drop the zeros.
        var catalogue = ReadValid(Minimal());
        var penalties = catalogue.Section("VII")!;
        var item = penalties.Criteria[0] with { MaxScore = 2.50m, AllowedScores = [0.00m, 1.00m, 2.50m] };
        catalogue = catalogue with { Sections = [.. catalogue.Sections.Take(6), penalties with { Criteria = [item, penalties.Criteria[1]] }] };

        var text = Encoding.UTF8.GetString(CatalogueWriter.ToUtf8Json(catalogue));

        Assert.Contains("\"maxScore\": 2.5", text, StringComparison.Ordinal);
        Assert.DoesNotContain("2.50", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1.00", text, StringComparison.Ordinal);
        Assert.Equal([0m, 1m, 2.5m], CatalogueReader.Read(Encoding.UTF8.GetBytes(text)).Catalogue!.Find("VII.1")!.Criterion.AllowedScores!);
    }

    [Theory]
    [Trait("Requirement", "R-1.1")]
    [InlineData("01")]
    [InlineData("02")]
    [InlineData("03")]
    [InlineData("04")]
    public void Each_shipped_sample_catalogue_round_trips(string indexSet)
    {
        var original = CatalogueReader.Read(SeedData.ReadBytes($"catalogues/2025/{indexSet}.json"), indexSet, 2025);
        Assert.True(original.IsValid, string.Join(Environment.NewLine, original.Errors.AllMessages()));

        var reread = CatalogueReader.Read(CatalogueWriter.ToUtf8Json(original.Catalogue!), indexSet, 2025);

        Assert.True(reread.IsValid, string.Join(Environment.NewLine, reread.Errors.AllMessages()));
        Assert.Equal(Shape(original.Catalogue!), Shape(reread.Catalogue!));
    }
}
