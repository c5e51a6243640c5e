using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json.Nodes;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.NuGet;

/// <summary>
/// The real <c>dotnet</c> CLI against the sample host process: pack, push (and <c>--skip-duplicate</c>), restore and
/// <c>dotnet add package</c> with credentials from nuget.config, and delete (unlist). Packages go to a private
/// NUGET_PACKAGES folder and nuget.config clears every other source, so nothing reaches nuget.org.
/// </summary>
public sealed class DotnetNuGetTests : IClassFixture<SampleHostProcess>, IDisposable
{
    private readonly SampleHostProcess _host;
    private readonly string _work = Directory.CreateTempSubdirectory("registry-nuget-").FullName;
    private readonly string _packageId = "E2E.Lib" + Guid.NewGuid().ToString("N")[..8];

    public DotnetNuGetTests(SampleHostProcess host) => _host = host;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private string Base => $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/nuget";

    private string Source => Base + "/index.json";

    [ClientFact("dotnet")]
    public async Task Dotnet_packs_pushes_restores_and_deletes()
    {
        await WriteNuGetConfigAsync();
        var stable = await PackAsync("1.0.0");
        var prerelease = await PackAsync("1.1.0-beta.1+meta");

        var push = await DotnetAsync(_work, "nuget", "push", stable, "-s", Source, "-k", SampleHostProcess.AdminToken);
        push.ExitCode.Should().Be(0, push.StdOut + push.StdErr + _host.Output);
        var pushBeta = await DotnetAsync(_work, "nuget", "push", prerelease, "-s", Source, "-k", SampleHostProcess.AdminToken);
        pushBeta.ExitCode.Should().Be(0, pushBeta.StdOut + pushBeta.StdErr);

        var duplicate = await DotnetAsync(_work, "nuget", "push", stable, "-s", Source, "-k", SampleHostProcess.AdminToken);
        duplicate.ExitCode.Should().NotBe(0);
        (duplicate.StdOut + duplicate.StdErr).Should().Contain("409");
        var skipped = await DotnetAsync(_work, "nuget", "push", stable, "-s", Source, "-k", SampleHostProcess.AdminToken, "--skip-duplicate");
        skipped.ExitCode.Should().Be(0, skipped.StdOut + skipped.StdErr);

        var consumer = await ConsumerAsync();
        var restore = await DotnetAsync(consumer, "restore");
        restore.ExitCode.Should().Be(0, restore.StdOut + restore.StdErr + _host.Output);
        File.Exists(Path.Combine(_work, "packages", _packageId.ToLowerInvariant(), "1.0.0", $"{_packageId.ToLowerInvariant()}.1.0.0.nupkg")).Should().BeTrue();

        var build = await DotnetAsync(consumer, "build", "--no-restore");
        build.ExitCode.Should().Be(0, build.StdOut + build.StdErr);

        var addPrerelease = await DotnetAsync(consumer, "add", "package", _packageId, "--prerelease");
        addPrerelease.ExitCode.Should().Be(0, addPrerelease.StdOut + addPrerelease.StdErr + _host.Output);
        (await File.ReadAllTextAsync(Path.Combine(consumer, "Consumer.csproj"))).Should().Contain("1.1.0-beta.1");
        Directory.Exists(Path.Combine(_work, "packages", _packageId.ToLowerInvariant(), "1.1.0-beta.1")).Should().BeTrue();

        var search = await DotnetAsync(_work, "package", "search", _packageId, "--source", "registry", "--prerelease");
        search.ExitCode.Should().Be(0, search.StdOut + search.StdErr);
        search.StdOut.Should().Contain(_packageId).And.Contain("1.1.0-beta.1");

        var delete = await DotnetAsync(_work, "nuget", "delete", _packageId, "1.0.0", "-s", Source, "-k", SampleHostProcess.AdminToken, "--non-interactive");
        delete.ExitCode.Should().Be(0, delete.StdOut + delete.StdErr + _host.Output);
        var registration = await GetJsonAsync($"{Base}/metadata/{_packageId.ToLowerInvariant()}/index.json");
        var leaves = registration["items"]![0]!["items"]!.AsArray();
        leaves.Single(l => l!["catalogEntry"]!["version"]!.GetValue<string>() == "1.0.0")!["catalogEntry"]!["listed"]!.GetValue<bool>().Should().BeFalse();

        var missing = await DotnetAsync(_work, "nuget", "delete", _packageId, "9.9.9", "-s", Source, "-k", SampleHostProcess.AdminToken, "--non-interactive");
        missing.ExitCode.Should().NotBe(0);
    }

