using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Adoption;

/// <summary>
/// What a .NET team does to adopt the SDK: a fresh <c>dotnet new web</c> app outside the repository, the packed
/// packages from a local feed, the README's <c>Program.cs</c> and configuration (its own first administrator through
/// <c>BootstrapOnStart()</c>), built with <c>-warnaserror</c>, run, and used by npm and curl.
/// </summary>
[Collection(PackedSdkGroup.Name)]
public sealed class NewAppTests(PackedSdk sdk) : IDisposable
{
    private const string NpmPackage = "@platform/greeting";
    private readonly string _work = Directory.CreateTempSubdirectory("registry-newapp-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>
    /// The app's own package cache: a stale Registry.* package of the same version in the machine's cache can never
    /// hide a broken one.
    /// </summary>
    private Dictionary<string, string> DotnetEnvironment => new(PackedSdk.DotnetEnvironment)
    {
        ["NUGET_PACKAGES"] = Path.Combine(_work, "packages"),
    };

    [ClientFact("dotnet", "npm", "curl")]
    public async Task A_new_web_app_references_the_packed_packages_and_serves_npm_and_generic_with_its_own_administrator()
    {
        await sdk.EnsurePackedAsync();
        var readme = ReadmeNewApp.Read();
        var workspace = Directory.CreateDirectory(Path.Combine(_work, "workspace")).FullName;
        await WriteNuGetConfigAsync(workspace);

        var app = await RunReadmeCommandsAsync(readme, workspace);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), readme.ProgramCs);
        await MergeSettingsAsync(Path.Combine(app, "appsettings.json"), readme.Settings);
        await DotnetAsync(app, "build", "-warnaserror", "--disable-build-servers");

        var project = Directory.GetFiles(app, "*.csproj").Single();
        var references = XDocument.Load(project).Descendants("PackageReference").Select(r => (string?)r.Attribute("Version")).ToArray();
        references.Should().NotBeEmpty().And.OnlyContain(v => v == PackedSdk.Version, "the app references the packed packages");

        var host = new SampleHostProcess
        {
            HostAssembly = Path.Combine(app, "bin", "Debug", "net10.0", Path.GetFileNameWithoutExtension(project) + ".dll"),
            WorkingDirectory = app,
            ReadyPath = "/api/v4/packages/npm/-/ping",
        };

        // No known token: the README's configuration generates the administrator's token into DataPath/admin-token.
        host.Environment["PackageRegistry__Bootstrap__AdminToken"] = string.Empty;
        try
        {
            await host.InitializeAsync();
            var token = (await File.ReadAllTextAsync(Path.Combine(host.DataPath, "admin-token"))).Trim();
            token.Should().NotBeEmpty();

            await NpmPublishAndInstallAsync(host, token);
            await CurlUploadAndDownloadAsync(host, token);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>The feed first, then the sources the repository restores from (the machine's served nuget.org).</summary>
    private async Task WriteNuGetConfigAsync(string workspace)
    {
        var config = XDocument.Load(Path.Combine(RepositoryRoot.Path, "nuget.config"));
        var sources = config.Root?.Element("packageSources") ?? throw new InvalidOperationException("the repository's nuget.config has no packageSources");
        sources.Elements("clear").Remove();
        sources.AddFirst(new XElement("clear"), new XElement("add", new XAttribute("key", "registry-sdk"), new XAttribute("value", sdk.Feed)));

        await File.WriteAllTextAsync(Path.Combine(workspace, "nuget.config"), config.ToString());
    }

    /// <summary>Runs the README's commands; <c>dotnet add package</c> gets the packed version. Returns the app's directory.</summary>
    private async Task<string> RunReadmeCommandsAsync(ReadmeNewApp readme, string workspace)
    {
        var directory = workspace;
        foreach (var command in readme.Commands)
        {
            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words[0] == "cd")
            {
                directory = Path.GetFullPath(Path.Combine(directory, words[1]));
                continue;
            }

            words[0].Should().Be("dotnet", $"the README's app commands are dotnet commands: {command}");
            var arguments = words.Skip(1).ToList();
            if (arguments is ["add", "package", _])
            {
                arguments.AddRange(["--version", PackedSdk.Version]);
            }

            await DotnetAsync(directory, [.. arguments]);
        }

        directory.Should().NotBe(workspace, "the README's commands change into the new app's directory");
        return directory;
    }

    /// <summary>The README's configuration merged into the template's appsettings.json, as a user pastes it.</summary>
    private static async Task MergeSettingsAsync(string path, string readmeSettings)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(path), documentOptions: options)?.AsObject() ?? [];
        foreach (var (key, value) in JsonNode.Parse(readmeSettings, documentOptions: options)?.AsObject().ToArray() ?? [])
        {
            settings[key] = value?.DeepClone();
        }

