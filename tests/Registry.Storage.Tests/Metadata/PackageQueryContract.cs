using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Storage;

namespace Registry.Storage.Tests.Metadata;

/// <summary>The contract every metadata database meets; run once per provider by the concrete subclasses.</summary>
public abstract class PackageQueryContract : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(Provider);
        var minute = 0;
        async Task Add(long project, string name, string version, PackageType type, PackageStatus status = PackageStatus.Default) =>
            await _db.Store.TryAddFileAsync(
                Files.New(projectId: project, name: name, version: version, type: type, status: status, at: TestDatabase.Start.AddMinutes(minute++)),
                default);

        await Add(1, "alpha", "1.0", TestTypes.Generic);
        await Add(1, "Beta", "1.0", TestTypes.Npm);
        await Add(1, "beta-tools", "2.0", TestTypes.Npm);
        await Add(1, "gamma", "1.0", TestTypes.Generic, PackageStatus.Deprecated);
        await Add(1, "hidden", "1.0", TestTypes.Generic, PackageStatus.Hidden);
        await Add(1, "processing", "1.0", TestTypes.Generic, PackageStatus.Processing);
        await Add(1, "error", "1.0", TestTypes.Generic, PackageStatus.Error);
        await Add(1, "100%_sure", "1.0", TestTypes.Generic);
        await Add(2, "other", "1.0", TestTypes.Generic);
        var deleted = await _db.Store.TryAddFileAsync(Files.New(projectId: 1, name: "deleted"), default);
        await _db.Store.MarkPackagePendingDestructionAsync(1, deleted.Package.Id, default);
    }

    /// <summary>The database the suite runs against.</summary>
    protected abstract MetadataProvider Provider { get; }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [ContractFact]
    public async Task By_default_only_default_and_deprecated_packages_are_listed()
    {
        var page = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1] }, default);

        page.Items.Select(p => p.Name).Should().Equal("alpha", "Beta", "beta-tools", "gamma", "100%_sure");
        page.Total.Should().Be(5);
    }

    [ContractFact]
    public async Task An_explicit_status_lists_only_that_status()
    {
        var page = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1], Status = PackageStatus.Hidden }, default);

        page.Items.Should().ContainSingle().Which.Name.Should().Be("hidden");
    }

    [ContractFact]
    public async Task Filters_combine()
    {
        var byType = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1], PackageType = "npm" }, default);
        var byName = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1, 2], NameContains = "BETA" }, default);
        var byVersion = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1], Version = "2.0" }, default);
        var byWildcardText = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1], NameContains = "0%_" }, default);
        var noWildcard = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1], NameContains = "_" }, default);
        var bothProjects = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1, 2], PackageType = "generic" }, default);

        byType.Items.Select(p => p.Name).Should().Equal("Beta", "beta-tools");
        byName.Items.Select(p => p.Name).Should().Equal("Beta", "beta-tools");
        byVersion.Items.Select(p => p.Name).Should().Equal("beta-tools");
        byWildcardText.Items.Select(p => p.Name).Should().Equal("100%_sure");
        noWildcard.Items.Select(p => p.Name).Should().Equal("100%_sure");
        bothProjects.Total.Should().Be(4);
    }

    [ContractFact]
    public async Task Sorting_is_stable_and_paging_keeps_the_total()
    {
        var query = new PackageQuery { ProjectIds = [1], OrderBy = PackageOrder.Version, Descending = true, PerPage = 2 };

        var first = await _db.Store.QueryAsync(query, default);
        var second = await _db.Store.QueryAsync(query with { Page = 2 }, default);
        var third = await _db.Store.QueryAsync(query with { Page = 3 }, default);
        var beyond = await _db.Store.QueryAsync(query with { Page = 4 }, default);

        // Four share version 1.0: the id breaks the tie, in the same direction.
        first.Items.Select(p => p.Name).Should().Equal("beta-tools", "100%_sure");
        second.Items.Select(p => p.Name).Should().Equal("gamma", "Beta");
        third.Items.Select(p => p.Name).Should().Equal("alpha");
        beyond.Items.Should().BeEmpty();
        new[] { first, second, third, beyond }.Select(p => p.Total).Should().AllBeEquivalentTo(5L);
    }

    [ContractFact]
    public async Task Sorts_by_name_type_and_created_at()
    {
        var byName = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1], OrderBy = PackageOrder.Name }, default);
        var byType = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1], OrderBy = PackageOrder.Type, Descending = true }, default);
        var newest = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1], Descending = true, PerPage = 1 }, default);

        byName.Items.Select(p => p.Name).Should().Equal("100%_sure", "Beta", "alpha", "beta-tools", "gamma");
        byType.Items.Select(p => p.Type).Should().Equal("npm", "npm", "generic", "generic", "generic");
        newest.Items.Should().ContainSingle().Which.Name.Should().Be("100%_sure");
    }

    [ContractFact]
    public async Task Sorts_by_project_path()
    {
        // A database of its own: the fixture's packages use project ids the directory would hand out.
        await using var db = await TestDatabase.CreateAsync(Provider);
        var group = await db.Directory.TryCreateGroupAsync("G", "g", null, ProjectVisibility.Public, default);
        var zeta = await db.Directory.TryCreateProjectAsync("Z", "zeta", group!.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, default);
        var alpha = await db.Directory.TryCreateProjectAsync("A", "alpha", group.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, default);
        await db.Store.TryAddFileAsync(Files.New(projectId: zeta!.Id, name: "in-zeta"), default);
        await db.Store.TryAddFileAsync(Files.New(projectId: alpha!.Id, name: "in-alpha"), default);

        var page = await db.Store.QueryAsync(new PackageQuery { ProjectIds = [zeta.Id, alpha.Id], OrderBy = PackageOrder.ProjectPath }, default);

        page.Items.Select(p => p.Name).Should().Equal("in-alpha", "in-zeta");
    }

    [ContractFact]
    public async Task No_projects_means_an_empty_page_and_bad_paging_is_refused()
    {
        (await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [] }, default)).Should().BeEquivalentTo(new PackagePage([], 0));
        var act = () => _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1], Page = 0 }, default);
        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }
}
