using System.Net;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;
using Registry.Testing;

namespace Registry.Formats.Tests.Maven;

/// <summary>
/// Issue 16, defect 3: which project answers <c>GET /api/v4/packages/maven/...</c> when several readable projects hold
/// the path. The rule (README, Maven): projects whose top-level group is named by a segment of the groupId first (the
/// most specific segment first), then every other readable project; within each, the oldest package first. Run on the
/// SQLite and the PostgreSQL catalog, since the candidate query is SQL.
/// </summary>
public sealed class MavenInstanceResolutionTests
{
    private const string Token = SampleHostFactory.AdminToken;

    public static TheoryData<string> Providers => new() { "Sqlite", "PostgreSql" };

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task A_later_package_from_another_top_level_group_does_not_shadow_the_groupIds_own_namespace(string provider)
    {
        await using var scope = await HostScope.CreateAsync(provider);
        var (victim, victimToken) = await scope.Host.CreateUserAsync("victim");
        await scope.Host.Directory.SetGroupMemberAsync(1, victim.Id, AccessLevel.Reporter, CancellationToken.None);
        await scope.PutAsync($"{MavenHostFactory.Project}/com/demo/core/1.0/core-1.0.jar", "genuine");

        // A maintainer of an unrelated public group publishes the same coordinates (and a newer version) later.
        var attacker = await scope.Host.CreateProjectAsync("evil", "tools", ProjectVisibility.Public);
        await scope.PutAsync($"/api/v4/projects/{attacker.Id}/packages/maven/com/demo/core/1.0/core-1.0.jar", "attacker");
        await scope.PutAsync($"/api/v4/projects/{attacker.Id}/packages/maven/com/demo/core/9.9/core-9.9.jar", "attacker");

        (await scope.GetAsync($"{MavenHostFactory.Instance}/com/demo/core/1.0/core-1.0.jar", victimToken)).Should().Be((HttpStatusCode.OK, "genuine"));
        var metadata = await scope.GetAsync($"{MavenHostFactory.Instance}/com/demo/core/maven-metadata.xml", victimToken);
        metadata.Body.Should().Contain("<version>1.0</version>").And.NotContain("9.9", "the name belongs to the demo namespace, whose projects hold it");
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task A_package_squatted_before_the_genuine_one_does_not_shadow_it_either(string provider)
    {
        await using var scope = await HostScope.CreateAsync(provider);
        var attacker = await scope.Host.CreateProjectAsync("evil", "tools", ProjectVisibility.Public);
        await scope.PutAsync($"/api/v4/projects/{attacker.Id}/packages/maven/com/demo/core/1.0/core-1.0.jar", "attacker");
        await scope.PutAsync($"{MavenHostFactory.Project}/com/demo/core/1.0/core-1.0.jar", "genuine");

        (await scope.GetAsync($"{MavenHostFactory.Instance}/com/demo/core/1.0/core-1.0.jar", Token)).Should().Be((HttpStatusCode.OK, "genuine"));
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task A_hundred_and_one_private_versions_do_not_hide_a_readable_one(string provider)
    {
        await using var scope = await HostScope.CreateAsync(provider);
        var open = await scope.Host.CreateProjectAsync("demo-oss", "lib2", ProjectVisibility.Public);
        await scope.PutAsync($"/api/v4/projects/{open.Id}/packages/maven/com/demo/lib2/1.0/lib2-1.0.jar", "genuine");
        var hidden = await scope.Host.CreateProjectAsync("evil", "private", ProjectVisibility.Private);
        for (var version = 2; version <= 102; version++)
        {
            await scope.PutAsync($"/api/v4/projects/{hidden.Id}/packages/maven/com/demo/lib2/{version}.0/lib2-{version}.0.jar", "private");
        }

        var (_, stranger) = await scope.Host.CreateUserAsync("stranger");
        (await scope.GetAsync($"{MavenHostFactory.Instance}/com/demo/lib2/1.0/lib2-1.0.jar", stranger)).Should().Be((HttpStatusCode.OK, "genuine"));
        (await scope.GetAsync($"{MavenHostFactory.Instance}/com/demo/lib2/maven-metadata.xml", stranger)).Body.Should().Contain("<version>1.0</version>").And.NotContain("<version>2.0</version>");
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task Between_namespaces_that_do_not_own_the_groupId_the_oldest_package_wins_whatever_is_published_later(string provider)
    {
        await using var scope = await HostScope.CreateAsync(provider);
        var beta = await scope.Host.CreateProjectAsync("beta", "tools", ProjectVisibility.Public);
        var alpha = await scope.Host.CreateProjectAsync("alpha", "tools", ProjectVisibility.Public);
        await scope.PutAsync($"/api/v4/projects/{beta.Id}/packages/maven/org/shared/util/1.0/util-1.0.jar", "first");
        await scope.PutAsync($"/api/v4/projects/{alpha.Id}/packages/maven/org/shared/util/1.0/util-1.0.jar", "second");

        (await scope.GetAsync($"{MavenHostFactory.Instance}/org/shared/util/1.0/util-1.0.jar", Token)).Should().Be((HttpStatusCode.OK, "first"));
    }

    /// <summary>A sample host on the named metadata provider, with its PostgreSQL database dropped on dispose.</summary>
    private sealed class HostScope : IAsyncDisposable
    {
        private readonly string? _database;

        private HostScope(MavenHostFactory host, string? database)
        {
            Host = host;
            _database = database;
            Client = host.CreateClient();
        }

        public MavenHostFactory Host { get; }

        public HttpClient Client { get; }

        public static async Task<HostScope> CreateAsync(string provider)
        {
            if (provider == "Sqlite")
            {
                return new HostScope(new MavenHostFactory(), null);
            }

            Skip.If(PostgreSqlTestServer.SkipReason is not null, PostgreSqlTestServer.SkipReason);
            var database = await PostgreSqlTestServer.CreateDatabaseAsync();
            return new HostScope(
                new MavenHostFactory(new Dictionary<string, string?>
                {
                    ["PackageRegistry:Metadata:Provider"] = "PostgreSql",
                    ["PackageRegistry:Metadata:ConnectionString"] = database,
                }),
                database);
        }

        public async Task PutAsync(string path, string body)
        {
            var response = await Client.PutBytesAsync(path, System.Text.Encoding.UTF8.GetBytes(body), Token);
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, string token)
        {
            var response = await Client.GetAsync(path, token);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Host.DisposeAsync();
            if (_database is not null)
            {
                await PostgreSqlTestServer.DropDatabaseAsync(_database);
            }
        }
    }
}
