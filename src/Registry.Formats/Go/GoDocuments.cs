using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Registry.Core.Packages;

namespace Registry.Formats.Go;

/// <summary>The GOPROXY protocol's documents (https://go.dev/ref/mod#goproxy-protocol), rendered from the catalog.</summary>
internal static class GoDocuments
{
    /// <summary>The versions go lists and resolves <c>@latest</c> from: not hidden, not failed.</summary>
    public static IEnumerable<Package> Listed(IEnumerable<Package> versions) =>
        versions.Where(static p => p.Status is PackageStatus.Default or PackageStatus.Deprecated);

    /// <summary><c>@v/list</c>: one version a line, in semver order.</summary>
    public static byte[] List(IEnumerable<Package> versions)
    {
        var text = new StringBuilder();
        foreach (var version in Listed(versions).Select(static p => p.Version).Order(Comparer<string>.Create(GoSemver.Compare)))
        {
            text.Append(version).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// The version <c>@latest</c> answers: the highest release, or the highest prerelease when there is no release
    /// (what go itself picks from a list, https://go.dev/ref/mod#version-queries); null when nothing is listed.
    /// </summary>
    public static Package? LatestOrNull(IEnumerable<Package> versions) =>
        Listed(versions)
            .OrderByDescending(static p => !GoSemver.IsPrerelease(p.Version))
            .ThenByDescending(static p => p.Version, Comparer<string>.Create(GoSemver.Compare))
            .FirstOrDefault();

    /// <summary><c>.info</c> and <c>@latest</c>: <c>{"Version": ..., "Time": ...}</c>, the time of the publish in RFC 3339.</summary>
    public static byte[] Info(Package package) =>
        JsonSerializer.SerializeToUtf8Bytes(new InfoDocument(package.Version, package.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));

    private sealed record InfoDocument(
        [property: JsonPropertyName("Version")] string Version,
        [property: JsonPropertyName("Time")] string Time);
}