        await File.WriteAllTextAsync(path, settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private async Task NpmPublishAndInstallAsync(SampleHostProcess host, string token)
    {
        var registry = $"{host.BaseUrl}/api/v4/projects/platform%2Fpackages/packages/npm/";
        var npmrc = $"registry={registry}\n{registry[registry.IndexOf("//", StringComparison.Ordinal)..]}:_authToken={token}\naudit=false\nfund=false\nupdate-notifier=false\n";
        var library = Directory.CreateDirectory(Path.Combine(_work, "greeting")).FullName;
        await File.WriteAllTextAsync(Path.Combine(library, ".npmrc"), npmrc);
        await File.WriteAllTextAsync(Path.Combine(library, "package.json"), $"{{\"name\":\"{NpmPackage}\",\"version\":\"1.0.0\",\"main\":\"index.js\"}}");
        await File.WriteAllTextAsync(Path.Combine(library, "index.js"), "module.exports = 'hello from the new app';\n");
        await NpmAsync(host, library, registry, "publish");

        var consumer = Directory.CreateDirectory(Path.Combine(_work, "consumer")).FullName;
        await File.WriteAllTextAsync(Path.Combine(consumer, ".npmrc"), npmrc);
        await File.WriteAllTextAsync(Path.Combine(consumer, "package.json"), "{\"name\":\"consumer\",\"version\":\"0.0.0\",\"private\":true}");
        await NpmAsync(host, consumer, registry, "install", NpmPackage + "@1.0.0");
        (await File.ReadAllTextAsync(Path.Combine(consumer, "node_modules", "@platform", "greeting", "index.js"))).Should().Contain("hello from the new app");
    }

    private async Task CurlUploadAndDownloadAsync(SampleHostProcess host, string token)
    {
        var url = $"{host.BaseUrl}/api/v4/projects/platform%2Fpackages/packages/generic/tool/1.0.0/tool.bin";
        var upload = Path.Combine(_work, "tool.bin");
        var bytes = RandomNumberGenerator.GetBytes(256 * 1024);
        await File.WriteAllBytesAsync(upload, bytes);
        var put = await ExternalTool.RunAsync("curl", ["--silent", "--show-error", "--fail-with-body", "--header", $"PRIVATE-TOKEN: {token}", "--upload-file", upload, "--write-out", "%{http_code}", url]);
        put.ExitCode.Should().Be(0, put.StdOut + put.StdErr + host.Output);
        put.StdOut.Should().EndWith("201");

        var download = Path.Combine(_work, "tool.back");
        var get = await ExternalTool.RunAsync("curl", ["--silent", "--show-error", "--fail", "--header", $"PRIVATE-TOKEN: {token}", "--output", download, url]);
        get.ExitCode.Should().Be(0, get.StdErr + host.Output);
        (await File.ReadAllBytesAsync(download)).Should().Equal(bytes);
    }

    private async Task NpmAsync(SampleHostProcess host, string directory, string registry, params string[] arguments)
    {
        // The machine's ~/.npmrc and cache stay out: a user config and cache of the test's own.
        var userConfig = Path.Combine(_work, "npm-userconfig");
        if (!File.Exists(userConfig))
        {
            await File.WriteAllTextAsync(userConfig, string.Empty);
        }

        var (exit, stdout, stderr) = await ExternalTool.RunAsync(
            "npm",
            [.. arguments, "--registry", registry, "--cache", Path.Combine(_work, "npm-cache"), "--userconfig", userConfig, "--no-fund", "--no-update-notifier"],
            directory);
        exit.Should().Be(0, $"npm {string.Join(' ', arguments)} failed:\n{stdout}\n{stderr}\n--- host ---\n{host.Output}");
    }

    private async Task DotnetAsync(string directory, params string[] arguments)
    {
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("dotnet", arguments, directory, TimeSpan.FromMinutes(10), DotnetEnvironment);
        exit.Should().Be(0, $"dotnet {string.Join(' ', arguments)} failed in {directory}:\n{stdout}\n{stderr}");
    }
}
