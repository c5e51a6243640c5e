using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Npm;

/// <summary>
/// The packument's <c>maintainers</c>, which <c>npm owner ls</c> prints: every user who published a version, recorded at
/// publish as the version's <c>_npmUser</c>; and no <c>"description": null</c> for a package.json without one.
/// </summary>
public sealed class NpmMaintainersTests : IDisposable
{
    private const string Registry = "/api/v4/projects/demo%2Fapp/packages/npm";
    private readonly NpmHostFactory _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Each_publisher_is_listed_once_in_publish_order_and_a_claimed_npm_user_is_replaced()
    {
        var (alice, aliceToken) = await _host.CreateUserAsync("alice");
        var app = await _host.Services.GetRequiredService<IProjectDirectory>().FindProjectOrNullAsync("demo/app", default) ?? throw new InvalidOperationException("no demo/app");
        await _host.Directory.SetProjectMemberAsync(app.Id, alice.Id, AccessLevel.Developer, default);
        using var admin = Client(NpmHostFactory.AdminToken);
        using var dev = Client(aliceToken);

        await PublishAsync(admin, NpmPackages.PublishDocument("@demo/owned", "1.0.0"));
        var forged = NpmPackages.PublishDocument("@demo/owned", "1.1.0");
        forged["versions"]!["1.1.0"]!["_npmUser"] = new JsonObject { ["name"] = "mallory" };
        await PublishAsync(dev, forged);
        await PublishAsync(admin, NpmPackages.PublishDocument("@demo/owned", "1.2.0"));

        var full = await GetAsync(admin, "/@demo%2fowned", accept: null);
        full["maintainers"]!.ToJsonString().Should().Be("""[{"name":"admin"},{"name":"alice"}]""");
        full["versions"]!["1.1.0"]!["_npmUser"]!.ToJsonString().Should().Be("""{"name":"alice"}""");

        var abbreviated = await GetAsync(admin, "/@demo%2fowned", accept: "application/vnd.npm.install-v1+json");
        abbreviated.ContainsKey("maintainers").Should().BeFalse();
        abbreviated["versions"]!["1.1.0"]!.AsObject().ContainsKey("_npmUser").Should().BeFalse();
    }

    [Fact]
    public async Task A_package_without_a_description_has_no_description_key()
    {
        using var admin = Client(NpmHostFactory.AdminToken);
        var document = NpmPackages.PublishDocument("@demo/bare", "1.0.0");
        document.Remove("description");
        await PublishAsync(admin, document);

        var full = await GetAsync(admin, "/@demo%2fbare", accept: null);
        full.ContainsKey("description").Should().BeFalse(full.ToJsonString());
        full["versions"]!["1.0.0"]!.AsObject().ContainsKey("description").Should().BeFalse();
    }

    private HttpClient Client(string token)
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task PublishAsync(HttpClient client, JsonObject document)
    {
        using var put = await client.PutAsync(Registry + "/" + Uri.EscapeDataString(document["name"]!.GetValue<string>()), new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string path, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Registry + path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
