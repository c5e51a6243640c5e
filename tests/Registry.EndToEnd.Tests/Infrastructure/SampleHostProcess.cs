using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The sample host started as its own process on a free loopback port, with a temporary data directory and a
/// known admin token: what a user gets from <c>dotnet run --project samples/Registry.Sample</c>.
/// </summary>
public class SampleHostProcess : IAsyncLifetime
{
    public const string AdminToken = "glpat-e2e-admin-token-0123456789abc";
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>The data directory (database and blobs); hosts of one scaled-out registry are given the same one.</summary>
    public string DataPath { get; init; } = Path.Combine(Path.GetTempPath(), "registry-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>Extra configuration for the host process, as environment variables (<c>PackageRegistry__Metadata__Provider</c>, ...).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>The loopback port; a free one unless a test needs a fixed one (443 for a port-less host name).</summary>
    public int Port { get; init; } = FreePort();

    /// <summary>
    /// Serve HTTPS with a throwaway CA's certificate (<see cref="Certificates"/>) instead of HTTP: terraform always needs
    /// it, and go sends credentials only over it.
    /// </summary>
    public bool Https { get; init; }

    /// <summary>The CA and server certificate when <see cref="Https"/> is on (its <c>ca.pem</c> is the clients' <c>SSL_CERT_FILE</c>).</summary>
    public TestCertificateAuthority? Certificates { get; private set; }

    public string BaseUrl => $"{(Https ? "https" : "http")}://127.0.0.1:{Port}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The host's assembly in the test output: the sample host, or another sample (the identity sample); or a full path.</summary>
    public string HostAssembly { get; init; } = "Registry.Sample.dll";

    /// <summary>The host's working directory, hence its content root (where its <c>appsettings.json</c> is read).</summary>
    public string WorkingDirectory { get; init; } = AppContext.BaseDirectory;

    /// <summary>A path the host answers 200 at without a token once it serves requests.</summary>
    public string ReadyPath { get; init; } = "/";

    public async Task InitializeAsync()
    {
        var sampleDll = Path.Combine(AppContext.BaseDirectory, HostAssembly);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        info.ArgumentList.Add(sampleDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(BaseUrl);
        info.Environment["PackageRegistry__DataPath"] = DataPath;
        info.Environment["PackageRegistry__Bootstrap__AdminToken"] = AdminToken;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["PackageRegistry__NuGet__SymbolServerEnabled"] = "true";
        if (Https)
        {
            // Kestrel's documented settings for a certificate file, as a user's appsettings.json would give them.
            Certificates = TestCertificateAuthority.Create(DataPath + "-tls");
            info.Environment["Kestrel__Certificates__Default__Path"] = Certificates.ServerCertificatePath;
            info.Environment["Kestrel__Certificates__Default__Password"] = Certificates.ServerCertificatePassword;
        }

        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        foreach (var (key, value) in ExtraEnvironment)
        {
            info.Environment[key] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start the sample host");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = CreateHttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // HasExited can be true before the asynchronous readers have delivered the last lines (the crash's
                // message among them); waiting for exit also waits for the redirected streams to reach their end.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"the sample host exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl + ReadyPath);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the sample host did not start:\n{Output}");
    }

    /// <summary>
    /// Kills the host with SIGKILL, as a crash or the OOM killer would: no shutdown code runs. The data directory stays,
    /// for another host to start on.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>An HttpClient for <see cref="BaseUrl"/>: over HTTPS it trusts the test CA alone.</summary>
    public HttpClient CreateHttpClient() => Certificates?.CreateHttpClient() ?? new HttpClient();

    /// <summary>More settings for the host process, as environment variables (a format's tests may turn on request logging).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraEnvironment { get; } = new Dictionary<string, string>();

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
            Directory.Delete(DataPath, recursive: true);
            if (Certificates is not null)
            {
                Directory.Delete(DataPath + "-tls", recursive: true);
            }
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

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
