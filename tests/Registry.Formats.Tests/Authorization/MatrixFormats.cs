using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Registry.Core.Security;
using Registry.Formats.Tests.Go;
using Registry.Formats.Tests.Composer;
using Registry.Formats.Tests.Npm;
using Registry.Formats.Tests.NuGet;
using Registry.Formats.Tests.PyPI;
using Registry.Tests.Helm;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Authorization;

/// <summary>
/// The formats beyond generic, with every read, publish and delete route GitLab (and the SDK) has for them at the
/// project, group and instance level. Group routes go through the matrix's parent group <c>acme</c>; npm's instance
/// routes find a scoped package through its scope, the top-level group (so npm names are <c>@acme/...</c>).
/// </summary>
internal static class MatrixFormats
{
    public static readonly IReadOnlyList<MatrixFormat> All = [new NpmMatrixFormat(), new NuGetMatrixFormat(), new PyPIMatrixFormat(), new MavenMatrixFormat(), new GoMatrixFormat(), new ComposerMatrixFormat(), new TerraformMatrixFormat(), new HelmMatrixFormat()];

    public static readonly IReadOnlyList<FormatRoute> Routes = [.. All.SelectMany(f => f.Routes)];

    public static FormatRoute Route(string key) => Routes.Single(r => r.Key == key);

    public static MatrixFormat Format(string name) => All.Single(f => f.Name == name);

    /// <summary>The base name of the package seeded in a project (no <c>seeded</c> in it: the generic cells filter by that name).</summary>
    public static string SeededName(string target) => $"kept-{target}";

    public static string ProjectPath(long projectId, string format) => $"/api/v4/projects/{projectId}/packages/{format}";

    public static string GroupPath(string format) => $"/api/v4/groups/{AuthorizationMatrixHost.ParentGroup}/-/packages/{format}";

    public static string InstancePath(string format) => $"/api/v4/packages/{format}";

    public static string Path(MatrixLevel level, long projectId, string format) => level switch
    {
        MatrixLevel.Project => ProjectPath(projectId, format),
        MatrixLevel.Group => GroupPath(format),
        MatrixLevel.Instance => InstancePath(format),
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);
}

internal sealed class NpmMatrixFormat : MatrixFormat
{
    private const string Scope = "@" + AuthorizationMatrixHost.ParentGroup;

    public override string Name => "npm";

    public override string PackageName(string baseName) => $"{Scope}/{baseName}";

    public override IReadOnlyList<FormatRoute> Routes =>
    [
        .. DocumentAndFile(
            MatrixCredential.Bearer,
            "packument", (root, c) => $"{root}/{PackageName(c.Seeded)}",
            "tarball", (root, c) => $"{root}/{PackageName(c.Seeded)}/-/{c.Seeded}-{Version}.tgz",
            MatrixLevel.Project, MatrixLevel.Group, MatrixLevel.Instance),
        // What pnpm asks to resolve `pnpm add <name>` (the latest tag) and to pin a version: one version's document.
        .. new[] { MatrixLevel.Project, MatrixLevel.Group, MatrixLevel.Instance }.SelectMany(level => new FormatRoute[]
        {
            new(Name, "latest", level, PackageAction.View, 200, MatrixCredential.Bearer, c => MatrixFormats.Get($"{MatrixFormats.Path(level, c.ProjectId, Name)}/{PackageName(c.Seeded)}/latest")),
            new(Name, "version", level, PackageAction.View, 200, MatrixCredential.Bearer, c => MatrixFormats.Get($"{MatrixFormats.Path(level, c.ProjectId, Name)}/{PackageName(c.Seeded)}/{Version}")),
        }),
        PublishRoute("publish", MatrixCredential.Bearer),
        new(Name, "unpublish", MatrixLevel.Project, PackageAction.Delete, 200, MatrixCredential.Bearer, c => new HttpRequestMessage(HttpMethod.Delete, $"{MatrixFormats.ProjectPath(c.ProjectId, Name)}/{PackageName(c.Fresh)}/-rev/1-0")),
    ];

