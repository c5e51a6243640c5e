using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Storage.Relational;
using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

/// <summary>
/// SQLite's revision per <see cref="RevisionScope"/> (issue 19, migration 12): the triggers record which scopes each
/// commit touched in <c>change_scopes</c>, and each revision read moves only those scopes' counters, on the writing host
/// and on another host (another <see cref="Sqlite.SqliteDatabase"/>) on the same file, which learns of them by reading
/// the table. <see cref="_a"/> writes; both hosts are checked.
/// </summary>
public sealed class SqliteScopedRevisionTests : IAsyncLifetime
{
    private TestDatabase _a = null!;
    private TestDatabase _b = null!;

    public async Task InitializeAsync()
    {
        _a = await TestDatabase.CreateAsync(MetadataProvider.Sqlite, sharedByConnections: true);
        _b = _a.SecondHost();
        await _a.Store.TryAddFileAsync(Files.New(projectId: 1, version: "1.0.0"), default);
        await _a.Store.TryAddFileAsync(Files.New(projectId: 2, version: "1.0.0"), default);
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task A_publish_into_one_project_moves_that_project_its_package_and_any_package_only_on_every_host()
    {
        var other = await PackageIdAsync(2);
        var before = await KnownAsync(ScopesOf(0, other));

        await _a.Store.TryAddFileAsync(Files.New(projectId: 1, version: "2.0.0"), default);
        var package = await PackageIdAsync(1, "2.0.0");
        var scopes = ScopesOf(package, other);
        var after = await KnownAsync(scopes);

        foreach (var host in new[] { 0, 1 })
        {
            var which = host == 0 ? "the writing host" : "another host on the file";
            after[host][Directory].Should().Be(before[host][Directory], $"no token, membership or project row changed ({which})");
            after[host][ProjectTwo].Should().Be(before[host][ProjectTwo], $"project 2's packages did not change ({which})");
            after[host][OtherPackage].Should().Be(before[host][OtherPackage], $"project 2's package did not change ({which})");
            after[host][ProjectOne].Should().NotBe(before[host][ProjectOne], $"project 1 got a package ({which})");
            after[host][AnyPackage].Should().NotBe(before[host][AnyPackage], $"a listing across projects may include project 1 ({which})");
            after[host][Package].Should().NotBe(before[host][Package], $"the new package is read afresh ({which})");
        }
    }

    [Fact]
    public async Task A_token_or_a_membership_moves_the_directory_only()
    {
        var user = (await _a.Directory.TryCreateUserAsync("dev", "Developer", false, default))!;
        var group = (await _a.Directory.TryCreateGroupAsync("Demo", "demo", null, ProjectVisibility.Private, default))!;
        var writes = new (string Name, Func<Task> Write)[]
        {
            ("token", () => _a.Directory.CreatePersonalAccessTokenAsync(user.Id, "ci", TokenScopes.Api, null, null, default)),
            ("membership", () => _a.Directory.SetGroupMemberAsync(group.Id, user.Id, AccessLevel.Maintainer, default)),
        };

        var scopes = ScopesOf(await PackageIdAsync(1), await PackageIdAsync(2));
        foreach (var (name, write) in writes)
        {
            var before = await KnownAsync(scopes);
            await write();
            var after = await KnownAsync(scopes);
            foreach (var host in new[] { 0, 1 })
            {
                after[host][Directory].Should().NotBe(before[host][Directory], $"a {name} is read by authorization");
                for (var scope = 1; scope < scopes.Length; scope++)
                {
                    after[host][scope].Should().Be(before[host][scope], $"a {name} changes no package ({scopes[scope]})");
                }
            }
        }
    }

    [Fact]
    public async Task A_file_added_or_deleted_moves_its_packages_project_and_package()
    {
        var package = await PackageIdAsync(1);
        var scopes = ScopesOf(package, await PackageIdAsync(2));

        var beforeAdd = await KnownAsync(scopes);
        await _a.Store.TryAddFileAsync(Files.New(projectId: 1, version: "1.0.0", fileName: "other.tgz", content: "other"), default);
        var afterAdd = await KnownAsync(scopes);
        ExpectPackageChange(beforeAdd, afterAdd, "a file was added");

        var file = (await _a.Store.ListFilesAsync(package, default)).Single(f => f.FileName == "other.tgz");
        (await _a.Store.MarkFilePendingDestructionAsync(package, file.Id, default)).Should().BeTrue();
        var afterMark = await KnownAsync(scopes);
        ExpectPackageChange(afterAdd, afterMark, "a file was marked for deletion");

        await _a.Store.PurgePendingDestructionAsync(default);
        var afterPurge = await KnownAsync(scopes);
        ExpectPackageChange(afterMark, afterPurge, "a file row was deleted");
    }

    [Fact]
    public async Task Deleting_a_package_with_its_files_moves_its_project_and_is_seen_by_another_host()
    {
        var package = await PackageIdAsync(1);
        var scopes = ScopesOf(package, await PackageIdAsync(2));
        var coordinate = PackageCoordinate.Create(1, TestTypes.Generic, "pkg", "1.0.0");
        using (ReadScope.Begin())
        {
            (await _b.Store.FindPackageOrNullAsync(coordinate, default)).Should().NotBeNull();
        }

        (await _a.Store.MarkPackagePendingDestructionAsync(1, package, default)).Should().BeTrue();
        var marked = await KnownAsync(scopes);
        await _a.Store.PurgePendingDestructionAsync(default);
        ExpectPackageChange(marked, await KnownAsync(scopes), "the package and its files were deleted");

        using (ReadScope.Begin())
        {
            (await _b.Store.FindPackageOrNullAsync(coordinate, default)).Should().BeNull("the deletion moved project 1's revision on host B");
        }
    }

    [Fact]
    public async Task Another_host_reloads_the_changed_project_and_keeps_serving_the_other_from_memory()
    {
        var loads = new Dictionary<long, int> { [1] = 0, [2] = 0 };
        async Task<string> ReadAsync(long project)
        {
            using (ReadScope.Begin())
            {
                return await _b.Database.Revisions.GetOrLoadAsync(new ProjectKey(RevisionScope.Project(project)), async () =>
                {
                    loads[project]++;
                    return (await _b.Store.FindPackageOrNullAsync(PackageCoordinate.Create(project, TestTypes.Generic, "pkg", "2.0.0"), default))?.Version ?? "none";
                }, default);
            }
        }

        (await ReadAsync(1)).Should().Be("none");
        (await ReadAsync(2)).Should().Be("none");
        (await ReadAsync(1)).Should().Be("none");
        loads.Should().Equal(new Dictionary<long, int> { [1] = 1, [2] = 1 }, "nothing changed, so both lookups stay in memory");

        await _a.Store.TryAddFileAsync(Files.New(projectId: 1, version: "2.0.0"), default);

        (await ReadAsync(1)).Should().Be("2.0.0", "host A's publish into project 1 is read on host B's next scope");
        (await ReadAsync(2)).Should().Be("none");
        loads.Should().Equal(new Dictionary<long, int> { [1] = 2, [2] = 1 }, "project 2's cached lookup outlives a publish into project 1");
    }

    [Fact]
    public async Task A_host_started_on_a_database_with_scope_rows_moves_only_what_changes_afterwards()
    {
        await using var late = _a.SecondHost();
        var scopes = ScopesOf(await PackageIdAsync(1), await PackageIdAsync(2));
        var before = await KnownOfAsync(late, scopes);

        await _a.Store.TryAddFileAsync(Files.New(projectId: 2, version: "3.0.0"), default);

        var after = await KnownOfAsync(late, scopes);
        after[ProjectOne].Should().Be(before[ProjectOne]);
        after[Directory].Should().Be(before[Directory]);
        after[ProjectTwo].Should().NotBe(before[ProjectTwo]);
    }

    // Indexes into ScopesOf.
    private const int Directory = 0;
    private const int ProjectOne = 1;
    private const int ProjectTwo = 2;
    private const int AnyPackage = 3;
    private const int Package = 4;
    private const int OtherPackage = 5;

    private static RevisionScope[] ScopesOf(long package, long otherPackage) =>
    [
        RevisionScope.Directory, RevisionScope.Project(1), RevisionScope.Project(2), RevisionScope.AnyPackage,
        RevisionScope.Package(package), RevisionScope.Package(otherPackage),
    ];

    private static void ExpectPackageChange(string[][] before, string[][] after, string because)
    {
        foreach (var host in new[] { 0, 1 })
        {
            after[host][ProjectOne].Should().NotBe(before[host][ProjectOne], because);
            after[host][Package].Should().NotBe(before[host][Package], because);
            after[host][AnyPackage].Should().NotBe(before[host][AnyPackage], because);
            after[host][ProjectTwo].Should().Be(before[host][ProjectTwo], because);
            after[host][OtherPackage].Should().Be(before[host][OtherPackage], because);
            after[host][Directory].Should().Be(before[host][Directory], because);
        }
    }

    /// <summary>Each host's revision of each scope, as a lookup filed under it sees it (a revision read first).</summary>
    private async Task<string[][]> KnownAsync(RevisionScope[] scopes) =>
        [await KnownOfAsync(_a, scopes), await KnownOfAsync(_b, scopes)];

    private static async Task<string[]> KnownOfAsync(TestDatabase host, RevisionScope[] scopes)
    {
        var known = new string[scopes.Length];
        for (var i = 0; i < scopes.Length; i++)
        {
            known[i] = await host.RevisionAsync(scopes[i]);
        }

        return known;
    }

    private async Task<long> PackageIdAsync(long project, string version = "1.0.0") =>
        (await _a.Store.FindPackageOrNullAsync(PackageCoordinate.Create(project, TestTypes.Generic, "pkg", version), default))?.Id
        ?? throw new InvalidOperationException("no such package");

    private sealed record ProjectKey(RevisionScope Scope) : IRevisionScoped;
}
