using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Storage;
using Registry.Storage.PostgreSql;
using Registry.Storage.Relational;
using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

/// <summary>
/// Revisions from <c>LISTEN/NOTIFY</c> (issue 19): a read answered from memory asks PostgreSQL nothing, a host reads its
/// own commits at once, another host's commits arrive by notification, and a lost listening connection sends reads
/// back to a query each until it listens again, so nothing stale is served meanwhile.
/// </summary>
[RequiresPostgreSql]
public sealed class PostgreSqlChangeListenerTests : IAsyncLifetime
{
    private TestDatabase _a = null!;
    private TestDatabase _b = null!;

    public async Task InitializeAsync()
    {
        _a = await TestDatabase.CreateAsync(MetadataProvider.PostgreSql);
        _b = _a.SecondHost();
        await ListeningAsync(_a);
        await ListeningAsync(_b);
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [ContractFact]
    public async Task A_listening_host_knows_its_revision_without_asking_the_database()
    {
        // TryReadKnownRevision answering is what spares RevisionCache its query: it never opens a connection.
        for (var i = 0; i < 1_000; i++)
        {
            _a.Database.TryReadKnownRevision(out var revision).Should().BeTrue();
            revision.Should().StartWith("n");
        }

        (await ListenerSessionsAsync()).Should().Be(2, "each host keeps one listening connection");
    }

    [ContractFact]
    public async Task A_hosts_own_commit_moves_its_revision_before_the_notification_comes_back()
    {
        var before = Known(_a);
        await _a.Directory.TryCreateUserAsync("mine", "Mine", false, default);

        Known(_a).Should().NotBe(before, "a host reads its own writes at once");
    }

    [ContractFact]
    public async Task Another_hosts_commit_reaches_this_hosts_revision_by_notification()
    {
        var group = await _a.Directory.TryCreateGroupAsync("Demo", "demo", null, ProjectVisibility.Private, default);
        var project = await _a.Directory.TryCreateProjectAsync("App", "app", group?.Id ?? 0, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default);
        using (ReadScope.Begin())
        {
            (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Private);
        }

        var before = Known(_a);
        await _b.Directory.UpdateProjectAsync(project?.Id ?? 0, ProjectVisibility.Public, null, default);
        await _a.Database.SynchronizeAsync(default);

        Known(_a).Should().NotBe(before);
        using (ReadScope.Begin())
        {
            (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Public);
        }
    }

    [ContractFact]
    public async Task A_commit_to_another_database_on_the_same_server_moves_nothing()
    {
        // The snapshot revision moved with any commit in the cluster; notifications are per database.
        await using var other = await TestDatabase.CreateAsync(MetadataProvider.PostgreSql);
        await ListeningAsync(other);
        var before = Known(_a);

        await other.Directory.TryCreateUserAsync("elsewhere", "Elsewhere", false, default);
        await other.Database.SynchronizeAsync(default);
        await _a.Database.SynchronizeAsync(default);

        Known(_a).Should().Be(before);
    }

    [ContractFact]
    public async Task A_lost_listening_connection_is_replaced_and_no_commit_made_meanwhile_is_missed()
    {
        var group = await _a.Directory.TryCreateGroupAsync("Demo", "demo", null, ProjectVisibility.Private, default);
        var project = await _a.Directory.TryCreateProjectAsync("App", "app", group?.Id ?? 0, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default);
        using (ReadScope.Begin())
        {
            (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Private);
        }

        var session = Session(Known(_a));
        await TerminateListenersAsync();
        await UntilAsync(() => !_a.Database.TryReadKnownRevision(out _), "host A notices its listener is gone");

        // Made while host A listens to nothing: no notification will ever tell it. Reads query the database instead.
        await _b.Directory.UpdateProjectAsync(project?.Id ?? 0, ProjectVisibility.Public, null, default);
        using (ReadScope.Begin())
        {
            (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Public);
        }

        await UntilAsync(() => _a.Database.TryReadKnownRevision(out var r) && Session(r) != session, "host A listens again");
        using (ReadScope.Begin())
        {
            (await _a.Directory.FindProjectOrNullAsync("demo/app", default))?.Visibility.Should().Be(ProjectVisibility.Public);
        }

        await UntilAsync(() => _b.Database.TryReadKnownRevision(out _), "host B listens again");
        (await ListenerSessionsAsync()).Should().Be(2);
    }

    [ContractFact]
    public async Task A_publish_moves_only_its_projects_and_its_packages_revisions_on_every_host()
    {
        await _a.Store.TryAddFileAsync(Files.New(projectId: 1, version: "1.0.0"), default);
        await _a.Store.TryAddFileAsync(Files.New(projectId: 2, version: "1.0.0"), default);
        await _b.Database.SynchronizeAsync(default);
        var package = (await _a.Store.FindPackageOrNullAsync(PackageCoordinate.Create(1, TestTypes.Generic, "pkg", "1.0.0"), default))?.Id ?? 0;
        var scopes = new[] { RevisionScope.Directory, RevisionScope.Project(1), RevisionScope.Project(2), RevisionScope.Package(package), RevisionScope.AnyPackage };
        var before = scopes.Select(scope => (Known(_a, scope), Known(_b, scope))).ToArray();

        // A second file for the package of project 1, from host A; host B learns of it by notification.
        await _a.Store.TryAddFileAsync(Files.New(projectId: 1, version: "1.0.0", fileName: "other.tgz", content: "other"), default);
        await _b.Database.SynchronizeAsync(default);

        var after = scopes.Select(scope => (Known(_a, scope), Known(_b, scope))).ToArray();
        after[0].Should().Be(before[0], "no token, membership or project row changed");
        after[2].Should().Be(before[2], "project 2's packages did not change");
        after[1].Item1.Should().NotBe(before[1].Item1, "host A reads its own write at once");
        after[1].Item2.Should().NotBe(before[1].Item2, "host B learns of project 1's change");
        after[3].Should().NotBe(before[3]);
        after[4].Should().NotBe(before[4], "a listing across projects may include project 1");
    }

    [ContractFact]
    public async Task Another_hosts_publish_is_read_there_while_other_projects_stay_cached()
    {
        await _a.Store.TryAddFileAsync(Files.New(projectId: 2, version: "1.0.0"), default);
        var one = PackageCoordinate.Create(1, TestTypes.Generic, "pkg", "1.0.0");
        var two = PackageCoordinate.Create(2, TestTypes.Generic, "pkg", "1.0.0");
        using (ReadScope.Begin())
        {
            (await _b.Store.FindPackageOrNullAsync(one, default)).Should().BeNull();
            (await _b.Store.FindPackageOrNullAsync(two, default)).Should().NotBeNull();
        }

        var cachedTwo = Known(_b, RevisionScope.Project(2));
        await _a.Store.TryAddFileAsync(Files.New(projectId: 1, version: "1.0.0"), default);
        await _b.Database.SynchronizeAsync(default);

        using (ReadScope.Begin())
        {
            (await _b.Store.FindPackageOrNullAsync(one, default)).Should().NotBeNull("the notification moved project 1's revision");
            (await _b.Store.FindPackageOrNullAsync(two, default)).Should().NotBeNull();
        }

        Known(_b, RevisionScope.Project(2)).Should().Be(cachedTwo, "project 2's generation is kept");
    }

    [ContractFact]
    public async Task Deleting_a_package_moves_its_projects_revision()
    {
        await _a.Store.TryAddFileAsync(Files.New(projectId: 1, version: "1.0.0"), default);
        var coordinate = PackageCoordinate.Create(1, TestTypes.Generic, "pkg", "1.0.0");
        var package = await _a.Store.FindPackageOrNullAsync(coordinate, default);
        await _b.Database.SynchronizeAsync(default);
        var before = Known(_b, RevisionScope.Project(1));

        await _a.Store.MarkPackagePendingDestructionAsync(1, package?.Id ?? 0, default);
        await _a.Store.PurgePendingDestructionAsync(default);
        await _b.Database.SynchronizeAsync(default);

        Known(_b, RevisionScope.Project(1)).Should().NotBe(before);
        using (ReadScope.Begin())
        {
            (await _b.Store.FindPackageOrNullAsync(coordinate, default)).Should().BeNull();
        }
    }

    [ContractFact]
    public async Task Disposing_a_host_closes_its_listening_connection()
    {
        var third = _a.SecondHost();
        await ListeningAsync(third);
        (await ListenerSessionsAsync()).Should().Be(3);

        await third.DisposeAsync();

        (await ListenerSessionsAsync()).Should().Be(2);
    }

    /// <summary>The revision a cache generation of <paramref name="scope"/> (the directory by default) is filed under.</summary>
    private static string Known(TestDatabase host, RevisionScope? scope = null) =>
        host.Database.TryReadKnownRevision(out var revision)
            ? revision + "/" + host.Database.KnownScopeCounter(scope ?? RevisionScope.Directory).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("not listening");

    private static string Session(string revision) => revision[..revision.IndexOf(':', StringComparison.Ordinal)];

    private static async Task ListeningAsync(TestDatabase host)
    {
        await host.Database.EnsureInitializedAsync(default);
        await UntilAsync(() => host.Database.TryReadKnownRevision(out _), "the host listens for changes");
    }

    private static async Task UntilAsync(Func<bool> condition, string because)
    {
        // Not a timed assertion: the listener works in the background; a minute covers the most loaded machine.
        for (var wait = 0; wait < 6_000 && !condition(); wait++)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue(because);
    }

    private async Task<long> ListenerSessionsAsync()
    {
        // The backend of a closed connection may linger a moment in pg_stat_activity; wait for the count to settle.
        long count = -1;
        for (var i = 0; i < 100; i++)
        {
            await using var connection = await _a.Database.OpenAsync(default);
            var now = Convert.ToInt64(await connection.ScalarAsync(
                null,
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name",
                default,
                ("@name", PostgreSqlChangeListener.ApplicationName)), System.Globalization.CultureInfo.InvariantCulture);
            if (now == count)
            {
                return now;
            }

            count = now;
            await Task.Delay(50);
        }

        return count;
    }

    private async Task TerminateListenersAsync()
    {
        await using var connection = await _a.Database.OpenAsync(default);
        await connection.ScalarAsync(
            null,
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name",
            default,
            ("@name", PostgreSqlChangeListener.ApplicationName));
    }
}
