using System.Net;
using System.Text.Json.Nodes;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.NuGet;

/// <summary>
/// Issue 13's "done when" for NuGet: 50 unlists and relists of one version, sent at once through two hosts over one
/// database, each answer success, and afterwards every view of the version agrees on one state: the registration
/// leaf's <c>listed</c>, search, and the status GitLab's packages API shows (hidden when unlisted).
/// </summary>
public sealed class NuGetListingRaceTests : IDisposable
{
    private const string Base = NuGetHostFactory.Base;
    private readonly SharedDataHosts _hosts = new(new NuGetHostFactory());

    public void Dispose() => _hosts.Dispose();

    [Fact]
    public async Task Fifty_concurrent_unlists_and_relists_through_two_hosts_leave_one_consistent_state()
    {
        var push = await _hosts.A.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Race.Lib", "1.0.0", NuGetHostFactory.Nuspec("Race.Lib", "1.0.0"))));
        push.StatusCode.Should().Be(HttpStatusCode.Created, await push.Content.ReadAsStringAsync());

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var request = new HttpRequestMessage(i % 2 == 0 ? HttpMethod.Delete : HttpMethod.Post, $"{Base}/v2/package/Race.Lib/1.0.0");
            using var response = await (i % 4 < 2 ? _hosts.A : _hosts.B).SendAsync(request);
            return response.StatusCode;
        }));
        answers.Should().OnlyContain(s => s == HttpStatusCode.NoContent || s == HttpStatusCode.OK);

        var packages = JsonNode.Parse(await _hosts.A.GetStringAsync("/api/v4/projects/demo%2Fapp/packages?package_type=nuget&package_name=Race.Lib"))?.AsArray() ?? [];
        var hidden = JsonNode.Parse(await _hosts.A.GetStringAsync("/api/v4/projects/demo%2Fapp/packages?package_type=nuget&package_name=Race.Lib&status=hidden"))?.AsArray() ?? [];
        (packages.Count + hidden.Count).Should().Be(1, "the version is either listed or hidden, never both nor neither");
        var listed = packages.Count == 1;

        foreach (var host in new[] { _hosts.A, _hosts.B })
        {
            var registration = JsonNode.Parse(await host.GetStringAsync($"{Base}/metadata/race.lib/index.json"));
            var leafListed = registration?["items"]?[0]?["items"]?[0]?["catalogEntry"]?["listed"] ?? throw new InvalidOperationException("no catalog entry");
            leafListed.GetValue<bool>().Should().Be(listed, "the registration agrees with the packages API");
            var search = JsonNode.Parse(await host.GetStringAsync($"{Base}/query?q=race.lib"));
            var hits = search?["totalHits"] ?? throw new InvalidOperationException("no totalHits");
            hits.GetValue<int>().Should().Be(listed ? 1 : 0, "search shows only listed versions");
        }
    }
}
