using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Registry.Tests.Npm;

namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>What the dist-tag race tests share: their set-up over HTTP, and reading who holds a tag from GitLab's packages API.</summary>
public static class NpmTagRace
{
    /// <summary>
    /// Publishes each version with the publish document the npm CLI sends. Publishing is not under test in a race
    /// test: HTTP keeps the set-up of 50 versions fast.
    /// </summary>
    public static async Task PublishAsync(HttpClient http, string registry, string name, IEnumerable<string> versions)
    {
        foreach (var version in versions)
        {
            using var published = await http.PutAsJsonAsync(registry + name, NpmPackages.PublishDocument(name, version));
            published.IsSuccessStatusCode.Should().BeTrue(await published.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The versions the packages API (<c>GET /projects/:id/packages</c>) lists with <paramref name="tag"/>, after checking it lists <paramref name="count"/> versions.</summary>
    public static async Task<IReadOnlyList<string?>> VersionsTaggedAsync(HttpClient http, string baseUrl, string project, string name, string tag, int count)
    {
        var listing = JsonNode.Parse(await http.GetStringAsync($"{baseUrl}/api/v4/projects/{project}/packages?package_type=npm&package_name={name}&per_page=100"))?.AsArray()
            ?? throw new InvalidOperationException("no listing");
        listing.Should().HaveCount(count);
        return [.. listing
            .Where(p => p?["tags"]?.AsArray().Any(t => t?.GetValue<string>() == tag) == true)
            .Select(p => p?["version"]?.GetValue<string>())];
    }
}