    public override (HttpRequestMessage Request, string Fact) Publish(long projectId, string baseName)
    {
        var name = PackageName(baseName);
        var document = NpmPackages.PublishDocument(name, Version).ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Put, $"{MatrixFormats.ProjectPath(projectId, Name)}/{Scope}%2f{baseName}")
        {
            Content = new StringContent(document, Encoding.UTF8, "application/json"),
        };
        return (request, string.Empty);
    }
}

internal sealed class NuGetMatrixFormat : MatrixFormat
{
    public override string Name => "nuget";

    public override bool ChallengesAnonymousAtGroup => true;

    public override IReadOnlyList<FormatRoute> Routes =>
    [
        .. DocumentAndFile(
            MatrixCredential.Basic,
            "registration", (root, c) => $"{root}/metadata/{c.Seeded}/index.json",
            "download", (root, c) => $"{root}/download/{c.Seeded}/{Version}/{c.Seeded}.{Version}.nupkg",
            MatrixLevel.Project, MatrixLevel.Group),
        PublishRoute("push", MatrixCredential.NuGetApiKey),
        // GitLab's documented push paths beside /v2/package: the package resource itself and its v2 alias.
        new(Name, "push-root", MatrixLevel.Project, PackageAction.Publish, 201, MatrixCredential.NuGetApiKey, c => Push(c.ProjectId, c.Fresh, string.Empty)),
        new(Name, "push-v2", MatrixLevel.Project, PackageAction.Publish, 201, MatrixCredential.NuGetApiKey, c => Push(c.ProjectId, c.Fresh, "/v2")),
        new(Name, "delete", MatrixLevel.Project, PackageAction.Delete, 204, MatrixCredential.NuGetApiKey, c => new HttpRequestMessage(HttpMethod.Delete, $"{MatrixFormats.ProjectPath(c.ProjectId, Name)}/v2/package/{c.Fresh}/{Version}")),
        new(Name, "delete-root", MatrixLevel.Project, PackageAction.Delete, 204, MatrixCredential.NuGetApiKey, c => new HttpRequestMessage(HttpMethod.Delete, $"{MatrixFormats.ProjectPath(c.ProjectId, Name)}/{c.Fresh}/{Version}")),
    ];

    public override (HttpRequestMessage Request, string Fact) Publish(long projectId, string baseName) => (Push(projectId, baseName, "/v2/package"), string.Empty);

    private HttpRequestMessage Push(long projectId, string baseName, string path)
    {
        var file = new ByteArrayContent(NuGetHostFactory.Nupkg(baseName, Version));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new HttpRequestMessage(HttpMethod.Put, $"{MatrixFormats.ProjectPath(projectId, Name)}{path}")
        {
            Content = new MultipartFormDataContent { { file, "package", "package.nupkg" } },
        };
    }
}

internal sealed class PyPIMatrixFormat : MatrixFormat
{
    public override string Name => "pypi";

    public override bool ChallengesAnonymousAtGroup => true;

    public override IReadOnlyList<FormatRoute> Routes =>
    [
        .. DocumentAndFile(
            MatrixCredential.Basic,
            "simple", (root, c) => $"{root}/simple/{c.Seeded}/",
            "download", (root, c) => $"{root}/files/{c.SeededFact}/{WheelName(c.Seeded)}",
            MatrixLevel.Project, MatrixLevel.Group),
        PublishRoute("upload", MatrixCredential.Basic),
    ];

    public override (HttpRequestMessage Request, string Fact) Publish(long projectId, string baseName)
    {
        var wheel = PyPIHostFactory.Wheel(baseName, Version);
        var request = PyPIHostFactory.Upload(wheel, WheelName(baseName), baseName, Version, token: null, path: MatrixFormats.ProjectPath(projectId, Name));
        return (request, Convert.ToHexStringLower(SHA256.HashData(wheel)));
    }

    private static string WheelName(string baseName) => $"{baseName.Replace('-', '_')}-{Version}-py3-none-any.whl";
}

