using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Formats.Tests.Infrastructure;

/// <summary>
/// The sample host in-process, on real local storage in a temporary directory (so tests can see every file the
/// registry leaves behind), with a known admin token. Extra settings go in through the constructor.
/// </summary>
public class SampleHostFactory : WebApplicationFactory<Program>
{
    public const string AdminToken = "glpat-test-admin-token-0123456789";
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDataPath;

    /// <param name="settings">Extra settings.</param>
    /// <param name="dataPath">A data directory to reuse (kept on dispose); a fresh temporary one, deleted on dispose, when null.</param>
    public SampleHostFactory(IDictionary<string, string?>? settings = null, string? dataPath = null)
    {
        _ownsDataPath = dataPath is null;
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), "registry-tests-" + Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["PackageRegistry:DataPath"] = DataPath,
            ["PackageRegistry:Bootstrap:AdminToken"] = AdminToken,
        };
    }

    public string DataPath { get; }

    public string BlobRoot => Path.Combine(DataPath, "blobs");

    public IDirectoryAdministration Directory => Services.GetRequiredService<IDirectoryAdministration>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (UnhandledErrorLog.PathOrNull is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider, UnhandledErrorLog>());
        }
    }

    /// <summary>Every file under the blob root: committed blobs and temporary files alike.</summary>
    public IReadOnlyList<string> StoredFiles() =>
        System.IO.Directory.Exists(BlobRoot)
            ? System.IO.Directory.GetFiles(BlobRoot, "*", SearchOption.AllDirectories)
            : [];

    /// <summary>Creates a user with a personal access token.</summary>
    public async Task<(User User, string Token)> CreateUserAsync(string username, TokenScopes scopes = TokenScopes.Api, DateTimeOffset? expiresAt = null)
    {
        var user = await Directory.TryCreateUserAsync(username, username, isAdmin: false, CancellationToken.None)
            ?? throw new InvalidOperationException($"user {username} exists");
        var token = await Directory.CreatePersonalAccessTokenAsync(user.Id, "test", scopes, expiresAt, null, CancellationToken.None);
        return (user, token.Token);
    }

    /// <summary>Creates a group and a project in it.</summary>
    public async Task<Project> CreateProjectAsync(string groupPath, string projectPath, ProjectVisibility visibility, PackageRegistryAccessLevel level = PackageRegistryAccessLevel.Enabled)
    {
        var group = await Directory.TryCreateGroupAsync(groupPath, groupPath, null, visibility, CancellationToken.None)
            ?? throw new InvalidOperationException($"group {groupPath} exists");
        return await Directory.TryCreateProjectAsync(projectPath, projectPath, group.Id, visibility, level, CancellationToken.None)
            ?? throw new InvalidOperationException($"project {projectPath} exists");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDataPath)
        {
            // SQLite pools connections; clear them so the directory can be removed.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                System.IO.Directory.Delete(DataPath, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp directory must not fail a test run.
            }
        }
    }
}
