using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Storage;
using Registry.Testing;

namespace Registry.Formats.Tests.Terraform;

/// <summary>What a host gets from <c>.AddTerraform()</c>: discovery under its mount prefix and path base, and a clear stop without a signing key.</summary>
public sealed class TerraformHostingTests
{
    private const string Key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    [Fact]
    public async Task Discovery_names_the_modules_api_below_the_path_base_and_the_mount_prefix()
    {
        await using var app = await StartAsync(Key, app =>
        {
            app.UsePathBase("/base");
            app.UseRouting();
            app.MapPackageRegistry("/registry");
        });
        using var client = app.GetTestClient();

        var body = await client.GetStringAsync("/base/registry/.well-known/terraform.json");

        body.Should().Be("{\"modules.v1\":\"/base/registry/api/v4/packages/terraform/modules/v1/\"}");
        (await client.GetAsync("/base/registry/api/v4/packages/terraform/modules/v1/ns/vpc/aws/versions")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the modules API is where discovery says");
    }

    [Fact]
    public async Task Without_a_signing_key_the_host_stops_at_start_naming_the_key()
    {
        var start = async () => await StartAsync(key: null, app => app.MapPackageRegistry());

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("PackageRegistry:SignedUrls:Key").And.Contain("openssl rand -base64 32");
    }

    private static async Task<WebApplication> StartAsync(string? key, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        if (key is not null)
        {
            builder.Configuration["PackageRegistry:SignedUrls:Key"] = key;
        }

        builder.Services.AddPackageRegistry().UseInMemoryStorage().UseEmbeddedDirectory().AddTerraform();
        var app = builder.Build();
        map(app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }
}