internal sealed class MavenMatrixFormat : MatrixFormat
{
    private const string GroupIdPath = "com/acme";

    public override string Name => "maven";

    public override string PackageName(string baseName) => $"{GroupIdPath}/{baseName}";

    public override IReadOnlyList<FormatRoute> Routes =>
    [
        .. new[] { MatrixLevel.Project, MatrixLevel.Group, MatrixLevel.Instance }.Select(level =>
            new FormatRoute(Name, "download", level, PackageAction.Pull, 200, MatrixCredential.GitLabHeader, c => MatrixFormats.Get(Jar(MatrixFormats.Path(level, c.ProjectId, Name), c.Seeded)))),
        PublishRoute("upload", MatrixCredential.GitLabHeader),
    ];

    public override (HttpRequestMessage Request, string Fact) Publish(long projectId, string baseName) =>
        (new HttpRequestMessage(HttpMethod.Put, Jar(MatrixFormats.ProjectPath(projectId, Name), baseName)) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"jar of {baseName}")) }, string.Empty);

    private string Jar(string root, string baseName) => $"{root}/{PackageName(baseName)}/{Version}/{baseName}-{Version}.jar";
}

/// <summary>Go: the proxy's documents and zips at the project level (GitLab has no group or instance Go proxy), and the SDK's upload.</summary>
internal sealed class GoMatrixFormat : MatrixFormat
{
    private const string Segment = "go";
    private const string GoVersion = "v" + Version;

    public override string Name => "golang";

    public override string ListedVersion => GoVersion;

    public override string PackageName(string baseName) => $"example.com/{baseName}";

    public override IReadOnlyList<FormatRoute> Routes =>
    [
        new(Name, "mod", MatrixLevel.Project, PackageAction.View, 200, MatrixCredential.Basic, c => MatrixFormats.Get($"{MatrixFormats.ProjectPath(c.ProjectId, Segment)}/{PackageName(c.Seeded)}/@v/{GoVersion}.mod")),
        new(Name, "zip", MatrixLevel.Project, PackageAction.Pull, 200, MatrixCredential.Basic, c => MatrixFormats.Get($"{MatrixFormats.ProjectPath(c.ProjectId, Segment)}/{PackageName(c.Seeded)}/@v/{GoVersion}.zip")),
        PublishRoute("upload", MatrixCredential.GitLabHeader),
    ];

    public override (HttpRequestMessage Request, string Fact) Publish(long projectId, string baseName) =>
        (new HttpRequestMessage(HttpMethod.Put, $"{MatrixFormats.ProjectPath(projectId, Segment)}/upload") { Content = new ByteArrayContent(GoHostFactory.ModuleZip(PackageName(baseName), GoVersion)) }, string.Empty);
}

/// <summary>
/// Composer: the group's p2 file at GitLab's singular <c>/api/v4/group/{id}</c>, the project's archive download by SHA-1,
/// and the raw upload, all with composer's http-basic credential. packages.json is not a cell: it lists what the caller
/// may read in the whole group, so it answers 200 for a package the caller cannot see (ComposerRepositoryTests covers it).
/// </summary>
internal sealed class ComposerMatrixFormat : MatrixFormat
{
    private const string Vendor = AuthorizationMatrixHost.ParentGroup;

    public override string Name => "composer";

    public override bool ChallengesAnonymousAtGroup => true;

    public override string PackageName(string baseName) => $"{Vendor}/{baseName}";

    public override IReadOnlyList<FormatRoute> Routes =>
    [
        new(Name, "p2", MatrixLevel.Group, PackageAction.View, 200, MatrixCredential.Basic, c => MatrixFormats.Get($"/api/v4/group/{AuthorizationMatrixHost.ParentGroup}/-/packages/composer/p2/{PackageName(c.Seeded)}.json")),
        new(Name, "archive", MatrixLevel.Project, PackageAction.Pull, 200, MatrixCredential.Basic, c => MatrixFormats.Get($"{MatrixFormats.ProjectPath(c.ProjectId, Name)}/archives/{PackageName(c.Seeded)}.zip?sha={c.SeededFact}")),
        PublishRoute("upload", MatrixCredential.Basic),
    ];

