using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3.Model;
using Registry.Storage.S3;

namespace Registry.Tests.S3rver;

/// <summary>
/// s3rver (an S3-compatible server from the npm registry) on a free loopback port over a temporary directory, shared by
/// the tests of a class. <see cref="SkipReason"/> says why it could not start when node or s3rver is missing; with
/// <c>REGISTRY_E2E_REQUIRED=1</c> (CI) starting throws instead, so a missing server never passes unseen.
/// </summary>
public sealed class S3rverServer : IAsyncLifetime
{
    private const string Credential = "S3RVER";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "registry-s3rver-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    /// <summary>Null when running; otherwise why not.</summary>
    public string? SkipReason { get; private set; }

    public string ServiceUrl { get; private set; } = "";

    /// <summary><c>S3RVER_JS</c>, or s3rver installed under <c>~/.cache/registry-tests/s3rver</c> (what .ci/run does).</summary>
    public static string? FindScriptOrNull()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("S3RVER_JS"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "registry-tests", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js"),
        };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
    }

    public async Task InitializeAsync()
    {
        var script = FindScriptOrNull();
        var node = FindOnPath("node");
        if (script is null || node is null)
        {
            SkipReason = "s3rver is not installed (npm install s3rver into ~/.cache/registry-tests/s3rver, or set S3RVER_JS)";
            if (Environment.GetEnvironmentVariable("REGISTRY_E2E_REQUIRED") == "1")
            {
                throw new InvalidOperationException(SkipReason);
            }

            return;
        }

        Directory.CreateDirectory(_directory);
        var port = FreePort();
        var info = new ProcessStartInfo(node) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, "-d", _directory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--no-vhost-buckets" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start s3rver");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        ServiceUrl = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with {_process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(ServiceUrl + "/");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("s3rver did not start listening");
    }

    /// <summary>Options for a new, empty bucket of its own.</summary>
    public async Task<S3BlobOptions> CreateBucketAsync(Action<S3BlobOptions>? configure = null)
    {
        var options = new S3BlobOptions
        {
            ServiceUrl = ServiceUrl,
            Bucket = "registry-" + Guid.NewGuid().ToString("N")[..20],
            AccessKey = Credential,
            SecretKey = Credential,
            ForcePathStyle = true,
            UseChunkEncoding = false,
            Checksums = S3ChecksumPolicy.WhenRequired,
            PartSizeBytes = S3BlobOptions.MinPartSizeBytes,
        };
        configure?.Invoke(options);
        using var store = S3BlobStore.Create(options);
        await store.Client.PutBucketAsync(new PutBucketRequest { BucketName = options.Bucket });
        return options;
    }

    /// <summary>The settings that make the sample host use <paramref name="options"/>.</summary>
    public static Dictionary<string, string?> Settings(S3BlobOptions options) => new()
    {
        ["PackageRegistry:Blobs:Provider"] = "S3",
        ["PackageRegistry:Blobs:S3:ServiceUrl"] = options.ServiceUrl,
        ["PackageRegistry:Blobs:S3:Bucket"] = options.Bucket,
        ["PackageRegistry:Blobs:S3:AccessKey"] = options.AccessKey,
        ["PackageRegistry:Blobs:S3:SecretKey"] = options.SecretKey,
        ["PackageRegistry:Blobs:S3:ForcePathStyle"] = "true",
        ["PackageRegistry:Blobs:S3:UseChunkEncoding"] = "false",
        ["PackageRegistry:Blobs:S3:Checksums"] = "WhenRequired",
        ["PackageRegistry:Blobs:S3:ProxyDownload"] = options.ProxyDownload ? "true" : "false",
    };

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort.
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
