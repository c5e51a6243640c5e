using Microsoft.AspNetCore.Http;
using Registry.Formats.Npm;
using Registry.Formats.NuGet;
using Registry.Formats.Protocol;

namespace Registry.Formats.Tests.Protocol;

/// <summary>One rule for the URLs written into documents: scheme and host as the request has them, path base, mount prefix.</summary>
public sealed class RegistryUrlsTests
{
    [Theory]
    [InlineData("", "/api/v4/projects/7/packages/npm/@scope%2fpkg", "https://reg.example/api/v4/projects/7/packages/npm")]
    [InlineData("/base", "/registry/api/v4/groups/demo/-/packages/npm/pkg/-/pkg-1.0.0.tgz", "https://reg.example/base/registry/api/v4/groups/demo/-/packages/npm")]
    [InlineData("", "/api/v4/projects/demo%2Fapp/packages/npm/pkg", "https://reg.example/api/v4/projects/demo%2Fapp/packages/npm")]
    public void The_format_url_ends_at_the_format_segment(string pathBase, string path, string expected) =>
        RegistryUrls.Format(Request(pathBase, path), NpmFormat.NpmType).Should().Be(expected);

    [Fact]
    public void The_format_segment_must_be_whole()
    {
        RegistryUrls.Format(Request("", "/api/v4/projects/7/packages/nuget/index.json"), NuGetFormat.NuGetType)
            .Should().Be("https://reg.example/api/v4/projects/7/packages/nuget");
        RegistryUrls.Format(Request("", "/api/v4/projects/7/packages/nugetx/index.json"), NuGetFormat.NuGetType)
            .Should().Be("https://reg.example/api/v4/projects/7/packages/nugetx/index.json");
    }

    [Theory]
    [InlineData("", "/api/v4/projects/7/packages", "https://reg.example")]
    [InlineData("/base", "/registry/api/v4/groups/1/packages", "https://reg.example/base/registry")]
    [InlineData("/base", "/elsewhere", "https://reg.example/base")]
    public void The_root_is_what_comes_before_api_v4(string pathBase, string path, string expected) =>
        RegistryUrls.Root(Request(pathBase, path)).Should().Be(expected);

    private static HttpRequest Request(string pathBase, string path)
    {
        // What UseForwardedHeaders leaves on the request behind a TLS-terminating proxy.
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("reg.example");
        context.Request.PathBase = new PathString(pathBase);
        context.Request.Path = new PathString(path);
        return context.Request;
    }
}
