using Evaluation.Domain.Calendar;
using Evaluation.Domain.Catalogues;
using Evaluation.Domain.Ranking;
using Evaluation.Domain.Units;
using Evaluation.Domain.Years;
using Evaluation.Infrastructure.Seed;
using Evaluation.Infrastructure.Storage;
using Evaluation.IntegrationTests.Infrastructure;

namespace Evaluation.IntegrationTests.Storage;

/// <summary>The Table and Blob stores against Azurite: partitioning, merges, optimistic concurrency, versions.</summary>
public sealed class StoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 11, 20, 9, 0, 0, TimeSpan.FromHours(7));
    private StorageClients _clients = null!;
    private StorageNames _names = null!;

    public async Task InitializeAsync()
    {
        await TestStorage.EnsureReachableAsync();
        _clients = TestStorage.Clients(TestStorage.NewPrefix("s"), out _names);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    [Trait("Requirement", "R-7.1")]
    public async Task Year_is_created_then_updated_and_keeps_the_phase_the_workflow_wrote()
    {
        var years = new YearStore(_clients, _names);
        var setup = new YearSetup(YearCalendar.Default(2025), RankingSettings.Default, UnitType.RegulationDefaults);

        var (created, wasCreated) = await years.SaveSetupAsync(2025, setup, null, "a@b.vn", Now);
        await years.MarkStartedAsync(2025, Now, EvaluationPhase.SelfAssessment);
        var moved = setup with { Calendar = setup.Calendar with { SelfAssessmentDue = setup.Calendar.SelfAssessmentDue.AddDays(2) } };
        var (updated, wasCreatedAgain) = await years.SaveSetupAsync(2025, moved with { Settings = new RankingSettings { CapRounding = CapRounding.Nearest } }, null, "a@b.vn", Now);

        Assert.True(wasCreated);
        Assert.False(wasCreatedAgain);
        Assert.Equal(EvaluationPhase.Setup, created.Value.Phase);
        Assert.Equal(EvaluationPhase.SelfAssessment, updated.Value.Phase);
        Assert.Equal(Now, updated.Value.StartedAt);
        Assert.Equal(moved.Calendar, updated.Value.Setup.Calendar);
        Assert.Equal(CapRounding.Nearest, updated.Value.Setup.Settings.CapRounding);
        Assert.NotEqual(created.ETag, updated.ETag);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var years = new YearStore(_clients, _names);
        var setup = new YearSetup(YearCalendar.Default(2026), RankingSettings.Default, UnitType.RegulationDefaults);
        var (first, _) = await years.SaveSetupAsync(2026, setup, null, "a@b.vn", Now);
        await years.SaveSetupAsync(2026, setup with { Settings = new RankingSettings { ExcellentCapPercent = 15 } }, first.ETag, "b@b.vn", Now);

        await Assert.ThrowsAsync<StaleWriteException>(() =>
            years.SaveSetupAsync(2026, setup with { Settings = new RankingSettings { ExcellentCapPercent = 30 } }, first.ETag, "c@b.vn", Now));

        var stored = await years.GetAsync(2026);
        Assert.Equal(15m, stored!.Value.Setup.Settings.ExcellentCapPercent);
    }

    [Fact]
    [Trait("Requirement", "R-1.1")]
    public async Task A_years_units_are_one_partition_and_keep_their_phase_when_renamed()
    {
        var units = new UnitStore(_clients, _names);
        var many = Enumerable.Range(1, 130).Select(i => new Unit($"don-vi-{i}", $"Đơn vị {i}", i % 2 == 0 ? "01" : "02")).ToList();
        await units.SaveManyAsync(2025, many);
        await units.SaveManyAsync(2024, [new Unit("don-vi-1", "Năm trước", "01")]);
        await units.SetPhaseAsync(2025, "don-vi-7", EvaluationPhase.AppraisalRound1, Now);
        await units.SaveAsync(2025, new Unit("don-vi-7", "Tên mới", "02"), null);

        var list = await units.ListAsync(2025);
        var renamed = list.Single(record => record.Unit.UnitId == "don-vi-7");

        Assert.Equal(130, list.Count);
        Assert.Equal("Tên mới", renamed.Unit.Name);
        Assert.Equal(EvaluationPhase.AppraisalRound1, renamed.Phase);
        Assert.Equal(Now, renamed.PhaseSince);
    }

    [Fact]
    [Trait("Requirement", "R-9")]
    public async Task People_are_stored_by_lower_case_email_with_their_role()
    {
        var people = new PersonStore(_clients, _names);
        var (saved, created) = await people.SaveAsync(new Person("canbo@soyte.vn", "Nguyễn Văn A", Role.UnitStaff, "so-y-te"), null);
        var (updated, createdAgain) = await people.SaveAsync(new Person("canbo@soyte.vn", "Nguyễn Văn A", Role.UnitHead, "so-y-te"), saved.ETag);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(Role.UnitHead, (await people.GetAsync("canbo@soyte.vn"))!.Value.Role);
        await Assert.ThrowsAsync<StaleWriteException>(() => people.SaveAsync(saved.Value, saved.ETag));
        Assert.Equal(Role.UnitHead, updated.Value.Role);
    }

    [Fact]
    [Trait("Requirement", "R-1.2")]
    public async Task A_replaced_catalogue_is_served_new_while_the_old_version_stays_in_blob_storage()
    {
        var catalogues = new CatalogueStore(_clients, _names);
        var original = SeedData.Catalogues(2025).Single(c => c.IndexSet == "02");
        var retitled = original with { Title = original.Title + " (sửa lần 2)" };

        var first = await catalogues.SaveAsync(original, "a@b.vn", Now);
        var second = await catalogues.SaveAsync(retitled, "a@b.vn", Now.AddHours(1));
        var served = await catalogues.GetAsync(2025, "02");

        Assert.NotEqual(first.Sha256, second.Sha256);
        Assert.Equal(retitled.Title, served!.Title);
        Assert.Equal(original.Leaves().Count(), second.LeafCount);
        var container = await _clients.ContainerAsync(_names.CatalogueBlobs);
        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "2025/02/", CancellationToken.None))
        {
            blobs.Add(blob.Name);
        }

        Assert.Contains($"2025/02/{first.Sha256}.json", blobs);
        Assert.Contains($"2025/02/{second.Sha256}.json", blobs);
        Assert.Single(await catalogues.ListAsync(2025));
    }

    [Fact]
    [Trait("Requirement", "R-6.4")]
    public async Task A_ranking_is_stored_and_read_back_with_exact_decimals()
    {
        var results = new ResultStore(_clients, _names);
        var cards = new[]
        {
            new Scorecard("a", "Đơn vị A", "01", new SectionScores(new Dictionary<string, decimal> { ["I"] = 38.75m, ["II"] = 26.5m, ["VII"] = 0.25m })),
            new Scorecard("b", "Đơn vị B", "01", new SectionScores(new Dictionary<string, decimal> { ["I"] = 30.1m })),
        };
        var document = RankingDocument.From(RankingEngine.Rank(cards, RankingSettings.Default)) with { Published = false, ComputedAt = Now };

        Assert.Null(await results.GetAsync(2025));
        await results.SaveAsync(2025, document);
        var read = await results.GetAsync(2025);

        Assert.Equal(2025, read!.Year);
        Assert.Equal(65m, read.Groups[0].Units[0].Total);
        Assert.Equal(38.75m, read.Groups[0].Units[0].Sections["I"]);
        Assert.False(read.Published);
    }
}
