using System.Net.Http.Json;
using System.Text.Json;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Protection;

/// <summary>GitLab's protected packages API: its entity, its validation answers (400 for parameters, 422 for the model) and who may use it.</summary>
public sealed class ProtectionRulesApiTests(ProtectionHost host) : IClassFixture<ProtectionHost>
{
    [Fact]
    public async Task A_rule_is_created_listed_updated_and_deleted_with_GitLabs_fields()
    {
        var project = await host.NewProjectAsync();
        var created = await host.ProtectAsync(project.Id, "npm", "@acme/flight-*", push: "maintainer", delete: "owner");
        var id = created.GetProperty("id").GetInt64();
        created.GetRawText().Should().Be(
            $$"""{"id":{{id}},"project_id":{{project.Id}},"package_name_pattern":"@acme/flight-*","package_type":"npm","minimum_access_level_for_delete":"owner","minimum_access_level_for_push":"maintainer"}""");

        var listed = await SendAsync(HttpMethod.Get, Rules(project.Id), host.Maintainer);
        listed.Status.Should().Be(200);
        listed.Body.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).Should().Equal(id);

        var updated = await SendAsync(HttpMethod.Patch, $"{Rules(project.Id)}/{id}", host.Maintainer, new { minimum_access_level_for_push = "admin", minimum_access_level_for_delete = (string?)null });
        updated.Status.Should().Be(200);
        updated.Body.GetProperty("package_name_pattern").GetString().Should().Be("@acme/flight-*", "absent parameters keep their value");
        updated.Body.GetProperty("minimum_access_level_for_push").GetString().Should().Be("admin");
        updated.Body.GetProperty("minimum_access_level_for_delete").ValueKind.Should().Be(JsonValueKind.Null);

        (await SendAsync(HttpMethod.Delete, $"{Rules(project.Id)}/{id}", host.Maintainer)).Status.Should().Be(204);
        (await SendAsync(HttpMethod.Delete, $"{Rules(project.Id)}/{id}", host.Maintainer)).Status.Should().Be(404);
        (await SendAsync(HttpMethod.Get, Rules(project.Id), host.Maintainer)).Body.GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Bad_parameters_answer_400_and_failed_validations_422_storing_nothing()
    {
        var project = await host.NewProjectAsync();
        await host.ProtectAsync(project.Id, "pypi", "my-pkg*", push: "owner", delete: null);

        var missing = await SendAsync(HttpMethod.Post, Rules(project.Id), host.Owner, new { package_type = "npm", minimum_access_level_for_push = "owner" });
        missing.Status.Should().Be(400);
        missing.Body.GetProperty("error").GetString().Should().Be("package_name_pattern is missing");

        var unknownType = await SendAsync(HttpMethod.Post, Rules(project.Id), host.Owner, new { package_name_pattern = "x", package_type = "cargo", minimum_access_level_for_push = "owner" });
        unknownType.Status.Should().Be(400);
        unknownType.Body.GetProperty("error").GetString().Should().Be("package_type does not have a valid value");

        var badLevel = await SendAsync(HttpMethod.Post, Rules(project.Id), host.Owner, new { package_name_pattern = "x", package_type = "npm", minimum_access_level_for_delete = "maintainer" });
        badLevel.Status.Should().Be(400, "deleting can be kept to owners or admins, not maintainers");
        badLevel.Body.GetProperty("error").GetString().Should().Be("minimum_access_level_for_delete does not have a valid value");

        var noLevel = await SendAsync(HttpMethod.Post, Rules(project.Id), host.Owner, new { package_name_pattern = "x", package_type = "npm" });
        noLevel.Status.Should().Be(422);
        noLevel.Body.GetProperty("message").GetProperty("error")[0].GetString().Should().Be("A rule must have at least a minimum access role for push or delete.");

        var taken = await SendAsync(HttpMethod.Post, Rules(project.Id), host.Owner, new { package_name_pattern = "my-pkg*", package_type = "pypi", minimum_access_level_for_push = "admin" });
        taken.Status.Should().Be(422);
        taken.Body.GetProperty("message").GetProperty("error")[0].GetString().Should().Be("Package name pattern has already been taken");

        var blank = await SendAsync(HttpMethod.Post, Rules(project.Id), host.Owner, new { package_name_pattern = "has space", package_type = "npm", minimum_access_level_for_push = "owner" });
        blank.Status.Should().Be(422);

        (await SendAsync(HttpMethod.Get, Rules(project.Id), host.Owner)).Body.GetArrayLength().Should().Be(1, "nothing refused was stored");
        (await SendAsync(HttpMethod.Patch, $"{Rules(project.Id)}/999999", host.Owner, new { minimum_access_level_for_push = "owner" })).Status.Should().Be(404);
    }

    [Fact]
    public async Task Only_maintainers_and_above_manage_rules()
    {
        var project = await host.NewProjectAsync();
        (await SendAsync(HttpMethod.Get, Rules(project.Id), token: null)).Status.Should().Be(401);
        (await SendAsync(HttpMethod.Get, Rules(project.Id), host.Developer)).Status.Should().Be(403);
        (await SendAsync(HttpMethod.Post, Rules(project.Id), host.Developer, new { package_name_pattern = "x", package_type = "npm", minimum_access_level_for_push = "owner" })).Status.Should().Be(403);
        (await SendAsync(HttpMethod.Get, Rules(project.Id), host.DeployToken, header: "DEPLOY-TOKEN")).Status.Should().Be(403);
        (await SendAsync(HttpMethod.Get, Rules(project.Id), SampleHostFactory.AdminToken)).Status.Should().Be(200);
    }

    private static string Rules(long projectId) => $"/api/v4/projects/{projectId}/packages/protection/rules";

    private async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string url, string? token, object? body = null, string header = "PRIVATE-TOKEN")
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await host.Client.SendAsync(request.WithToken(token, header));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
