using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Storage;

/// <summary>
/// Reads answer token, project and membership lookups from memory after one revision check per request; two hosts on
/// one database (as behind a load balancer) must still refuse at once what the other host revoked or hid.
/// </summary>
public sealed class ReadCacheAcrossHostsTests : IDisposable
{
    private static readonly string[] ApiScope = ["api"];
    private readonly SharedDataHosts _hosts = new(new SampleHostFactory());

    public void Dispose() => _hosts.Dispose();

    [Fact]
    public async Task A_token_revoked_through_one_host_is_refused_by_the_other_on_the_next_request()
    {
        var user = await PostAsync(_hosts.B, "/api/v4/users", new { username = "ci-bot", name = "CI" });
        var token = await PostAsync(_hosts.B, $"/api/v4/users/{user.GetProperty("id").GetInt64()}/personal_access_tokens", new { name = "ci", scopes = ApiScope });
        var secret = token.GetProperty("token").GetString();

        for (var i = 0; i < 3; i++)
        {
            (await _hosts.A.GetAsync("/api/v4/user", secret)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await _hosts.B.DeleteAsync($"/api/v4/personal_access_tokens/{token.GetProperty("id").GetInt64()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await _hosts.A.GetAsync("/api/v4/user", secret)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_project_made_private_through_one_host_is_hidden_by_the_other_on_the_next_request()
    {
        var group = await PostAsync(_hosts.B, "/api/v4/groups", new { name = "Open", path = "open", visibility = "public" });
        await PostAsync(_hosts.B, "/api/v4/projects", new { name = "lib", namespace_id = group.GetProperty("id").GetInt64(), visibility = "public" });
        (await _hosts.B.PutAsync("/api/v4/projects/open%2Flib/packages/generic/lib/1.0.0/lib.bin", new ByteArrayContent([1, 2, 3]))).StatusCode.Should().Be(HttpStatusCode.Created);
        for (var i = 0; i < 3; i++)
        {
            (await _hosts.AnonymousA.GetAsync("/api/v4/projects/open%2Flib/packages/generic/lib/1.0.0/lib.bin")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var hide = await _hosts.B.PutAsJsonAsync("/api/v4/projects/open%2Flib", new { visibility = "private" });
        hide.StatusCode.Should().Be(HttpStatusCode.OK);

        (await _hosts.AnonymousA.GetAsync("/api/v4/projects/open%2Flib/packages/generic/lib/1.0.0/lib.bin")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
