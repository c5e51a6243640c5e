using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Identity;

/// <summary>
/// The identity sample (<c>samples/Registry.Sample.Identity</c>): users of the company's identity provider reach the
/// registry with the IdP's JWT (<c>UseHostIdentity</c>), npm included, while registry tokens keep working beside it.
/// The sample's stand-in IdP issues the JWTs; a real one differs only in where the signing keys come from.
/// </summary>
public sealed class IdentitySampleTests : IClassFixture<IdentitySampleTests.Host>, IDisposable
{
    private const string SigningKey = "identity-sample-e2e-signing-key-0123456789";
    private readonly Host _host;
    private readonly string _work = Directory.CreateTempSubdirectory("registry-identity-").FullName;
    private readonly HttpClient _http = new();

    public IdentitySampleTests(Host host) => _host = host;

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private string NpmRegistry => $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/npm/";

    [ClientFact("npm")]
    public async Task An_sso_user_publishes_and_installs_with_npm_using_the_idp_token()
    {
        var username = "alice-" + Guid.NewGuid().ToString("N")[..6];
        var jwt = await SignInAsync(username);
        var me = await GetJsonAsync("/api/v4/user", jwt);
        me.GetProperty("username").GetString().Should().Be(username, "the user was created at the first request");
        await AddDeveloperAsync(me.GetProperty("id").GetInt64());

        var name = "@demo/sso-" + Guid.NewGuid().ToString("N")[..6];
        var package = NpmDirectory("package", jwt);
        await File.WriteAllTextAsync(Path.Combine(package, "package.json"), $"{{\"name\":\"{name}\",\"version\":\"1.0.0\",\"description\":\"published by an SSO user\"}}");
        await File.WriteAllTextAsync(Path.Combine(package, "index.js"), "module.exports = 'sso';\n");
        var publish = await ExternalTool.RunAsync("npm", ["publish", "--userconfig", Path.Combine(package, ".npmrc")], package);
        publish.ExitCode.Should().Be(0, publish.StdErr + _host.Output);

        var consumer = NpmDirectory("consumer", jwt);
        await File.WriteAllTextAsync(Path.Combine(consumer, "package.json"), "{\"name\":\"consumer\",\"version\":\"1.0.0\"}");
        var install = await ExternalTool.RunAsync("npm", ["install", name + "@1.0.0", "--userconfig", Path.Combine(consumer, ".npmrc")], consumer);
        install.ExitCode.Should().Be(0, install.StdErr);
        File.Exists(Path.Combine(consumer, "node_modules", "@demo", name["@demo/".Length..], "index.js")).Should().BeTrue();

        var packages = await GetJsonAsync($"/api/v4/projects/demo%2Fapp/packages?package_name={Uri.EscapeDataString(name)}", jwt);
        packages.EnumerateArray().Should().ContainSingle(p => p.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task Registry_tokens_keep_working_beside_idp_tokens()
    {
        var admin = await GetJsonAsync("/api/v4/user", SampleHostProcess.AdminToken);

        admin.GetProperty("username").GetString().Should().Be("admin");
    }

    [Fact]
    public async Task A_user_without_a_role_cannot_see_the_private_project()
    {
        var jwt = await SignInAsync("bob-" + Guid.NewGuid().ToString("N")[..6]);

        using var response = await SendAsync(HttpMethod.Get, "/api/v4/projects/demo%2Fapp/packages", jwt);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "a private project is invisible to users who are not members, as on GitLab");
    }

    [Fact]
    public async Task A_jwt_signed_with_another_key_is_refused()
    {
        var forged = Mint("admin", "a-different-key-that-the-registry-never-saw-0123");

        using var response = await SendAsync(HttpMethod.Get, "/api/v4/user", forged);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_all_digit_username_claim_maps_to_no_one_rather_than_to_that_user_id()
    {
        // The directory reads "1" as a user id (the administrator's); a claim must never reach a user that way.
        var jwt = Mint("1", SigningKey);

        using var response = await SendAsync(HttpMethod.Get, "/api/v4/user", jwt);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<string> SignInAsync(string username)
    {
        using var response = await _http.PostAsync(_host.BaseUrl + "/demo-idp/token", new FormUrlEncodedContent([new("username", username)]));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString() ?? throw new InvalidOperationException(body);
    }

    /// <summary>A JWT as the stand-in IdP makes them, signed with <paramref name="key"/>.</summary>
    private static string Mint(string username, string key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "registry-sample-demo-idp",
        Audience = "package-registry",
        Expires = DateTime.UtcNow.AddMinutes(10),
        Subject = new ClaimsIdentity([new Claim("sub", username), new Claim("preferred_username", username)]),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
    });

    private async Task AddDeveloperAsync(long userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _host.BaseUrl + "/api/v4/projects/demo%2Fapp/members") { Content = JsonContent.Create(new { user_id = userId, access_level = 30 }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SampleHostProcess.AdminToken);
        using var response = await _http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> GetJsonAsync(string path, string token)
    {
        using var response = await SendAsync(HttpMethod.Get, path, token);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body + _host.Output);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, _host.BaseUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    /// <summary>A directory whose .npmrc sends <paramref name="token"/> (npm sends it as a Bearer token) to the project registry.</summary>
    private string NpmDirectory(string name, string token)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        var nerfed = NpmRegistry["http:".Length..];
        File.WriteAllText(Path.Combine(dir, ".npmrc"), $"registry={NpmRegistry}\n@demo:registry={NpmRegistry}\n{nerfed}:_authToken={token}\ncache={Path.Combine(_work, "cache")}\naudit=false\nfund=false\nupdate-notifier=false\n");
        return dir;
    }

    /// <summary>The identity sample as its own process, with the stand-in IdP's key.</summary>
    public sealed class Host : SampleHostProcess
    {
        public Host()
        {
            HostAssembly = "Registry.Sample.Identity.dll";
            Environment["Identity__DemoSigningKey"] = SigningKey;
        }
    }
}
