using Registry.Tests.S3rver;

namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The sample host process with blobs in s3rver and <c>ProxyDownload=false</c>, so that package downloads answer with
/// redirects to presigned bucket URLs. <see cref="SkipReason"/> is set when s3rver is not installed.
/// </summary>
public sealed class S3RedirectHost : IAsyncLifetime
{
    private readonly S3rverServer _s3 = new();

    public SampleHostProcess Host { get; private set; } = new();

    public string? SkipReason => _s3.SkipReason;

    public async Task InitializeAsync()
    {
        await _s3.InitializeAsync();
        if (_s3.SkipReason is not null)
        {
            return;
        }

        var options = await _s3.CreateBucketAsync(o => o.ProxyDownload = false);
        Host = new SampleHostProcess();
        foreach (var (key, value) in S3rverServer.Settings(options))
        {
            Host.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? string.Empty;
        }

        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await _s3.DisposeAsync();
    }
}
