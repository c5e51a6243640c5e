using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Registry.Core.Security;
using Registry.Formats.Tests.Authorization;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Protection;

/// <summary>
/// A package protection rule over every format, through each format's own publish route and client credential: a
/// developer and a deploy token are refused a protected push, a maintainer is not; a maintainer is refused a protected
/// delete (through the packages API and the format's own delete route), an owner is not. Each refusal is a 403 in the
/// format's client error shape, with GitLab's words, and leaves the package state as it was.
/// </summary>
public sealed class ProtectedFormatsTests(ProtectionHost host) : IClassFixture<ProtectionHost>
{
    private const string PushRefused = "403 Forbidden - Package protected.";
    private const string DeleteRefused = "403 Forbidden - Package is deletion protected.";

    private static readonly IReadOnlyList<MatrixFormat> Formats = [new GenericProtectionFormat(), .. MatrixFormats.All];

    public static TheoryData<string> FormatNames() => [.. Formats.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(FormatNames))]
    public async Task A_protected_push_is_refused_to_developers_and_deploy_tokens_and_accepted_from_maintainers(string formatName)
    {
        var format = Formats.Single(f => f.Name == formatName);
        var project = await host.NewProjectAsync();
        await host.ProtectAsync(project.Id, format.Name, format.PackageName("prot-*"), push: "maintainer", delete: null);

        using (var refused = await PublishAsync(format, project.Id, "prot-dev", host.Developer, AuthorizationMatrix.PrivateToken))
        {
            await AssertRefusedAsync(format, refused, PushRefused);
        }

        using (var refused = await PublishAsync(format, project.Id, "prot-deploy", host.DeployToken, AuthorizationMatrix.DeployToken))
        {
            await AssertRefusedAsync(format, refused, PushRefused);
        }

        using (var unprotected = await PublishAsync(format, project.Id, "free-dev", host.Developer, AuthorizationMatrix.PrivateToken))
        {
            ((int)unprotected.StatusCode).Should().Be(201, "a name outside the pattern is not protected: {0}", await unprotected.Content.ReadAsStringAsync());
        }

        using (var accepted = await PublishAsync(format, project.Id, "prot-maint", host.Maintainer, AuthorizationMatrix.PrivateToken))
        {
            ((int)accepted.StatusCode).Should().Be(201, "a maintainer reaches the rule's level: {0}", await accepted.Content.ReadAsStringAsync());
        }

        (await host.FindPackageIdAsync(project.Id, format.Name, format.PackageName("prot-dev"))).Should().BeNull("a refused push stores nothing");
        (await host.FindPackageIdAsync(project.Id, format.Name, format.PackageName("prot-deploy"))).Should().BeNull("a refused push stores nothing");
        (await host.FindPackageIdAsync(project.Id, format.Name, format.PackageName("prot-maint"))).Should().NotBeNull();
    }

    [Theory]
    [MemberData(nameof(FormatNames))]
    public async Task A_protected_delete_is_refused_to_maintainers_and_accepted_from_owners(string formatName)
    {
        var format = Formats.Single(f => f.Name == formatName);
        var project = await host.NewProjectAsync();
        await host.ProtectAsync(project.Id, format.Name, format.PackageName("prot-*"), push: null, delete: "owner");
        using (var published = await PublishAsync(format, project.Id, "prot-kept", host.Maintainer, AuthorizationMatrix.PrivateToken))
        {
            ((int)published.StatusCode).Should().Be(201, "the rule protects deleting only: {0}", await published.Content.ReadAsStringAsync());
        }

        var packageId = await host.FindPackageIdAsync(project.Id, format.Name, format.PackageName("prot-kept")) ?? throw new InvalidOperationException("not published");
        using (var refused = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v4/projects/{project.Id}/packages/{packageId}").WithToken(host.Maintainer)))
        {
            ((int)refused.StatusCode).Should().Be(403);
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().Be(DeleteRefused);
        }

        foreach (var route in format.Routes.Where(r => r.Permission == PackageAction.Delete))
        {
            using var request = route.Request(new MatrixRequestContext(project.Id, string.Empty, "prot-kept", string.Empty));
            MatrixFormat.Authenticate(request, route.Credential, AuthorizationMatrix.PrivateToken, host.Maintainer);
            using var refused = await host.Client.SendAsync(request);
            await AssertRefusedAsync(format, refused, DeleteRefused);
        }

        (await host.FindPackageIdAsync(project.Id, format.Name, format.PackageName("prot-kept"))).Should().Be(packageId, "a refused delete leaves the package");

        using (var deleted = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v4/projects/{project.Id}/packages/{packageId}").WithToken(host.Owner)))
        {
            ((int)deleted.StatusCode).Should().Be(204, "an owner reaches the rule's level");
        }

        (await host.FindPackageIdAsync(project.Id, format.Name, format.PackageName("prot-kept"))).Should().BeNull();
    }

    [Fact]
    public async Task A_rule_applies_to_the_next_request_and_removing_it_lifts_it()
    {
        var format = Formats.Single(f => f.Name == "generic");
        var project = await host.NewProjectAsync();
        var rule = await host.ProtectAsync(project.Id, "generic", "prot-*", push: "owner", delete: null);
        using (var refused = await PublishAsync(format, project.Id, "prot-a", host.Maintainer, AuthorizationMatrix.PrivateToken))
        {
            ((int)refused.StatusCode).Should().Be(403);
        }

        using (var removed = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v4/projects/{project.Id}/packages/protection/rules/{rule.GetProperty("id").GetInt64()}").WithToken(host.Maintainer)))
        {
            ((int)removed.StatusCode).Should().Be(204);
        }

        using var accepted = await PublishAsync(format, project.Id, "prot-a", host.Maintainer, AuthorizationMatrix.PrivateToken);
        ((int)accepted.StatusCode).Should().Be(201);
    }

    private async Task<HttpResponseMessage> PublishAsync(MatrixFormat format, long projectId, string baseName, string token, string header)
    {
        // The format's first publish route is the one Publish builds its request for (NuGet has three push routes).
        var route = format.Routes.First(r => r.Permission == PackageAction.Publish);
        using var request = format.Publish(projectId, baseName).Request;
        MatrixFormat.Authenticate(request, route.Credential, header, token);
        return await host.Client.SendAsync(request);
    }

    /// <summary>A 403 with GitLab's words in the format's shape.</summary>
    private static Task AssertRefusedAsync(MatrixFormat format, HttpResponseMessage response, string words) =>
        ClientErrorAssertions.AssertErrorAsync(format, response, 403, words);

    /// <summary>Generic packages: GitLab's upload with <c>PRIVATE-TOKEN</c> (or <c>DEPLOY-TOKEN</c>).</summary>
    internal sealed class GenericProtectionFormat : MatrixFormat
    {
        public override string Name => "generic";

        public override IReadOnlyList<FormatRoute> Routes => [PublishRoute("upload", MatrixCredential.GitLabHeader)];

        public override (HttpRequestMessage Request, string Fact) Publish(long projectId, string baseName) =>
            (new HttpRequestMessage(HttpMethod.Put, $"{MatrixFormats.ProjectPath(projectId, Name)}/{baseName}/{Version}/file.txt") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(baseName)) }, string.Empty);
    }
}
