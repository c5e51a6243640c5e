using Registry.EndToEnd.Tests.Infrastructure;
using Registry.Storage.S3;
using Registry.Testing;
using Registry.Tests.S3rver;

namespace Registry.EndToEnd.Tests.ScaleOut;

/// <summary>
/// Two sample host processes on their own ports over one PostgreSQL database and one S3 bucket (s3rver), started at
/// the same moment (so they also race on migrations and on the bootstrap's admin user and token). Where s3rver is
/// not installed (and CI does not require it) the hosts share one blob directory instead.
/// </summary>
public sealed class TwoPostgreSqlHosts : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "registry-scaleout-" + Guid.NewGuid().ToString("N"));
    private readonly S3rverServer _s3 = new();
    private S3BlobOptions? _bucket;

    public string ConnectionString { get; private set; } = string.Empty;

    public SampleHostProcess? A { get; private set; }

    public SampleHostProcess? B { get; private set; }

    /// <summary>Whether the hosts keep blobs in the bucket (true wherever s3rver runs, CI included).</summary>
    public bool BlobsInS3 => _bucket is not null;

    /// <summary>Whether the blob with this SHA-256 is in the hosts' shared blob store.</summary>
    public async Task<bool> BlobExistsAsync(string sha256)
    {
        if (_bucket is null)
        {
            return File.Exists(Path.Combine(_dataPath, "blobs", "sha256", sha256[..2], sha256[2..4], sha256));
        }

        using var store = S3BlobStore.Create(_bucket);
        return await store.ExistsAsync(sha256, CancellationToken.None);
    }

    public async Task InitializeAsync()
    {
        if (PostgreSqlTestServer.SkipReason is not null)
        {
            // xunit builds class fixtures even when every test is skipped; the tests say why.
            return;
        }

        ConnectionString = await PostgreSqlTestServer.CreateDatabaseAsync();
        await _s3.InitializeAsync();
        if (_s3.SkipReason is null)
        {
            _bucket = await _s3.CreateBucketAsync();
        }

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

        await _s3.DisposeAsync();
    }

    private SampleHostProcess NewHost()
    {
        var host = new SampleHostProcess { DataPath = _dataPath };
        host.Environment["PackageRegistry__Metadata__Provider"] = "PostgreSql";
        host.Environment["PackageRegistry__Metadata__ConnectionString"] = ConnectionString;
        if (_bucket is not null)
        {
            foreach (var (key, value) in S3rverServer.Settings(_bucket))
            {
                host.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? string.Empty;
            }
        }

        // GitLab's generic_duplicates_allowed=false: a second upload of a file name answers 403, so one same version
        // published many times has exactly one winner.
        host.Environment["PackageRegistry__Generic__DuplicatesAllowed"] = "false";
        return host;
    }
}
