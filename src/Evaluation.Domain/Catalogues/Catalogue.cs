namespace Evaluation.Domain.Catalogues;

/// <summary>
/// The criteria tree of one index set for one year: seven sections → criteria → sub-criteria.
/// Immutable; a new year or a corrected file is a new catalogue, so last year's results keep last year's tree.
/// </summary>
public sealed record Catalogue(
    string IndexSet,
    int Year,
    string Title,
    string? Note,
    IReadOnlyList<CatalogueSection> Sections)
{
    public CatalogueSection? Section(string code) => Sections.FirstOrDefault(section => section.Code == code);

    /// <summary>Every criterion at every level, depth first, with the agency that appraises it (inherited from its parent when absent).</summary>
    /// <param name="agencyChanges">The working group's reassignments (criterion code → agency), which win over the file and are inherited likewise .</param>
    public IEnumerable<CriterionEntry> Entries(IReadOnlyDictionary<string, string>? agencyChanges = null)
    {
        foreach (var section in Sections)
        {
            foreach (var entry in Walk(section, section.Criteria, inheritedAgency: null, depth: 1, agencyChanges))
            {
                yield return entry;
            }
        }
    }

    /// <summary>The criteria that are scored directly (no children).</summary>
    public IEnumerable<CriterionEntry> Leaves() => Entries().Where(entry => entry.Criterion.IsLeaf);

    public CriterionEntry? Find(string code) => Entries().FirstOrDefault(entry => entry.Criterion.Code == code);

    private static IEnumerable<CriterionEntry> Walk(
        CatalogueSection section, IReadOnlyList<Criterion> criteria, string? inheritedAgency, int depth, IReadOnlyDictionary<string, string>? agencyChanges)
    {
        foreach (var criterion in criteria)
        {
            var agency = agencyChanges?.GetValueOrDefault(criterion.Code) ?? criterion.AppraiserAgency ?? inheritedAgency;
            yield return new CriterionEntry(section, criterion, agency, depth);
            foreach (var child in Walk(section, criterion.Children, agency, depth + 1, agencyChanges))
            {
                yield return child;
            }
        }
    }
}

/// <summary>One of the seven sections as the catalogue states it.</summary>
public sealed record CatalogueSection(
    string Code,
    SectionKind Kind,
    string Title,
    decimal? MaxScore,
    IReadOnlyList<Criterion> Criteria);

/// <summary>A criterion or sub-criterion. A leaf carries the score; a parent's maximum is the sum of its children's.</summary>
/// <param name="OtherIndex">A leaf scored from another index the province runs: imported per unit, not self-assessed.</param>
public sealed record Criterion(
    string Code,
    string Title,
    decimal MaxScore,
    string? AppraiserAgency,
    IReadOnlyList<decimal>? AllowedScores,
    string? Description,
    IReadOnlyList<Criterion> Children,
    Evaluation.Domain.OtherIndices.OtherIndexRule? OtherIndex = null)
{
    public bool IsLeaf => Children.Count == 0;

    /// <summary>Whether a score fits this leaf: within 0..max and, where the index set fixes values, one of them.</summary>
    public bool Accepts(decimal score) =>
        score >= 0 && score <= MaxScore && (AllowedScores is null || AllowedScores.Contains(score));
}

/// <summary>A criterion in its place in the tree.</summary>
public sealed record CriterionEntry(CatalogueSection Section, Criterion Criterion, string? EffectiveAgency, int Depth);
