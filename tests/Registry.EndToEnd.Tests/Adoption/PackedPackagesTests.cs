using System.IO.Compression;
using System.Xml.Linq;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Adoption;

/// <summary>
/// What a team checks before it takes a dependency, on the packed packages themselves (the nuspec <c>dotnet pack</c>
/// wrote, not the project files): each its own description, tags and readme, its symbols, a repository URL only
/// where git has a remote, and as dependencies exactly what its project references, nothing pinned transitively or
/// test-only.
/// </summary>
[Collection(PackedSdkGroup.Name)]
public sealed class PackedPackagesTests(PackedSdk sdk)
{
    private static readonly string[] TestOnly = ["xunit", "FluentAssertions", "Snapshooter", "Microsoft.AspNetCore.Mvc.Testing", "Microsoft.NET.Test.Sdk", "Xunit.SkippableFact"];

    [ClientFact("dotnet", "git")]
    public async Task Each_package_describes_itself_ships_readme_and_symbols_and_depends_only_on_its_own_references()
    {
        await sdk.EnsurePackedAsync();
        var remote = await GitRemoteAsync();
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in PackedSdk.Projects)
        {
            File.Exists(sdk.Package(name)).Should().BeTrue($"{name} is packed");
            using var package = ZipFile.OpenRead(sdk.Package(name));
            var nuspec = Nuspec(package, name);
            var metadata = nuspec.Root?.Elements().Single(e => e.Name.LocalName == "metadata") ?? throw new InvalidOperationException("no metadata");
            string? Value(string element) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == element)?.Value;

            var description = Value("description") ?? string.Empty;
            description.Should().NotBeNullOrWhiteSpace($"{name} has a description");
            descriptions.Should().NotContainValue(description, $"{name} describes itself, not as another package does");
            descriptions[name] = description;
            Value("tags").Should().NotBeNullOrWhiteSpace($"{name} has tags");

            var readme = Value("readme");
            readme.Should().NotBeNullOrEmpty($"{name} names its readme");
            package.GetEntry(readme ?? string.Empty).Should().NotBeNull($"{name} carries the readme it names");

            var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string?)e.Attribute("id")).OfType<string>().ToArray();
            dependencies.Should().NotContain(id => TestOnly.Any(t => id.StartsWith(t, StringComparison.OrdinalIgnoreCase)), $"{name} brings no test-only package");
            dependencies.Should().BeEquivalentTo(References(name), $"{name}'s dependencies are what its project references, nothing pinned transitively");

            var repository = metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository");
            var url = (string?)repository?.Attribute("url");
            if (remote is null || !remote.StartsWith("http", StringComparison.Ordinal))
            {
                url.Should().BeNull($"{name} invents no repository URL where git has no (web) remote");
            }
            else
            {
                url.Should().Be(remote, $"{name} names the repository git's remote names");
            }

            File.Exists(sdk.Symbols(name)).Should().BeTrue($"{name} has a symbols package");
            using var symbols = ZipFile.OpenRead(sdk.Symbols(name));
            symbols.Entries.Select(e => e.FullName).Should().Contain($"lib/net10.0/{name}.pdb");
        }
    }

    private static XDocument Nuspec(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name + ".nuspec") ?? throw new InvalidOperationException($"{name} has no nuspec");
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    /// <summary>The packages and projects the project file references directly: what its package may depend on.</summary>
    private static string[] References(string name)
    {
        var project = XDocument.Load(PackedSdk.ProjectFile(name));
        return [.. project.Descendants("PackageReference").Select(r => (string?)r.Attribute("Include")).OfType<string>()
            .Concat(project.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension((string?)r.Attribute("Include") ?? string.Empty)))];
    }

    /// <summary>The URL of git's <c>origin</c> remote, or null when the repository has none (or is no git checkout).</summary>
    private static async Task<string?> GitRemoteAsync()
    {
        var (exit, stdout, _) = await ExternalTool.RunAsync("git", ["-C", RepositoryRoot.Path, "remote", "get-url", "origin"]);
        return exit == 0 && stdout.Trim().Length > 0 ? stdout.Trim() : null;
    }
}
