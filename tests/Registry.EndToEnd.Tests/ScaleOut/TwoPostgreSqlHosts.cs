using Registry.EndToEnd.Tests.Infrastructure;
using Registry.Testing;

namespace Registry.EndToEnd.Tests.ScaleOut;

/// <summary>
/// Two sample host processes on their own ports over one PostgreSQL database and one blob directory, started at
/// the same moment (so they also race on migrations and on the bootstrap's admin user and token).
/// </summary>
public sealed class TwoPostgreSqlHosts : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "registry-scaleout-" + Guid.NewGuid().ToString("N"));

    public string ConnectionString { get; private set; } = string.Empty;

    public SampleHostProcess? A { get; private set; }

    public SampleHostProcess? B { get; private set; }

    public string BlobRoot => Path.Combine(_dataPath, "blobs");

    public async Task InitializeAsync()
    {
        if (PostgreSqlTestServer.SkipReason is not null)
        {
            // xunit builds class fixtures even when every test is skipped; the tests say why.
            return;
        }

        ConnectionString = await PostgreSqlTestServer.CreateDatabaseAsync();
        A = NewHost();
        B = NewHost();
        await Task.WhenAll(A.InitializeAsync(), B.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (ConnectionString.Length > 0)
        {
            await PostgreSqlTestServer.DropDatabaseAsync(ConnectionString);
        }
    }

    private SampleHostProcess NewHost()
    {
        var host = new SampleHostProcess { DataPath = _dataPath };
        host.Environment["PackageRegistry__Metadata__Provider"] = "PostgreSql";
        host.Environment["PackageRegistry__Metadata__ConnectionString"] = ConnectionString;

        // GitLab's generic_duplicates_allowed=false: a second upload of a file name answers 403, so one same version
        // published many times has exactly one winner.
        host.Environment["PackageRegistry__Generic__DuplicatesAllowed"] = "false";
        return host;
    }
}
