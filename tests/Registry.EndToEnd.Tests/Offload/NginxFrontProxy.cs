using System.Diagnostics;
using System.Net.Sockets;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Offload;

/// <summary>
/// The sample host behind nginx with downloads offloaded (issue 19): the host answers a download with
/// <c>X-Accel-Redirect</c> to an <c>internal</c> location aliasing its blob directory, and nginx sends the file. The
/// configuration is the README's (<see cref="ReadmeNginx"/>), with this fixture's ports and directories.
/// </summary>
public class NginxFrontProxy : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("registry-nginx-").FullName;
    private Process? _nginx;

    public NginxFrontProxy()
    {
        // Started as root, nginx's workers run as nobody: they open the grant tier's socket and cache in here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    public SampleHostProcess Host { get; } = new();

    public int Port { get; } = SampleHostProcess.FreePort();

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string ErrorLog => File.Exists(Path.Combine(_work, "error.log")) ? File.ReadAllText(Path.Combine(_work, "error.log")) : string.Empty;

    /// <summary>The README's nginx configuration for offloaded downloads, for this fixture's ports and directories.</summary>
    public static string Configuration(string work, int port, string upstream, string blobs) =>
        Frame(work, ReadmeNginx.OffloadHttpBlock(port, upstream, blobs));

    /// <summary>
    /// The fixture's frame around a README configuration's <c>http</c> block: one worker, every file nginx writes in
    /// <paramref name="work"/>, and the README's settings (no body limit, <c>sendfile</c>).
    /// </summary>
    public static string Frame(string work, string http, string mainContext = "") => $$"""
        {{mainContext}}
        worker_processes 1;
        pid {{work}}/nginx.pid;
        error_log {{work}}/error.log warn;
        events { worker_connections 256; }
        http {
          access_log off;
          client_body_temp_path {{work}}/body; proxy_temp_path {{work}}/proxy; fastcgi_temp_path {{work}}/fastcgi;
          uwsgi_temp_path {{work}}/uwsgi; scgi_temp_path {{work}}/scgi;
          sendfile on;
          client_max_body_size 0;
        {{http}}
        }
        """;

    /// <summary>The configuration nginx runs, in <paramref name="work"/>; null when what it needs is not installed.</summary>
    protected virtual string? ConfigurationOrNull(string work, string blobs) =>
        ExternalTool.FindOrNull("nginx") is null ? null : Configuration(work, Port, Host.BaseUrl, blobs);

    public async Task InitializeAsync()
    {
        Host.Environment["PackageRegistry__Downloads__Offload__Mode"] = "XAccelRedirect";
        Host.Environment["PackageRegistry__Downloads__Offload__Root"] = Path.Combine(Host.DataPath, "blobs");
        // Offloaded files are sent by nginx, so the host keeps none in memory.
        Host.Environment["PackageRegistry__FileMemoryCacheBytes"] = "0";
        await Host.InitializeAsync();
        if (ConfigurationOrNull(_work, Path.Combine(Host.DataPath, "blobs")) is not { } configuration)
        {
            // xunit builds class fixtures even when every test is skipped; the tests say why.
            return;
        }

        var nginx = ExternalTool.FindOrNull("nginx") ?? throw new InvalidOperationException("nginx is not installed");
        await File.WriteAllTextAsync(Path.Combine(_work, "nginx.conf"), configuration);
        var info = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", _work, "-c", Path.Combine(_work, "nginx.conf"), "-g", "daemon off;" })
        {
            info.ArgumentList.Add(argument);
        }

        _nginx = Process.Start(info) ?? throw new InvalidOperationException("nginx did not start");
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (!_nginx.HasExited)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"nginx did not listen on {Port}: {ErrorLog}");
    }

    public async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }

        _nginx?.Dispose();
        await Host.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
