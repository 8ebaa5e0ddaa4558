using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Units;
using Evaluation.Infrastructure.Seed;

namespace Evaluation.Domain.Tests;

/// <summary>The data that ships in /data (embedded in Infrastructure) must be what the regulation describes.</summary>
public class SampleDataTests
{
    public static TheoryData<string> IndexSets => new() { "01", "02", "03", "04" };

    [Theory]
    [MemberData(nameof(IndexSets))]
    [Trait("Requirement", "R-1.1")]
    [Trait("Requirement", "R-1.3")]
    public void Each_shipped_2025_catalogue_reads_without_errors(string indexSet)
    {
        var result = CatalogueReader.Read(SeedData.ReadBytes($"catalogues/2025/{indexSet}.json"), expectedIndexSet: indexSet, expectedYear: 2025);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors.AllMessages()));
        Assert.Equal(indexSet, result.Catalogue!.IndexSet);
        Assert.Equal(2025, result.Catalogue.Year);
        Assert.Equal(["I", "II", "III", "IV", "V", "VI", "VII"], result.Catalogue.Sections.Select(section => section.Code));
    }

    [Theory]
    [MemberData(nameof(IndexSets))]
    [Trait("Requirement", "R-1.3")]
    public void Every_leaf_of_a_shipped_catalogue_is_worth_half_a_point_to_three(string indexSet)
    {
        // DOMAIN-NOTES: "Leaf criteria are worth 0.5–3 points".
        var catalogue = CatalogueReader.Read(SeedData.ReadBytes($"catalogues/2025/{indexSet}.json")).Catalogue!;

        var leaves = catalogue.Leaves().ToList();
        Assert.NotEmpty(leaves);
        Assert.All(leaves, leaf => Assert.InRange(leaf.Criterion.MaxScore, 0.5m, 3m));
    }

    [Theory]
    [MemberData(nameof(IndexSets))]
    [Trait("Requirement", "R-1.3")]
    public void Every_shipped_catalogue_has_seven_penalty_contents_and_no_leader_criteria(string indexSet)
    {
        // "VII penalties (7 contents, subtracted)"; section VI is the leaders' score, not criteria.
        var catalogue = CatalogueReader.Read(SeedData.ReadBytes($"catalogues/2025/{indexSet}.json")).Catalogue!;

        Assert.Equal(7, catalogue.Section("VII")!.Criteria.Count);
        Assert.Empty(catalogue.Section("VI")!.Criteria);
    }

    [Fact]
    [Trait("Requirement", "R-1.1")]
    public void SeedData_offers_the_four_2025_catalogues()
    {
        Assert.Contains(2025, SeedData.CatalogueYears());
        Assert.Equal(["01", "02", "03", "04"], SeedData.Catalogues(2025).Select(catalogue => catalogue.IndexSet));
    }

    [Fact]
    [Trait("Requirement", "R-1.1")]
    public void The_2025_units_are_twenty_departments_thirteen_districts_and_some_of_each_other_type()
    {
        var units = SeedData.Units(2025);

        Assert.NotNull(units);
        Assert.Equal(2025, units.Year);
        Assert.Equal(20, units.Units.Count(unit => unit.Type == "01"));
        Assert.Equal(13, units.Units.Count(unit => unit.Type == "02"));
        Assert.Contains(units.Units, unit => unit.Type == "03");
        Assert.Contains(units.Units, unit => unit.Type == "04");
    }

    [Fact]
    [Trait("Requirement", "R-1.1")]
    public void Unit_ids_are_unique_and_valid_and_names_present()
    {
        var units = SeedData.Units(2025)!.Units;

        Assert.All(units, unit => Assert.True(UnitIds.IsValid(unit.UnitId), $"Invalid unit id \"{unit.UnitId}\"."));
        Assert.All(units, unit => Assert.False(string.IsNullOrWhiteSpace(unit.Name)));
        Assert.Equal(units.Count, units.Select(unit => unit.UnitId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    [Trait("Requirement", "R-1.1")]
    public void Every_unit_type_has_a_catalogue()
    {
        var list = SeedData.Units(2025)!;
        var indexSets = SeedData.Catalogues(2025).Select(catalogue => catalogue.IndexSet).ToHashSet(StringComparer.Ordinal);
        var typeCodes = list.UnitTypes.Select(type => type.Code).ToHashSet(StringComparer.Ordinal);

        Assert.All(list.UnitTypes, type => Assert.Contains(type.Code, indexSets));
        Assert.All(list.Units, unit => Assert.Contains(unit.Type, typeCodes));
        Assert.All(list.Units, unit => Assert.Contains(unit.Type, indexSets));
    }

    [Fact]
    [Trait("Requirement", "R-9")]
    public void Demo_people_reference_existing_units_and_known_roles()
    {
        var unitIds = SeedData.Units(2025)!.Units.Select(unit => unit.UnitId).ToHashSet(StringComparer.Ordinal);
        var people = SeedData.DemoPeople().People;

        Assert.NotEmpty(people);
        Assert.All(people, person => Assert.NotNull(Roles.Parse(person.Role)));
        Assert.All(people, person => Assert.NotNull(EmailAddresses.Normalize(person.Email)));
        Assert.All(people.Where(person => person.UnitId is not null), person => Assert.Contains(person.UnitId!, unitIds));
        // Unit roles need a unit (API.md: "unitId for unit roles").
        Assert.All(
            people.Where(person => person.Role is "unitStaff" or "unitHead"),
            person => Assert.False(string.IsNullOrEmpty(person.UnitId), $"{person.Email} has a unit role but no unit."));
        Assert.Contains(people, person => person.Role == "workingGroup");
    }
}
