using Evaluation.Domain.Catalogues;

namespace Evaluation.Domain.OtherIndices;

/// <summary>One place that turns a unit's imported index values into the points of a catalogue's leaves .</summary>
public static class OtherIndexPoints
{
    /// <summary>The leaves of <paramref name="catalogue"/> scored from another index, in catalogue order.</summary>
    public static IEnumerable<CriterionEntry> Leaves(Catalogue catalogue) =>
        catalogue.Leaves().Where(entry => entry.Criterion.OtherIndex is not null);

    /// <summary>Whether some leaf of <paramref name="catalogue"/> takes its score from the index <paramref name="indexCode"/>.</summary>
    public static bool Names(Catalogue catalogue, string indexCode) =>
        Leaves(catalogue).Any(entry => entry.Criterion.OtherIndex!.Code == indexCode);

    /// <summary>
    /// Criterion code → points of a unit whose imported values are <paramref name="values"/> (index code → value):
    /// null when the unit has no value of that leaf's index yet, or the code is not such a leaf.
    /// </summary>
    public static Func<string, decimal?> For(Catalogue catalogue, IReadOnlyDictionary<string, decimal> values)
    {
        var points = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var leaf in Leaves(catalogue).Select(entry => entry.Criterion))
        {
            if (values.TryGetValue(leaf.OtherIndex!.Code, out var value))
            {
                points[leaf.Code] = leaf.OtherIndex.Points(value, leaf.MaxScore);
            }
        }

        return code => points.TryGetValue(code, out var found) ? found : null;
    }
}
