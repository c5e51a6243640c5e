using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Formats.Tests.Documents;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Terraform;

/// <summary>The sample host on a clock the test sets (grants expire by it), with helpers to publish modules as curl does.</summary>
public sealed class TerraformHostFactory(IDictionary<string, string?>? settings = null) : SampleHostFactory(settings)
{
    public const string Demo = "/api/v4/projects/demo%2Fapp/packages/terraform/modules";
    public const string Modules = "/api/v4/packages/terraform/modules/v1";

    public SetClock Clock { get; } = new();

    /// <summary><c>curl --upload-file</c>: the archive as the PUT body, with the token in <c>PRIVATE-TOKEN</c>.</summary>
    public static async Task<HttpResponseMessage> PublishAsync(HttpClient client, string project, string name, string system, string version, byte[] archive, string? token = AdminToken) =>
        await client.PutBytesAsync($"/api/v4/projects/{Uri.EscapeDataString(project)}/packages/terraform/modules/{name}/{system}/{version}/file", archive, token);

    /// <summary>The terraform_module packages the packages API lists in a project, as (name, version).</summary>
    public static async Task<IReadOnlyList<(string Name, string Version)>> ListAsync(HttpClient client, string project)
    {
        using var response = await client.GetAsync($"/api/v4/projects/{Uri.EscapeDataString(project)}/packages?package_type=terraform_module", AdminToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Select(static p => (p.GetProperty("name").GetString() ?? string.Empty, p.GetProperty("version").GetString() ?? string.Empty))];
    }

    /// <summary>Creates a project in an existing group.</summary>
    public async Task<Project> CreateProjectInAsync(string groupPath, string projectPath, ProjectVisibility visibility)
    {
        var group = await Services.GetRequiredService<IProjectDirectory>().FindGroupOrNullAsync(groupPath, CancellationToken.None) ?? throw new InvalidOperationException($"no group {groupPath}");
        return await Directory.TryCreateProjectAsync(projectPath, projectPath, group.Id, visibility, PackageRegistryAccessLevel.Enabled, CancellationToken.None)
            ?? throw new InvalidOperationException($"project {projectPath} exists");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
