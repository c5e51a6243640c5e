using System.Net;
using System.Text;
using System.Text.Json;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Api;

/// <summary>A fresh sample host per test, with helpers to publish generic packages and read the packages API.</summary>
public abstract class PackagesApiTestBase : IDisposable
{
    protected const string Admin = SampleHostFactory.AdminToken;
    protected const string Demo = "/api/v4/projects/demo%2Fapp";

    protected PackagesApiTestBase()
    {
        Host = new SampleHostFactory();
        Client = Host.CreateClient();
    }

    protected SampleHostFactory Host { get; }

    protected HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Host.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task PublishAsync(string name, string version, string file = "a.txt", string content = "x", string? token = Admin, string project = "demo%2Fapp", string header = "PRIVATE-TOKEN", string query = "")
    {
        var put = await Client.PutBytesAsync($"/api/v4/projects/{project}/packages/generic/{name}/{version}/{file}{query}", Encoding.UTF8.GetBytes(content), token, header);
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
    }

    protected async Task<(HttpResponseMessage Response, JsonElement Json)> GetJsonAsync(string url, string? token = Admin, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.GetAsync(url, token);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        var json = body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        return (response, json);
    }

    protected async Task<string[]> NamesAsync(string url, string? token = Admin)
    {
        var (_, json) = await GetJsonAsync(url, token);
        return [.. json.EnumerateArray().Select(static p => p.GetProperty("name").GetString()!)];
    }

    protected async Task<long> PackageIdAsync(string name, string project = Demo)
    {
        var (_, json) = await GetJsonAsync($"{project}/packages?package_name={name}");
        return json.EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("id").GetInt64();
    }

    protected async Task<string> TokenWithRoleAsync(string username, Project project, AccessLevel role)
    {
        var (user, token) = await Host.CreateUserAsync(username);
        await Host.Directory.SetProjectMemberAsync(project.Id, user.Id, role, default);
        return token;
    }

    protected static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "<absent>";
}
