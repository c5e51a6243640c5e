using System.Net;
using System.Text;
using Registry.Formats.Tests.Npm;
using Registry.Formats.Tests.NuGet;
using Registry.Formats.Tests.PyPI;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Hardening;

/// <summary>Versions and ids that clients treat as one, or refuse, are treated so here (issue 16, defect 7).</summary>
public sealed class NormalizationTests
{
    [Fact]
    public async Task Pypi_1_0_and_1_0_0_are_one_release()
    {
        using var host = new PyPIHostFactory();
        using var client = host.CreateClient();

        using (var wheel = PyPIHostFactory.Upload(PyPIHostFactory.Wheel("same-release", "1.0"), "same_release-1.0-py3-none-any.whl", "same-release", "1.0"))
        {
            Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(wheel)).StatusCode);
        }

        using (var sdist = PyPIHostFactory.Upload(PyPIHostFactory.Sdist("same-release", "1.0.0"), "same_release-1.0.0.tar.gz", "same-release", "1.0.0"))
        {
            Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(sdist)).StatusCode);
        }

        Assert.Equal(1, await host.PackageCountAsync());
        var page = await (await client.SendAsync(PyPIHostFactory.Read("simple/same-release/"))).Content.ReadAsStringAsync();
        Assert.Contains("same_release-1.0-py3-none-any.whl", page, StringComparison.Ordinal);
        Assert.Contains("same_release-1.0.0.tar.gz", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Demo.Lib", "1.0.0-" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "<version>")]
    [InlineData("D\u0435mo.Lib", "1.0.0", "<id>")]
    [InlineData("Demo.Lib.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "1.0.0", "<id>")]
    public async Task Nuget_ids_and_versions_beyond_nugets_rules_are_refused(string id, string version, string field)
    {
        using var host = new NuGetHostFactory();
        using var client = host.CreateClient();

        using var push = NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Placeholder", "1.0.0", NuGetHostFactory.Nuspec(id, version)));
        using var response = await client.SendAsync(push);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await host.PackageCountAsync());
        Assert.Empty(host.StoredFiles());
    }

    [Fact]
    public async Task Npm_build_metadata_does_not_make_another_version()
    {
        const string registry = "/api/v4/projects/demo%2Fapp/packages/npm";
        using var host = new NpmHostFactory();
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("PRIVATE-TOKEN", NpmHostFactory.AdminToken);

        using var first = await client.PutAsync($"{registry}/build-meta", Json(NpmPackages.PublishDocument("build-meta", "1.0.0")));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await client.PutAsync($"{registry}/build-meta", Json(NpmPackages.PublishDocument("build-meta", "1.0.0+build.7")));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var packument = await client.GetStringAsync($"{registry}/build-meta");
        Assert.DoesNotContain("1.0.0+build.7", packument, StringComparison.Ordinal);
    }

    private static StringContent Json(System.Text.Json.Nodes.JsonNode document) => new(document.ToJsonString(), Encoding.UTF8, "application/json");
}
