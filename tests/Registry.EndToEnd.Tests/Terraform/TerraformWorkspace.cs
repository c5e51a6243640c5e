using System.Text.Json;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Terraform;

/// <summary>
/// An isolated terraform: its own HOME, CLI configuration file (<c>TF_CLI_CONFIG_FILE</c>), working directory and CA
/// (<c>SSL_CERT_FILE</c>); no plugin cache and no provider in the modules, so nothing leaves loopback. Modules are packed
/// with tar and published with curl exactly as GitLab's docs show.
/// </summary>
internal sealed class TerraformWorkspace : IDisposable
{
    private readonly SampleHostProcess _host;
    private readonly string _root = Directory.CreateTempSubdirectory("registry-terraform-").FullName;

    public TerraformWorkspace(SampleHostProcess host)
    {
        _host = host;
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Work);
        File.WriteAllText(CliConfig, string.Empty);
    }

    public string Work => Path.Combine(_root, "work");

    private string Home => Path.Combine(_root, "home");

    private string CliConfig => Path.Combine(_root, "cli.tfrc");

    /// <summary>Terraform's host for the registry: the IP literal and port (terraform refuses names without a dot).</summary>
    public string RegistryHost => _host.Port == 443 ? "127.0.0.1" : $"127.0.0.1:{_host.Port}";

    /// <summary>Extra environment for terraform (<c>TF_TOKEN_...</c>).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A <c>credentials</c> block for the registry host in the CLI configuration file.</summary>
    public void UseCredentialsBlock(string token) =>
        File.WriteAllText(CliConfig, $"credentials \"{RegistryHost}\" {{\n  token = \"{token}\"\n}}\n");

    /// <summary>Packs a module (a root output <c>marker</c> and a submodule <c>modules/x</c>) with tar and publishes it with curl.</summary>
    public async Task PublishAsync(string project, string name, string system, string version, string token, string header = "PRIVATE-TOKEN")
    {
        var source = Path.Combine(_root, $"src-{name}-{version}");
        Directory.CreateDirectory(Path.Combine(source, "modules", "x"));
        await File.WriteAllTextAsync(Path.Combine(source, "main.tf"), $"output \"marker\" {{\n  value = \"{name} {version}\"\n}}\n");
        await File.WriteAllTextAsync(Path.Combine(source, "modules", "x", "main.tf"), $"output \"sub\" {{\n  value = \"sub of {version}\"\n}}\n");
        var archive = Path.Combine(_root, $"{name}-{system}-{version}.tgz");
        var tar = await ExternalTool.RunAsync("tar", ["-czf", archive, "-C", source, "."]);
        tar.ExitCode.Should().Be(0, tar.StdErr);

        var url = $"{_host.BaseUrl}/api/v4/projects/{Uri.EscapeDataString(project)}/packages/terraform/modules/{name}/{system}/{version}/file";
        var put = await ExternalTool.RunAsync("curl", ["--fail-with-body", "--silent", "--show-error", "--cacert", CaFile, "--header", $"{header}: {token}", "--upload-file", archive, url]);
        put.ExitCode.Should().Be(0, $"{put.StdOut}{put.StdErr}\n{_host.Output}");
        put.StdOut.Should().Be("{\"message\":\"201 Created\"}");
    }

    /// <summary>Writes <c>main.tf</c> with one module block.</summary>
    public Task UseModuleAsync(string source, string version) =>
        File.WriteAllTextAsync(Path.Combine(Work, "main.tf"), $"module \"m\" {{\n  source  = \"{source}\"\n  version = \"{version}\"\n}}\n\noutput \"result\" {{\n  value = module.m\n}}\n");

    /// <summary>Runs <c>terraform</c> in the working directory.</summary>
    public Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string>(Environment)
        {
            ["HOME"] = Home,
            ["TF_CLI_CONFIG_FILE"] = CliConfig,
            ["SSL_CERT_FILE"] = CaFile,
            ["TF_IN_AUTOMATION"] = "1",
            ["TF_INPUT"] = "0",
            ["CHECKPOINT_DISABLE"] = "1",
            ["TF_PLUGIN_CACHE_DIR"] = string.Empty,
            ["TF_DATA_DIR"] = Path.Combine(Work, ".terraform"),
        };
        return ExternalTool.RunAsync("terraform", ["-chdir=" + Work, .. arguments, "-no-color"], Work, TimeSpan.FromMinutes(3), environment);
    }

    /// <summary>The version terraform installed for module <c>m</c> (from <c>.terraform/modules/modules.json</c>).</summary>
    public async Task<string?> InstalledVersionAsync()
    {
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Work, ".terraform", "modules", "modules.json"))).RootElement;
        return manifest.GetProperty("Modules").EnumerateArray()
            .Where(static m => m.GetProperty("Key").GetString() == "m")
            .Select(static m => m.TryGetProperty("Version", out var v) ? v.GetString() : null)
            .SingleOrDefault();
    }

    /// <summary>What the installed module's files say (its <c>main.tf</c>, or the submodule's).</summary>
    public async Task<string> InstalledMainAsync(string subdirectory = "")
    {
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Work, ".terraform", "modules", "modules.json"))).RootElement;
        var dir = manifest.GetProperty("Modules").EnumerateArray().Single(static m => m.GetProperty("Key").GetString() == "m").GetProperty("Dir").GetString() ?? string.Empty;
        return await File.ReadAllTextAsync(Path.Combine(Work, dir, subdirectory, "main.tf"));
    }

    private string CaFile => _host.Certificates?.CaCertificatePath ?? throw new InvalidOperationException("terraform needs the host to serve HTTPS");
}
