using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Registry.Testing;

namespace Registry.Formats.Tests.Pages;

/// <summary>What a host gets from <c>MapPackageRegistryPages()</c> under a path base and a mount prefix, beside its own routes.</summary>
public sealed class PackagePagesHostingTests
{
    private const string Token = "glpat-pages-hosting-token-0123456789";

    [Fact]
    public async Task Web_path_and_page_assets_follow_the_path_base_and_prefix_and_other_paths_stay_the_hosts()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["PackageRegistry:Bootstrap:AdminToken"] = Token;
        builder.Services.AddPackageRegistry().UseInMemoryStorage().UseEmbeddedDirectory().BootstrapOnStart().AddGeneric();
        await using var app = builder.Build();
        app.UsePathBase("/base");
        app.UseRouting();
        app.MapPackageRegistry("/registry");
        app.MapPackageRegistryPages("/registry");
        app.MapFallback(() => Results.Text("the host's fallback"));
        await app.StartAsync();
        using var client = app.GetTestClient();
        client.DefaultRequestHeaders.Add("PRIVATE-TOKEN", Token);

        using var put = await client.PutAsync("/base/registry/api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/tool.bin", new ByteArrayContent(Encoding.UTF8.GetBytes("x")));
        put.StatusCode.Should().Be(HttpStatusCode.Created);
        var listed = JsonDocument.Parse(await client.GetStringAsync("/base/registry/api/v4/projects/demo%2Fapp/packages")).RootElement[0];
        var webPath = listed.GetProperty("_links").GetProperty("web_path").GetString();

        webPath.Should().Be($"/base/registry/demo/app/-/packages/{listed.GetProperty("id").GetInt64()}");
        var html = await client.GetStringAsync(webPath);
        html.Should().Contain("data-base=\"/base/registry\"").And.Contain("src=\"/base/registry/-/package_registry/assets/pages.js\"");
        (await client.GetAsync("/base/registry/-/package_registry/assets/pages.js")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetStringAsync("/base/registry/demo/app/-/pipelines")).Should().Be("the host's fallback");
        (await client.GetStringAsync("/base/demo/app/-/packages")).Should().Be("the host's fallback", "the pages live under the prefix only");
    }
}