    /// <summary>
    /// <c>--no-service-endpoint</c> sends to the source URL as given: GitLab's documented <c>PUT packages/nuget</c>,
    /// <c>PUT packages/nuget/v2</c> and <c>DELETE packages/nuget/{name}/{version}</c> (https://docs.gitlab.com/api/packages/nuget/).
    /// </summary>
    [ClientFact("dotnet")]
    public async Task Dotnet_pushes_and_deletes_at_gitlabs_documented_paths_without_the_service_endpoint()
    {
        await WriteNuGetConfigAsync();
        var stable = await PackAsync("1.0.0");
        var second = await PackAsync("2.0.0");

        // NuGet refuses an http source unless nuget.config allows it, so each source URL is configured before its use.
        await WriteNuGetConfigAsync(source: Base);
        var push = await DotnetAsync(_work, "nuget", "push", stable, "-s", Base, "-k", SampleHostProcess.AdminToken, "--no-service-endpoint");
        push.ExitCode.Should().Be(0, push.StdOut + push.StdErr + _host.Output);
        await WriteNuGetConfigAsync(source: Base + "/v2");
        var pushV2 = await DotnetAsync(_work, "nuget", "push", second, "-s", Base + "/v2", "-k", SampleHostProcess.AdminToken, "--no-service-endpoint");
        pushV2.ExitCode.Should().Be(0, pushV2.StdOut + pushV2.StdErr + _host.Output);
        var versions = await GetJsonAsync($"{Base}/download/{_packageId.ToLowerInvariant()}/index.json");
        versions["versions"]?.AsArray().Select(v => v?.GetValue<string>()).Should().Equal("1.0.0", "2.0.0");

        await WriteNuGetConfigAsync(source: Base);
        var delete = await DotnetAsync(_work, "nuget", "delete", _packageId, "1.0.0", "-s", Base, "-k", SampleHostProcess.AdminToken, "--non-interactive", "--no-service-endpoint");
        delete.ExitCode.Should().Be(0, delete.StdOut + delete.StdErr + _host.Output);
        var registration = await GetJsonAsync($"{Base}/metadata/{_packageId.ToLowerInvariant()}/1.0.0.json");
        registration["listed"]?.GetValue<bool>().Should().BeFalse();
    }

    [ClientFact("dotnet")]
    public async Task A_protection_rule_refuses_a_developers_push_and_dotnet_shows_why()
    {
        using var api = new DirectoryApi(_host);
        var (_, _, developer) = await api.CreateDeveloperAsync("demo/app");
        await api.ProtectAsync("demo/app", "nuget", _packageId, push: "maintainer");
        await WriteNuGetConfigAsync();
        var nupkg = await PackAsync("1.0.0");

        var refused = await DotnetAsync(_work, "nuget", "push", nupkg, "-s", Source, "-k", developer);

        refused.ExitCode.Should().NotBe(0);
        (refused.StdOut + refused.StdErr).Should().Contain("403").And.Contain("Package protected.", "dotnet prints the status line's reason phrase");
        var admin = await DotnetAsync(_work, "nuget", "push", nupkg, "-s", Source, "-k", SampleHostProcess.AdminToken);
        admin.ExitCode.Should().Be(0, admin.StdOut + admin.StdErr + _host.Output);
    }