    public override (HttpRequestMessage Request, string Fact) Publish(long projectId, string baseName)
    {
        var zip = ComposerHostFactory.Archive(PackageName(baseName));
        return (new HttpRequestMessage(HttpMethod.Put, $"{MatrixFormats.ProjectPath(projectId, Name)}?version={Version}") { Content = new ByteArrayContent(zip) }, ComposerHostFactory.Sha1(zip));
    }
}

/// <summary>
/// Terraform modules (<c>{name}/local</c>): the project's archive route (Basic, as go-getter sends), and the module registry
/// protocol at the instance level through the namespace <c>acme</c> with Terraform's Bearer token: a module's details
/// (view) and its archive read with the caller's own credential (pull). Publishing is curl's <c>PRIVATE-TOKEN</c>.
/// </summary>
internal sealed class TerraformMatrixFormat : MatrixFormat
{
    private const string System = "local";

    public override string Name => "terraform_module";

    public override string PackageName(string baseName) => $"{Module(baseName)}/{System}";

    public override IReadOnlyList<FormatRoute> Routes =>
    [
        new(Name, "archive", MatrixLevel.Project, PackageAction.Pull, 200, MatrixCredential.Basic, c => MatrixFormats.Get($"{ProjectRoot(c.ProjectId)}/{Module(c.Seeded)}/{System}/{Version}")),
        new(Name, "details", MatrixLevel.Instance, PackageAction.View, 200, MatrixCredential.Bearer, c => MatrixFormats.Get($"{NamespaceRoot}/{Module(c.Seeded)}/{System}")),
        new(Name, "archive", MatrixLevel.Instance, PackageAction.Pull, 200, MatrixCredential.Bearer, c => MatrixFormats.Get($"{NamespaceRoot}/{Module(c.Seeded)}/{System}/{Version}/file")),
        PublishRoute("publish", MatrixCredential.GitLabHeader),
    ];

    private static string NamespaceRoot => $"/api/v4/packages/terraform/modules/v1/{AuthorizationMatrixHost.ParentGroup}";

    public override (HttpRequestMessage Request, string Fact) Publish(long projectId, string baseName) =>
        (new HttpRequestMessage(HttpMethod.Put, $"{ProjectRoot(projectId)}/{Module(baseName)}/{System}/{Version}/file")
        {
            Content = new ByteArrayContent(Terraform.TerraformArchiveBuilder.Module(baseName)),
        }, string.Empty);

    private static string ProjectRoot(long projectId) => $"/api/v4/projects/{projectId}/packages/terraform/modules";

    /// <summary>Module names are lowercase letters, digits and '-' (GitLab's rule); the matrix's names may hold capitals.</summary>
    private static string Module(string baseName) => baseName.ToLowerInvariant();
}

/// <summary>Helm at the project level only (as GitLab): a channel's index.yaml, a chart, and cm-push's upload, all with Basic auth as helm sends it.</summary>
internal sealed class HelmMatrixFormat : MatrixFormat
{
    private const string Channel = "stable";

    public override string Name => "helm";

    public override IReadOnlyList<FormatRoute> Routes =>
    [
        .. DocumentAndFile(
            MatrixCredential.Basic,
            "index", (root, _) => $"{root}/{Channel}/index.yaml",
            "chart", (root, c) => $"{root}/{Channel}/charts/{c.Seeded}-{Version}.tgz",
            MatrixLevel.Project),
        PublishRoute("cm-push", MatrixCredential.Basic),
    ];

    public override (HttpRequestMessage Request, string Fact) Publish(long projectId, string baseName) =>
        (HelmCharts.CmPush($"{MatrixFormats.ProjectPath(projectId, Name)}/api/{Channel}/charts", HelmCharts.Package(baseName, Version), $"{baseName}-{Version}.tgz", null, null), string.Empty);
}
