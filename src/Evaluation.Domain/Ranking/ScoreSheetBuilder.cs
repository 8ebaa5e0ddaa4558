using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Units;

namespace Evaluation.Domain.Ranking;

/// <summary>
/// A unit's sections from what the year stored: sections I–IV are the sums of the council's final
/// scores on their leaves (R-3.3; a leaf nobody decided counts 0 and is counted as unappraised), V is the survey's
/// points, VI the leaders' mean, VII the sum of the deductions. Pure, so the ranking activity and the
/// tests compute the same figures.
/// </summary>
public static class ScoreSheetBuilder
{
    /// <param name="finalScore">The council's final score of a leaf (criterion code), or null when nobody decided it.</param>
    /// <param name="penalties">Deduction points per penalty item.</param>
    /// <param name="survey">Section V points, or null when the survey has not been converted yet.</param>
    /// <param name="leaders">Section VI (the leaders' mean), or null when no leader scored the unit.</param>
    /// <param name="otherIndexPoints">
    /// The points of a leaf scored from another index, from the unit's imported value, or null when none was
    /// imported: that leaf counts 0 and is counted in <see cref="UnitScoreSheet.MissingIndexScores"/>.
    /// </param>
    public static UnitScoreSheet Build(
        Unit unit,
        Catalogue catalogue,
        Func<string, decimal?> finalScore,
        IReadOnlyDictionary<string, decimal> penalties,
        decimal? survey,
        decimal? leaders,
        Func<string, decimal?> otherIndexPoints)
    {
        var sections = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var criteria = new List<CriterionScore>();
        var unappraised = 0;
        var missingIndexScores = 0;
        foreach (var section in catalogue.Sections)
        {
            var leaves = catalogue.Entries().Where(entry => entry.Section.Code == section.Code && entry.Criterion.IsLeaf).Select(entry => entry.Criterion).ToList();
            switch (section.Kind)
            {
                case SectionKind.Scored or SectionKind.Bonus:
                    foreach (var leaf in leaves)
                    {
                        if (leaf.OtherIndex is not null)
                        {
                            var points = otherIndexPoints(leaf.Code);
                            missingIndexScores += points is null ? 1 : 0;
                            criteria.Add(Score(section, leaf, points ?? 0m));
                            continue;
                        }

                        var score = finalScore(leaf.Code);
                        if (score is null)
                        {
                            unappraised++;
                        }

                        criteria.Add(Score(section, leaf, score ?? 0m));
                    }

                    sections[section.Code] = criteria.Where(item => item.Section == section.Code).Sum(item => item.Score);
                    break;
                case SectionKind.Penalty:
                    foreach (var leaf in leaves)
                    {
                        criteria.Add(Score(section, leaf, penalties.GetValueOrDefault(leaf.Code)));
                    }

                    sections[section.Code] = criteria.Where(item => item.Section == section.Code).Sum(item => item.Score);
                    break;
                case SectionKind.Survey:
                    sections[section.Code] = survey ?? 0m;
                    break;
                case SectionKind.Leaders:
                    sections[section.Code] = leaders ?? 0m;
                    break;
            }
        }

        return new UnitScoreSheet
        {
            UnitId = unit.UnitId,
            Name = unit.Name,
            Type = unit.Type,
            Sections = sections,
            Criteria = criteria,
            Unappraised = unappraised,
            MissingIndexScores = missingIndexScores,
        };
    }

    /// <summary>What the ranking engine needs of a sheet row.</summary>
    public static Scorecard Scorecard(UnitScoreSheet sheet) =>
        new(sheet.UnitId, sheet.Name, sheet.Type, new SectionScores(sheet.Sections));

    private static CriterionScore Score(CatalogueSection section, Criterion leaf, decimal score) => new()
    {
        Code = leaf.Code,
        Section = section.Code,
        Title = leaf.Title,
        Score = score,
        MaxScore = leaf.MaxScore,
    };
}
