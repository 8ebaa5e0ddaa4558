using System.Text.Json.Nodes;
using Evaluation.Domain.Catalogues;
using static Evaluation.Domain.Tests.TestCatalogues;

namespace Evaluation.Domain.Tests;

/// <summary>
/// Replacing a catalogue once a year has started (R-1.2: the catalogue is data, scores are keyed by criterion code):
/// texts may change, scoring may not.
/// </summary>
[Trait("Requirement", "R-1.2")]
public class CatalogueComparisonTests
{
    private static readonly Catalogue Current = ReadValid(Minimal());

    [Fact]
    public void The_same_catalogue_has_no_differences()
    {
        Assert.Empty(CatalogueComparison.ScoringDifferences(Current, ReadValid(Minimal())));
    }

    [Fact]
    public void Only_text_changes_give_no_differences()
    {
        var root = Minimal();
        root["title"] = "Chỉ số 01 - Tên mới";
        root["note"] = "Ghi chú đã sửa";
        root.Section("II")["title"] = "Cải cách hành chính (tên mới)";
        root.Criterion("I.1")["title"] = "Nhiệm vụ trọng tâm (sửa chính tả)";
        root.Criterion("I.1")["description"] = "Hướng dẫn chấm mới";
        root.Criterion("VII.2")["description"] = "Thêm hướng dẫn";

        var replacement = ReadValid(root);

        Assert.NotEqual(Current.Title, replacement.Title);
        Assert.Empty(CatalogueComparison.ScoringDifferences(Current, replacement));
    }

    [Fact]
    public void A_changed_maximum_is_reported()
    {
        // Penalty items have no section sum, so VII.1 can change alone and the catalogue stays valid.
        var root = Minimal();
        root.Criterion("VII.1")["maxScore"] = 3;

        var difference = Assert.Single(CatalogueComparison.ScoringDifferences(Current, ReadValid(root)));
        Assert.Contains("VII.1", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Maxima_moved_between_siblings_are_both_reported()
    {
        // I.2 10.5 → 11 and I.3 8.5 → 8: section I still adds up to 39, but two criteria score differently.
        var root = Minimal();
        root.Criterion("I.2")["maxScore"] = 11;
        root.Criterion("I.3")["maxScore"] = 8;

        var differences = CatalogueComparison.ScoringDifferences(Current, ReadValid(root));

        Assert.Equal(2, differences.Count);
        Assert.Contains(differences, difference => difference.Contains("I.2", StringComparison.Ordinal));
        Assert.Contains(differences, difference => difference.Contains("I.3", StringComparison.Ordinal));
    }

    [Fact]
    public void A_removed_criterion_is_reported()
    {
        var root = Minimal();
        root.Section("VII")["criteria"]!.AsArray().RemoveAt(1); // VII.2

        var difference = Assert.Single(CatalogueComparison.ScoringDifferences(Current, ReadValid(root)));
        Assert.Contains("VII.2", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void An_added_criterion_is_reported()
    {
        var root = Minimal();
        root.Section("VII")["criteria"]!.AsArray().Add(new JsonObject { ["code"] = "VII.3", ["title"] = "Cán bộ bị kỷ luật", ["maxScore"] = 1 });

        var difference = Assert.Single(CatalogueComparison.ScoringDifferences(Current, ReadValid(root)));
        Assert.Contains("VII.3", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Removed_and_added_are_told_apart()
    {
        var root = Minimal();
        root.Criterion("VII.2")["code"] = "VII.9";

        var differences = CatalogueComparison.ScoringDifferences(Current, ReadValid(root));

        Assert.Equal(2, differences.Count);
        Assert.Single(differences, difference => difference.Contains("VII.2", StringComparison.Ordinal));
        Assert.Single(differences, difference => difference.Contains("VII.9", StringComparison.Ordinal));
        Assert.NotEqual(
            differences.Single(difference => difference.Contains("VII.2", StringComparison.Ordinal)).Replace("VII.2", "X", StringComparison.Ordinal),
            differences.Single(difference => difference.Contains("VII.9", StringComparison.Ordinal)).Replace("VII.9", "X", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[0, 2.5, 5, 7.5, 10]")] // different values
    [InlineData("null")]                 // no longer restricted
    public void Changed_allowed_scores_are_reported(string allowedScores)
    {
        var root = Minimal();
        root.Criterion("I.1.2")["allowedScores"] = JsonNode.Parse(allowedScores);

        var difference = Assert.Single(CatalogueComparison.ScoringDifferences(Current, ReadValid(root)));
        Assert.Contains("I.1.2", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_scores_added_to_a_free_leaf_are_reported()
    {
        var root = Minimal();
        root.Criterion("VII.1")["allowedScores"] = new JsonArray(0, 1, 2);

        var difference = Assert.Single(CatalogueComparison.ScoringDifferences(Current, ReadValid(root)));
        Assert.Contains("VII.1", difference, StringComparison.Ordinal);
    }
}
