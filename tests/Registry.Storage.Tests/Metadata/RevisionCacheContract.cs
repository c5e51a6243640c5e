using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Storage.Tests.Metadata;

/// <summary>
/// Lookups answered from memory within a <see cref="ReadScope"/> (the relational RevisionCache): the database's
/// revision moves with every committed write, so a scope that begins after a change made by any host sees it.
/// <see cref="_a"/> and <see cref="_b"/> are two hosts on one database. Where <see cref="_a"/> learns of
/// <see cref="_b"/>'s commits by notification (PostgreSQL's default), a test first waits for those already sent
/// (<see cref="SettleAsync"/>, a no-op where every revision is read from the database), since that delivery is the
/// bound the README states.
/// </summary>
public abstract class RevisionCacheContract : IAsyncLifetime
{
    private TestDatabase _a = null!;
    private TestDatabase _b = null!;
    private User _dev = null!;
    private Group _group = null!;
    private Project _project = null!;

    /// <summary>The database the suite runs against.</summary>
    protected abstract MetadataProvider Provider { get; }

    /// <summary>PostgreSQL only: whether revisions follow notifications (true) or a query per read.</summary>
    protected virtual bool ChangeNotifications => true;

    public async Task InitializeAsync()
    {
        _a = await TestDatabase.CreateAsync(Provider, sharedByConnections: true, ChangeNotifications);
        _b = _a.SecondHost();
        _dev = (await _a.Directory.TryCreateUserAsync("dev", "Developer", false, default))!;
        _group = (await _a.Directory.TryCreateGroupAsync("Demo", "demo", null, ProjectVisibility.Private, default))!;
        _project = (await _a.Directory.TryCreateProjectAsync("App", "app", _group.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default))!;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [ContractFact]
    public async Task Every_kind_of_committed_write_moves_the_revision()
    {
        var writes = new (string Name, Func<Task> Write)[]
        {
            ("user", () => _b.Directory.TryCreateUserAsync("other", "Other", false, default)),
            ("group", () => _b.Directory.TryCreateGroupAsync("Sub", "sub", _group.Id, ProjectVisibility.Private, default)),
            ("project", () => _b.Directory.UpdateProjectAsync(_project.Id, ProjectVisibility.Public, null, default)),
            ("member", () => _b.Directory.SetProjectMemberAsync(_project.Id, _dev.Id, AccessLevel.Developer, default)),
            ("token", () => _b.Directory.CreatePersonalAccessTokenAsync(_dev.Id, "ci", TokenScopes.Api, null, null, default)),
            ("publish", () => _b.Store.TryAddFileAsync(Files.New(projectId: _project.Id), default)),
            ("tags", async () => await _b.Store.MoveTagsAsync((await _b.Store.FindPackageByIdOrNullAsync(_project.Id, await PackageIdAsync(), default) is { } p ? PackageCoordinate.Create(p.ProjectId, TestTypes.Generic, p.Name, p.Version) : throw new InvalidOperationException("no package")), ["stable"], TestDatabase.Start, default)),
            ("delete", async () => await _b.Store.MarkPackagePendingDestructionAsync(_project.Id, await PackageIdAsync(), default)),
            ("purge", () => _b.Store.PurgePendingDestructionAsync(default)),
            ("settings", () => new Relational.RelationalPackageSettingsStore(_b.Database).SetDuplicateSettingsAsync(_group.Id, "npm", new DuplicateSettings(false, null), default)),
        };

        foreach (var (name, write) in writes)
        {
            var before = await RevisionOfEverythingAsync();
            await write();
            await SettleAsync();
            (await RevisionOfEverythingAsync()).Should().NotBe(before, $"a committed {name} write changes what reads see");
        }
    }

    /// <summary>
    /// The revision as a lookup of any scope this suite touches sees it: the database's, and where commits are counted
    /// per scope (PostgreSQL's notifications), those counters.
    /// </summary>
    private Task<string> RevisionOfEverythingAsync() => RevisionOfEverythingAsync(_a);

    private async Task<string> RevisionOfEverythingAsync(TestDatabase host)
    {
        var revision = await host.Database.ReadRevisionAsync(default);
        var scopes = new[] { Relational.RevisionScope.Directory, Relational.RevisionScope.AnyPackage, Relational.RevisionScope.Project(_project.Id) };
        return revision + "/" + string.Join(',', scopes.Select(host.Database.KnownScopeCounter));
    }

    [ContractFact]
    public async Task Recording_downloads_moves_no_revision_and_the_time_is_read_afresh_by_another_host()
    {
        await _b.Store.TryAddFileAsync(Files.New(projectId: _project.Id), default);
        var id = await PackageIdAsync();
        await SettleAsync();
        using (ReadScope.Begin())
        {
            (await _a.Store.FindPackageByIdOrNullAsync(_project.Id, id, default)).Should().NotBeNull();
            (await _a.Store.ListLastDownloadsAsync([id], default)).Should().BeEmpty();
        }

        // Without notifications PostgreSQL's revision is the cluster's snapshot, which every commit moves (anything's,
        // anywhere): that mode already pays a query per read, so only the tracked revisions are held to this.
        var tracked = Provider != MetadataProvider.PostgreSql || ChangeNotifications;
        if (Provider == MetadataProvider.PostgreSql && tracked)
        {
            // Until its listener listens a host reads the snapshot instead, which this commit would move.
            await ListeningAsync(_a);
            await ListeningAsync(_b);
        }

        var (beforeA, beforeB) = (await RevisionOfEverythingAsync(_a), await RevisionOfEverythingAsync(_b));
        await _b.Store.RecordDownloadsAsync(new Dictionary<long, DateTimeOffset> { [id] = TestDatabase.Start }, TimeSpan.FromMinutes(1), default);
        await SettleAsync();

        if (tracked)
        {
            (await RevisionOfEverythingAsync(_a)).Should().Be(beforeA, "another host's download bookkeeping empties no read cache");
            (await RevisionOfEverythingAsync(_b)).Should().Be(beforeB, "the recording host's own read cache stays too");
        }

        using (ReadScope.Begin())
        {
            (await _a.Store.ListLastDownloadsAsync([id], default)).Should().Equal(new Dictionary<long, DateTimeOffset> { [id] = TestDatabase.Start });
        }
    }

    [ContractFact]
    public async Task A_publish_through_another_host_reloads_its_project_and_leaves_other_projects_and_the_directory_cached()
    {
        // Where revisions are counted per scope (SQLite's change_scopes rows, PostgreSQL's notifications); PostgreSQL's
        // snapshot without notifications moves with every commit, so there only the reload is held.
        var scoped = Provider != MetadataProvider.PostgreSql || ChangeNotifications;
        if (Provider == MetadataProvider.PostgreSql && scoped)
        {
            await ListeningAsync(_a);
        }

        var other = (await _a.Directory.TryCreateProjectAsync("Other", "other", _group.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default))!;
        await SettleAsync();
        var loads = new Dictionary<string, int> { ["app"] = 0, ["other"] = 0, ["directory"] = 0 };
        async Task<string> ReadAsync(string name)
        {
            using (ReadScope.Begin())
            {
                object key = name switch
                {
                    "app" => new ScopedKey(name, Relational.RevisionScope.Project(_project.Id)),
                    "other" => new ScopedKey(name, Relational.RevisionScope.Project(other.Id)),
                    _ => name,
                };
                return await _a.Database.Revisions.GetOrLoadAsync(key, async () =>
                {
                    loads[name]++;
                    var project = name == "other" ? other.Id : _project.Id;
                    return (await _a.Store.FindPackageOrNullAsync(PackageCoordinate.Create(project, TestTypes.Generic, "pkg", "1.0.0"), default))?.Version ?? "none";
                }, default);
            }
        }

        foreach (var name in loads.Keys.ToList())
        {
            (await ReadAsync(name)).Should().Be("none");
        }

        await _b.Store.TryAddFileAsync(Files.New(projectId: other.Id), default);
        await SettleAsync();

        (await ReadAsync("other")).Should().Be("1.0.0", "the publish is read by the next scope on host A");
        loads["other"].Should().Be(2);
        (await ReadAsync("app")).Should().Be("none");
        (await ReadAsync("directory")).Should().Be("none");
        if (scoped)
        {
            loads["app"].Should().Be(1, "another project's publish leaves this project's lookups cached");
            loads["directory"].Should().Be(1, "a publish leaves tokens, memberships and projects cached");
        }
    }

    [ContractFact]
    public async Task Per_lookup_each_lookup_sees_every_write_before_it_and_is_answered_from_memory_where_the_revision_is_cheap()
    {
        // A request that writes runs under BeginPerLookup: its lookups may follow its own writes, so each one checks the
        // revision itself. A revision known without a query (PostgreSQL's notifications) or read in-process (SQLite) makes
        // that check cheaper than the lookup; PostgreSQL's pooled snapshot query does not, and there, as outside
        // BeginPerLookup (background jobs, the health check), it loads.
        var cheap = Provider == MetadataProvider.Sqlite || ChangeNotifications;
        if (Provider == MetadataProvider.PostgreSql && ChangeNotifications)
        {
            await ListeningAsync(_a);
        }

        var loads = 0;
        Task<string> LookUpAsync() => _a.Database.Revisions.GetOrLoadAsync("per-lookup", () => Task.FromResult($"load {++loads}"), default);
        using (ReadScope.BeginPerLookup())
        {
            ReadScope.Current.Should().BeNull("per lookup is not a scope that could span a write");
            await LookUpAsync();
            await LookUpAsync();
            loads.Should().Be(cheap ? 1 : 2);

            (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Private);
            await _a.Directory.UpdateProjectAsync(_project.Id, ProjectVisibility.Public, null, default);
            (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Public, "this host's own write, just made");

            await _b.Directory.UpdateProjectAsync(_project.Id, ProjectVisibility.Internal, null, default);
            await SettleAsync();
            (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Internal, "another host's write, delivered");
        }

        ReadScope.PerLookup.Should().BeFalse();
        var before = loads;
        await LookUpAsync();
        await LookUpAsync();
        loads.Should().Be(before + 2, "outside a scope and outside BeginPerLookup every lookup reaches the database");
    }

    [ContractFact]
    public async Task A_scope_that_begins_after_another_host_changed_a_project_sees_the_change()
    {
        using (ReadScope.Begin())
        {
            (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Private);
            await _b.Directory.UpdateProjectAsync(_project.Id, ProjectVisibility.Public, null, default);
            await SettleAsync();

            // Within one scope the first answer stands: that is what makes a request cost one revision check.
            (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Private);
        }

        using (ReadScope.Begin())
        {
            (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Public);
        }
    }

    [ContractFact]
    public async Task A_token_revoked_through_another_host_is_refused_by_the_next_scope()
    {
        var token = await _a.Directory.CreatePersonalAccessTokenAsync(_dev.Id, "ci", TokenScopes.Api, null, null, default);
        using (ReadScope.Begin())
        {
            (await _a.Directory.ValidateOrNullAsync(token.Token, default)).Should().NotBeNull();
        }

        (await _b.Directory.RevokeTokenAsync(token.Id, default)).Should().BeTrue();
        await SettleAsync();

        using (ReadScope.Begin())
        {
            (await _a.Directory.ValidateOrNullAsync(token.Token, default)).Should().BeNull();
        }
    }

    [ContractFact]
    public async Task A_cached_token_is_refused_once_it_expires_though_no_row_changed()
    {
        var token = await _a.Directory.CreatePersonalAccessTokenAsync(_dev.Id, "ci", TokenScopes.Api, TestDatabase.Start.AddHours(1), null, default);
        using (ReadScope.Begin())
        {
            (await _a.Directory.ValidateOrNullAsync(token.Token, default)).Should().NotBeNull();
        }

        _a.Time.Advance(TimeSpan.FromHours(2));

        using (ReadScope.Begin())
        {
            (await _a.Directory.ValidateOrNullAsync(token.Token, default)).Should().BeNull();
        }
    }

    [ContractFact]
    public async Task A_membership_and_a_publish_through_another_host_are_seen_by_the_next_scope()
    {
        using (ReadScope.Begin())
        {
            (await _a.Directory.GetAccessLevelAsync(_dev.Id, _project, default)).Should().Be(AccessLevel.None);
            (await _a.Store.FindVersionsFingerprintOrNullAsync(_project.Id, TestTypes.Generic, "pkg", default)).Should().BeNull();
            (await _a.Store.FindPackageOrNullAsync(PackageCoordinate.Create(_project.Id, TestTypes.Generic, "pkg", "1.0.0"), default)).Should().BeNull();
        }

        await _b.Directory.SetGroupMemberAsync(_group.Id, _dev.Id, AccessLevel.Maintainer, default);
        await _b.Store.TryAddFileAsync(Files.New(projectId: _project.Id), default);
        await SettleAsync();

        using (ReadScope.Begin())
        {
            (await _a.Directory.GetAccessLevelAsync(_dev.Id, _project, default)).Should().Be(AccessLevel.Maintainer);
            (await _a.Store.FindVersionsFingerprintOrNullAsync(_project.Id, TestTypes.Generic, "pkg", default)).Should().NotBeNull();
            var package = await _a.Store.FindPackageOrNullAsync(PackageCoordinate.Create(_project.Id, TestTypes.Generic, "pkg", "1.0.0"), default);
            package.Should().NotBeNull();
            (await _a.Store.ListFilesAsync(package?.Id ?? 0, default)).Should().ContainSingle();
        }
    }

    [ContractFact]
    public async Task A_read_scope_lists_exactly_the_versions_its_fingerprint_was_computed_from()
    {
        // A document request asks for the fingerprint, then (rendering) for the versions: both come from one read of the
        // versions, so a publish between the two is in neither, and the document is never filed under a fingerprint
        // of other versions than it shows.
        await _b.Store.TryAddFileAsync(Files.New(projectId: _project.Id), default);
        await SettleAsync();
        string? before;
        using (ReadScope.Begin())
        {
            before = await _a.Store.FindVersionsFingerprintOrNullAsync(_project.Id, TestTypes.Generic, "pkg", default);
            await _b.Store.TryAddFileAsync(Files.New(version: "2.0.0", fileName: "pkg-2.0.0.tgz", projectId: _project.Id), default);
            await SettleAsync();
            var listed = await _a.Store.ListVersionSummariesAsync(_project.Id, TestTypes.Generic, "pkg", default);
            listed.Select(v => v.Package.Version).Should().Equal("1.0.0");
        }

        using (ReadScope.Begin())
        {
            var after = await _a.Store.FindVersionsFingerprintOrNullAsync(_project.Id, TestTypes.Generic, "pkg", default);
            var listed = await _a.Store.ListVersionSummariesAsync(_project.Id, TestTypes.Generic, "pkg", default);
            listed.Select(v => v.Package.Version).Should().Equal("1.0.0", "2.0.0");
            after.Should().NotBe(before);
        }
    }

    [ContractFact]
    public async Task Concurrent_scopes_that_begin_after_another_host_changed_a_project_all_see_the_change()
    {
        // Revision reads are shared between concurrent requests; none may be answered by one that began before it.
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(ReadVisibilityAsync)));
        await _b.Directory.UpdateProjectAsync(_project.Id, ProjectVisibility.Public, null, default);
        await SettleAsync();