    [ClientFact("dotnet")]
    public async Task Dotnet_restores_through_the_group_source()
    {
        await WriteNuGetConfigAsync();
        var stable = await PackAsync("1.0.0");
        var push = await DotnetAsync(_work, "nuget", "push", stable, "-s", Source, "-k", SampleHostProcess.AdminToken);
        push.ExitCode.Should().Be(0, push.StdOut + push.StdErr);

        await WriteNuGetConfigAsync(source: $"{_host.BaseUrl}/api/v4/groups/demo/-/packages/nuget/index.json");
        var consumer = await ConsumerAsync();
        var restore = await DotnetAsync(consumer, "restore");

        restore.ExitCode.Should().Be(0, restore.StdOut + restore.StdErr + _host.Output);
        File.Exists(Path.Combine(_work, "packages", _packageId.ToLowerInvariant(), "1.0.0", $"{_packageId.ToLowerInvariant()}.1.0.0.nupkg")).Should().BeTrue();
    }

    [ClientFact("dotnet")]
    public async Task Dotnet_pushes_the_symbol_package_beside_the_package_and_the_symbol_server_serves_its_pdb_to_a_debugger()
    {
        await WriteNuGetConfigAsync();
        var nupkg = await PackAsync("2.0.0", symbols: true);
        File.Exists(Path.ChangeExtension(nupkg, ".snupkg")).Should().BeTrue();

        var push = await DotnetAsync(_work, "nuget", "push", nupkg, "-s", Source, "-k", SampleHostProcess.AdminToken);
        push.ExitCode.Should().Be(0, push.StdOut + push.StdErr + _host.Output);
        push.StdOut.Should().Contain(".snupkg");

        // What a debugger does: the dll's CodeView entry names the PDB and its id, the PdbChecksum entry its checksum.
        using var pe = new PEReader(File.OpenRead(Path.Combine(_work, "lib", "bin", "Release", "net10.0", "Lib.dll")));
        var entries = pe.ReadDebugDirectory();
        var codeView = pe.ReadCodeViewDebugDirectoryData(entries.Single(e => e.Type == DebugDirectoryEntryType.CodeView));
        var checksum = pe.ReadPdbChecksumDebugDirectoryData(entries.Single(e => e.Type == DebugDirectoryEntryType.PdbChecksum));
        checksum.AlgorithmName.Should().Be("SHA256");
        var pdbName = Path.GetFileName(codeView.Path).ToLowerInvariant();
        var url = $"{Base}/symbolfiles/{pdbName}/{codeView.Guid:N}FFFFFFFF/{pdbName}";

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("SymbolChecksum", "SHA256:" + Convert.ToHexString(checksum.Checksum.AsSpan()));
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var snupkg = ZipFile.OpenRead(Path.ChangeExtension(nupkg, ".snupkg"));
        using var pdb = new MemoryStream();
        await using (var entry = snupkg.Entries.Single(e => e.Name.Equals("Lib.pdb", StringComparison.OrdinalIgnoreCase)).Open())
        {
            await entry.CopyToAsync(pdb);
        }

        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(pdb.ToArray());
    }

    [ClientFact("dotnet")]
    public async Task Job_deploy_and_personal_tokens_push_and_restore_on_a_private_project_and_anonymous_restores_from_a_public_one()
    {
        using var api = new DirectoryApi(_host);
        var (_, userId, personal) = await api.CreateDeveloperAsync("demo/app");
        var (_, deploy) = await api.CreateDeployTokenAsync("demo/app");
        var job = await api.StartJobAsync("demo/app", userId);
        await WriteNuGetConfigAsync();
        var stable = await PackAsync("1.0.0");
        var next = await PackAsync("1.1.0");

        foreach (var (nupkg, token) in new[] { (stable, job), (next, deploy) })
        {
            var push = await DotnetAsync(_work, "nuget", "push", nupkg, "-s", Source, "-k", token);
            push.ExitCode.Should().Be(0, push.StdOut + push.StdErr + _host.Output);
        }

        foreach (var (kind, token) in new[] { ("deploy", deploy), ("job", job), ("personal", personal) })
        {
            await RestoreFreshAsync(kind, token, Source);
        }

        var publicSource = $"{_host.BaseUrl}/api/v4/projects/{Uri.EscapeDataString(await api.CreatePublicProjectAsync("nuget-public"))}/packages/nuget/index.json";
        await WriteNuGetConfigAsync(source: publicSource);
        var pushPublic = await DotnetAsync(_work, "nuget", "push", stable, "-s", publicSource, "-k", SampleHostProcess.AdminToken);
        pushPublic.ExitCode.Should().Be(0, pushPublic.StdOut + pushPublic.StdErr);
        await RestoreFreshAsync("anonymous", password: null, publicSource);
    }

