using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Composer;

/// <summary>
/// Runs the real <c>composer</c> in a temporary directory that nothing else reads: its own COMPOSER_HOME and HOME,
/// a fresh cache directory for every run (a warm cache installs with a warning where the registry answered 401), no
/// packagist.org and <c>secure-http</c> off for the loopback http host. Builds package zips with
/// <c>composer archive --format=zip</c> and uploads them as a CI script would (Composer has no publish command).
/// </summary>
public sealed class ComposerWorkspace(SampleHostProcess host) : IDisposable
{
    private int _runs;

    public string Root { get; } = Directory.CreateTempSubdirectory("registry-composer-").FullName;

    public string GroupRepository(string group) => $"{host.BaseUrl}/api/v4/group/{Uri.EscapeDataString(group)}/-/packages/composer/";

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>A package's source (composer.json and one class reporting <paramref name="version"/>), archived by composer into a zip; its path.</summary>
    public async Task<string> ArchiveAsync(string name, string version)
    {
        var source = Directory.CreateDirectory(Path.Combine(Root, "src-" + name.Replace('/', '-') + "-" + version)).FullName;
        var ns = "E2e\\" + string.Concat(name.Split('/', '-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        await File.WriteAllTextAsync(Path.Combine(source, "composer.json"), new JsonObject
        {
            ["name"] = name,
            ["description"] = "End-to-end test package",
            ["type"] = "library",
            ["license"] = "MIT",
            ["autoload"] = new JsonObject { ["psr-4"] = new JsonObject { [ns + "\\"] = "src/" } },
        }.ToJsonString());
        Directory.CreateDirectory(Path.Combine(source, "src"));
        await File.WriteAllTextAsync(Path.Combine(source, "src", "Version.php"), $"<?php\nnamespace {ns};\n\nfinal class Version {{ public const VALUE = '{version}'; }}\n");
        var archive = await RunAsync(source, "archive", "--format=zip", "--file=package", "--dir=" + source);
        archive.ExitCode.Should().Be(0, archive.Output);
        return Path.Combine(source, "package.zip");
    }

    /// <summary>Uploads a zip with <c>PUT .../packages/composer?version=</c>, the credential in the given header.</summary>
    public async Task UploadAsync(string project, string zip, string version, string header, string token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{host.BaseUrl}/api/v4/projects/{Uri.EscapeDataString(project)}/packages/composer?version={Uri.EscapeDataString(version)}")
        {
            Content = new ByteArrayContent(await File.ReadAllBytesAsync(zip)),
        };
        request.Headers.TryAddWithoutValidation(header, token);
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Uploads a zip with GitLab's form (<c>POST .../packages/composer</c>, <c>tag</c> and the file), as a Basic credential.</summary>
    public async Task UploadFormAsync(string project, string zip, string tag, string username, string token)
    {
        using var http = new HttpClient();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(zip));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{host.BaseUrl}/api/v4/projects/{Uri.EscapeDataString(project)}/packages/composer")
        {
            Content = new MultipartFormDataContent { { new StringContent(tag), "tag" }, { file, "file", "package.zip" } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{token}")));
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>An application directory whose only repository is the group's Composer repository.</summary>
    public async Task<string> ApplicationAsync(string name, string group)
    {
        var app = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "composer.json"), new JsonObject
        {
            ["name"] = "e2e/" + name,
            ["repositories"] = new JsonArray(
                new JsonObject { ["type"] = "composer", ["url"] = GroupRepository(group) },
                new JsonObject { ["packagist.org"] = false }),
            ["config"] = new JsonObject { ["secure-http"] = false },
        }.ToJsonString());
        return app;
    }

    /// <summary>auth.json with an <c>http-basic</c> credential for the host (the key names the port, as Composer matches it).</summary>
    public Task HttpBasicAsync(string app, string username, string password) =>
        File.WriteAllTextAsync(Path.Combine(app, "auth.json"), new JsonObject
        {
            ["http-basic"] = new JsonObject { [$"127.0.0.1:{host.Port}"] = new JsonObject { ["username"] = username, ["password"] = password } },
        }.ToJsonString());

    /// <summary>Runs composer in <paramref name="directory"/>, without interaction, with a cache of its own.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments)
    {
        var run = Interlocked.Increment(ref _runs);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Root,
            ["COMPOSER_HOME"] = Path.Combine(Root, "composer-home"),
            ["COMPOSER_CACHE_DIR"] = Path.Combine(Root, "cache-" + run),
            ["COMPOSER_NO_INTERACTION"] = "1",
            ["COMPOSER_ALLOW_SUPERUSER"] = "1",
            ["COMPOSER_DISABLE_XDEBUG_WARN"] = "1",
        };
        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("composer", ["--no-ansi", .. arguments], directory, environment: environment);
        return (exitCode, $"composer {string.Join(' ', arguments)} -> {exitCode}\n{stdout}\n{stderr}\n");
    }

    /// <summary>The version of <paramref name="name"/> that composer installed into vendor/, read from the class the package carries.</summary>
    public static string InstalledVersion(string app, string name)
    {
        var file = Path.Combine(app, "vendor", name, "src", "Version.php");
        File.Exists(file).Should().BeTrue($"{name} is installed in {app}");
        var text = File.ReadAllText(file);
        var start = text.IndexOf("VALUE = '", StringComparison.Ordinal) + "VALUE = '".Length;
        return text[start..text.IndexOf('\'', start)];
    }

    /// <summary>The version composer.lock pins for <paramref name="name"/>.</summary>
    public static string LockedVersion(string app, string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(app, "composer.lock")))!["packages"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == name)!["version"]!.GetValue<string>();
}