        var seen = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(ReadVisibilityAsync)));

        seen.Should().OnlyContain(visibility => visibility == ProjectVisibility.Public);

        async Task<ProjectVisibility?> ReadVisibilityAsync()
        {
            using (ReadScope.Begin())
            {
                return (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility;
            }
        }
    }

    [ContractFact]
    public async Task Concurrent_misses_of_one_lookup_in_one_generation_load_it_once()
    {
        var loads = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var revision = await _a.Database.ReadRevisionAsync(default);

        var lookups = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            using (ReadScope.Begin())
            {
                return await _a.Database.Revisions.GetOrLoadAsync("single-flight", async () =>
                {
                    Interlocked.Increment(ref loads);
                    await release.Task;
                    return 42;
                }, default);
            }
        })).ToList();

        while (Volatile.Read(ref loads) == 0)
        {
            await Task.Delay(1);
        }

        release.SetResult();
        (await Task.WhenAll(lookups)).Should().OnlyContain(value => value == 42);
        if (await _a.Database.ReadRevisionAsync(default) == revision)
        {
            loads.Should().Be(1, "the misses of one generation wait for the first one's load");
        }
    }

    [ContractFact]
    public async Task A_failed_load_is_not_cached_and_the_next_lookup_loads_again()
    {
        using (ReadScope.Begin())
        {
            await _a.Database.Revisions.Invoking(r => r.GetOrLoadAsync<int>("failing", () => throw new InvalidOperationException("gone"), default))
                .Should().ThrowAsync<InvalidOperationException>();
            (await _a.Database.Revisions.GetOrLoadAsync("failing", () => Task.FromResult(7), default)).Should().Be(7);
        }
    }

    [ContractFact]
    public async Task Outside_a_scope_every_lookup_reads_the_database()
    {
        (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Private);
        await _b.Directory.UpdateProjectAsync(_project.Id, ProjectVisibility.Internal, null, default);
        (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Internal);
    }

    /// <summary>Waits until <see cref="_a"/>'s revision reflects every commit made so far (a no-op where it queries it).</summary>
    private Task SettleAsync() => _a.Database.SynchronizeAsync(default);

    private static async Task ListeningAsync(TestDatabase host)
    {
        // Not a timed assertion: the listener connects in the background; a minute covers the most loaded machine.
        for (var wait = 0; wait < 6_000 && !host.Database.TryReadKnownRevision(out _); wait++)
        {
            await Task.Delay(10);
        }

        host.Database.TryReadKnownRevision(out _).Should().BeTrue("the host listens for changes");
    }

    private sealed record ScopedKey(string Name, Relational.RevisionScope Scope) : Relational.IRevisionScoped;

    private async Task<long> PackageIdAsync() =>
        (await _b.Store.FindPackageOrNullAsync(PackageCoordinate.Create(_project.Id, TestTypes.Generic, "pkg", "1.0.0"), default))?.Id
        ?? throw new InvalidOperationException("the package is gone");
}
