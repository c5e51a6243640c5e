using Registry.Core.Storage;

namespace Registry.Storage.Tests.Metadata;

/// <summary>
/// <see cref="NewPackageFile.NameOwnedElsewhereIn"/> as every metadata database enforces it: a name held live by one of
/// the other projects refuses the file in the transaction that would record it, so of concurrent publishes of one name
/// into several projects exactly one wins, whatever the versions.
/// </summary>
public abstract class NameOwnershipContract
{
    private static readonly long[] Projects = [1, 2, 3, 4];

    /// <summary>The database the suite runs against.</summary>
    protected abstract MetadataProvider Provider { get; }

    [ContractFact]
    public async Task A_name_live_in_another_listed_project_is_taken_until_it_is_deleted()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        var first = await db.Store.TryAddFileAsync(Owned("@demo/lib", "1.0.0", projectId: 1), default);
        first.Outcome.Should().Be(AddFileOutcome.Added);

        var taken = await db.Store.TryAddFileAsync(Owned("@demo/lib", "2.0.0", projectId: 2), default);
        taken.Outcome.Should().Be(AddFileOutcome.NameTaken);
        taken.Package.Id.Should().Be(first.Package.Id);
        taken.File.Should().BeNull();
        (await db.Store.ListVersionsAsync(2, TestTypes.Npm, "@demo/lib", default)).Should().BeEmpty();

        // The owner adds versions; a project not listed (another top-level group) is not affected.
        (await db.Store.TryAddFileAsync(Owned("@demo/lib", "1.1.0", projectId: 1), default)).Outcome.Should().Be(AddFileOutcome.Added);
        (await db.Store.TryAddFileAsync(Files.New(name: "@demo/lib", type: TestTypes.Npm, projectId: 9) with { NameOwnedElsewhereIn = [5] }, default)).Outcome.Should().Be(AddFileOutcome.Added);

        foreach (var package in await db.Store.ListVersionsAsync(1, TestTypes.Npm, "@demo/lib", default))
        {
            (await db.Store.MarkPackagePendingDestructionAsync(1, package.Id, default)).Should().BeTrue();
        }

        (await db.Store.TryAddFileAsync(Owned("@demo/lib", "2.0.0", projectId: 2), default)).Outcome.Should().Be(AddFileOutcome.Added);
    }

    [ContractFact]
    public async Task Of_concurrent_publishes_of_one_name_into_several_projects_exactly_one_wins()
    {
        await using var db = await TestDatabase.CreateAsync(Provider, sharedByConnections: true);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            db.Store.TryAddFileAsync(Owned("@demo/race", $"1.0.{i}", projectId: Projects[i % Projects.Length]), default))));

        var winners = results.Where(static r => r.Outcome == AddFileOutcome.Added).Select(static r => r.Package.ProjectId).Distinct().ToList();
        winners.Should().ContainSingle();
        results.Where(r => r.Package.ProjectId != winners[0]).Should().BeEmpty();
        results.Count(static r => r.Outcome == AddFileOutcome.NameTaken).Should().Be(results.Count(r => r.Outcome != AddFileOutcome.Added));
        foreach (var project in Projects.Where(p => p != winners[0]))
        {
            (await db.Store.ListVersionsAsync(project, TestTypes.Npm, "@demo/race", default)).Should().BeEmpty();
        }
    }

    /// <summary>A file of <paramref name="name"/> in <paramref name="projectId"/>, which every other project of <see cref="Projects"/> may hold instead.</summary>
    private static NewPackageFile Owned(string name, string version, long projectId) =>
        Files.New(name: name, version: version, fileName: $"{version}.tgz", content: name + version, type: TestTypes.Npm, projectId: projectId) with
        {
            NameOwnedElsewhereIn = [.. Projects.Where(p => p != projectId)],
        };
}
