using System.Globalization;
using System.Text.Json.Nodes;
using Registry.Core.Packages;
using Registry.Formats.NuGet;

namespace Registry.Benchmarks.Micro;

/// <summary>Catalog rows shaped like what the npm and NuGet endpoints store, for rendering benchmarks.</summary>
internal static class Fixtures
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An npm package's versions with manifests as npm publishes them (dependencies, scripts, dist).</summary>
    public static IReadOnlyList<Package> NpmVersions(int count) =>
        [.. Enumerable.Range(0, count).Select(i => NpmVersion(i, $"1.{i / 100}.{i % 100}"))];

    /// <summary>A NuGet package's versions with the nuspec metadata the push stores.</summary>
    public static IReadOnlyList<Package> NuGetVersions(int count) =>
        [.. Enumerable.Range(0, count).Select(i => NuGetVersion(i, $"1.{i / 100}.{i % 100}"))];

    private static Package NpmVersion(int index, string version)
    {
        var manifest = new JsonObject
        {
            ["name"] = "@bench/big",
            ["version"] = version,
            ["description"] = "A package for the load benchmark",
            ["main"] = "index.js",
            ["license"] = "MIT",
            ["scripts"] = new JsonObject { ["test"] = "node test.js" },
            ["dependencies"] = new JsonObject { ["left-pad"] = "^1.3.0", ["lodash"] = "^4.17.21" },
            ["engines"] = new JsonObject { ["node"] = ">=18" },
            ["readme"] = "# big\n\nA package for the load benchmark.\n",
            ["dist"] = new JsonObject
            {
                ["shasum"] = new string('a', 40),
                ["integrity"] = "sha512-" + new string('A', 86) + "==",
            },
        };
        return Row(index, "npm", "@bench/big", "@bench/big", version, version, manifest.ToJsonString(), index == 0 ? ["latest"] : []);
    }

    private static Package NuGetVersion(int index, string version)
    {
        var metadata = new NuGetMetadata
        {
            Id = "Bench.Big",
            Version = version,
            Authors = "bench",
            Description = "A package for the load benchmark",
            Tags = "bench load",
            ProjectUrl = "https://example.test/bench",
            LicenseExpression = "MIT",
            DependencyGroups =
            [
                new NuGetDependencyGroup("net8.0", [new NuGetDependency("Newtonsoft.Json", "[13.0.3, )")]),
            ],
            Nuspec = "<package/>",
        };
        return Row(index, "nuget", "Bench.Big", "bench.big", version, version, metadata.ToJson(), []);
    }

    private static Package Row(int index, string type, string name, string normalizedName, string version, string normalizedVersion, string metadata, IReadOnlyList<string> tags) => new()
    {
        Id = index + 1,
        ProjectId = 1,
        Type = type,
        Name = name,
        NormalizedName = normalizedName,
        Version = version,
        NormalizedVersion = normalizedVersion,
        Status = PackageStatus.Default,
        Tags = tags,
        Metadata = metadata,
        CreatedAt = Epoch.AddMinutes(index),
        UpdatedAt = Epoch.AddMinutes(index),
    };

    public static string Ordinal(int value) => value.ToString(CultureInfo.InvariantCulture);
}