    /// <summary>Restores the consumer with an empty package folder and HTTP cache, so that every file comes from the server.</summary>
    private async Task RestoreFreshAsync(string kind, string? password, string source)
    {
        foreach (var cache in new[] { "packages", "http-cache" })
        {
            if (Directory.Exists(Path.Combine(_work, cache)))
            {
                Directory.Delete(Path.Combine(_work, cache), recursive: true);
            }
        }

        await WriteNuGetConfigAsync(password, source);
        var restore = await DotnetAsync(await ConsumerAsync(), "restore", "--force");
        restore.ExitCode.Should().Be(0, kind + "\n" + restore.StdOut + restore.StdErr + _host.Output);
        File.Exists(Path.Combine(_work, "packages", _packageId.ToLowerInvariant(), "1.0.0", $"{_packageId.ToLowerInvariant()}.1.0.0.nupkg")).Should().BeTrue(kind);
    }

    [ClientFact("dotnet")]
    public async Task Dotnet_restore_with_a_wrong_password_fails_with_401()
    {
        await WriteNuGetConfigAsync(password: "glpat-wrong");
        var consumer = await ConsumerAsync();

        var restore = await DotnetAsync(consumer, "restore");

        restore.ExitCode.Should().NotBe(0);
        (restore.StdOut + restore.StdErr).Should().Contain("401");
    }

    private static async Task<JsonNode> GetJsonAsync(string url)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("e2e:" + SampleHostProcess.AdminToken)));
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>A nuget.config with only the registry as source, with <paramref name="password"/> as its credential (none when null).</summary>
    private Task WriteNuGetConfigAsync(string? password = SampleHostProcess.AdminToken, string? source = null) =>
        File.WriteAllTextAsync(Path.Combine(_work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="registry" value="{source ?? Source}" allowInsecureConnections="true" />
              </packageSources>
              {(password is null ? string.Empty : $"""
              <packageSourceCredentials>
                <registry>
                  <add key="Username" value="e2e" />
                  <add key="ClearTextPassword" value="{password}" />
                </registry>
              </packageSourceCredentials>
              """)}
            </configuration>
            """);

    private async Task<string> PackAsync(string version, bool symbols = false)
    {
        var dir = Path.Combine(_work, "lib");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "Lib.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <PackageId>{_packageId}</PackageId>
                <Authors>e2e</Authors>
                <Description>An end-to-end test package.</Description>
              </PropertyGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(dir, "Hello.cs"), "namespace E2E; public static class Hello { public static string World => \"hi\"; }");
        var output = Path.Combine(_work, "out");
        string[] symbolArguments = symbols ? ["-p:IncludeSymbols=true", "-p:SymbolPackageFormat=snupkg"] : [];
        var pack = await DotnetAsync(dir, ["pack", "-c", "Release", "-o", output, $"-p:Version={version}", .. symbolArguments]);
        pack.ExitCode.Should().Be(0, pack.StdOut + pack.StdErr);
        var normalized = version.Split('+')[0];
        return Path.Combine(output, $"{_packageId}.{normalized}.nupkg");
    }

    private async Task<string> ConsumerAsync()
    {
        var dir = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{_packageId}" Version="1.0.0" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(dir, "Use.cs"), "namespace Consumer; public static class Use { public static string Hi => E2E.Hello.World; }");
        return dir;
    }

    /// <summary>Runs dotnet isolated from the machine: its own NUGET_PACKAGES, CLI home and HTTP cache.</summary>
    private async Task<(int ExitCode, string StdOut, string StdErr)> DotnetAsync(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(ExternalTool.FindOrNull("dotnet") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NUGET_PACKAGES"] = Path.Combine(_work, "packages");
        info.Environment["NUGET_HTTP_CACHE_PATH"] = Path.Combine(_work, "http-cache");
        info.Environment["DOTNET_CLI_HOME"] = Path.Combine(_work, "home");
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment.Remove("MSBuildExtensionsPath");

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet " + string.Join(' ', arguments) + " did not finish in time");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
