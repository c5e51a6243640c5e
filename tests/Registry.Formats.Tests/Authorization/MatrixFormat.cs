using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Formats.Tests.Authorization;

/// <summary>The level a route is served at: one project, a group's projects, or the whole instance.</summary>
public enum MatrixLevel
{
    /// <summary><c>/api/v4/projects/{id}/packages/{format}/...</c>.</summary>
    Project,
    /// <summary><c>/api/v4/groups/{id}/-/packages/{format}/...</c>.</summary>
    Group,
    /// <summary><c>/api/v4/packages/{format}/...</c>.</summary>
    Instance,
}

/// <summary>How a format's client sends its token (GitLab's documented client setup).</summary>
public enum MatrixCredential
{
    /// <summary>The caller's own GitLab header (<c>PRIVATE-TOKEN</c>, <c>DEPLOY-TOKEN</c>, <c>JOB-TOKEN</c>), as Maven's settings.xml does.</summary>
    GitLabHeader,
    /// <summary><c>Authorization: Bearer</c>, as npm's <c>_authToken</c> does.</summary>
    Bearer,
    /// <summary><c>Authorization: Basic</c> with the token as password, as pip, twine and NuGet reads do.</summary>
    Basic,
    /// <summary><c>X-NuGet-ApiKey</c>, as <c>dotnet nuget push</c> and <c>delete</c> do.</summary>
    NuGetApiKey,
}

/// <summary>What a route's request is built from: the project and the package names the cell works with.</summary>
/// <param name="ProjectId">The target project's id.</param>
/// <param name="Seeded">The base name of the package seeded in the target project (version <see cref="MatrixFormat.Version"/>).</param>
/// <param name="Fresh">The base name of the cell's own package: the one a publish creates, or the one a deletion deletes.</param>
/// <param name="SeededFact">What the seeding left to know about the seeded package (PyPI: its file's SHA-256).</param>
public sealed record MatrixRequestContext(long ProjectId, string Seeded, string Fresh, string SeededFact);

/// <summary>One route of a format the matrix calls: its level, the permission GitLab's table says it needs, and its success status.</summary>
/// <param name="Format">The format's name as the packages API calls it.</param>
/// <param name="Name">What the route does, e.g. <c>packument</c>.</param>
/// <param name="Credential">How the client sends its token to this route.</param>
public sealed record FormatRoute(
    string Format,
    string Name,
    MatrixLevel Level,
    PackageAction Permission,
    int SuccessStatus,
    MatrixCredential Credential,
    Func<MatrixRequestContext, HttpRequestMessage> Request)
{
    /// <summary>The case name: format, level and route, e.g. <c>npm/group/packument</c>.</summary>
    public string Key => $"{Format}/{Level.ToString().ToLowerInvariant()}/{Name}";

    public bool IsWrite => Permission is PackageAction.Publish or PackageAction.Delete;
}

/// <summary>
/// One package format as the matrix drives it over HTTP: how an admin publishes a package of it (to seed each project,
/// and to give each deletion a package of its own), how the packages API names that package, and the format's routes.
/// </summary>
public abstract class MatrixFormat
{
    /// <summary>Every version the matrix publishes: each cell works with a package name of its own.</summary>
    public const string Version = "1.0.0";

    /// <summary>The version as the packages API lists it (Go's carries its <c>v</c>).</summary>
    public virtual string ListedVersion => Version;

    /// <summary>The format's name in the packages API (<c>package_type</c>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Whether a group-level read challenges an anonymous caller (401) whenever any project of the group needs a
    /// credential, even for a package the caller could read: what the NuGet and PyPI group endpoints do, so that the
    /// client retries with its stored credential (see <c>ReadAuthorizationExtensions</c> in src).
    /// </summary>
    public virtual bool ChallengesAnonymousAtGroup => false;

    public abstract IReadOnlyList<FormatRoute> Routes { get; }

    /// <summary>The package's name as the packages API lists it, for a base name.</summary>
    public virtual string PackageName(string baseName) => baseName;

    /// <summary>Publishes <paramref name="baseName"/> at <see cref="Version"/> as the admin; returns what reads need to know about it.</summary>
    public async Task<string> PublishAsAdminAsync(HttpClient client, Project project, string baseName)
    {
        var (request, fact) = Publish(project.Id, baseName);
        using (request)
        {
            Authenticate(request, MatrixCredential.Basic, AuthorizationMatrix.PrivateToken, Infrastructure.SampleHostFactory.AdminToken);
            using var response = await client.SendAsync(request).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"Seeding {Name} {baseName} in {project.FullPath} answered {(int)response.StatusCode}: {body}");
            }
        }

        return fact;
    }

    /// <summary>The request that publishes <paramref name="baseName"/> at <see cref="Version"/>, and what reads need to know about it.</summary>
    public abstract (HttpRequestMessage Request, string Fact) Publish(long projectId, string baseName);

    /// <summary>At each level, a document route (which needs the view permission) and a file route (pull), under the level's root.</summary>
    protected IEnumerable<FormatRoute> DocumentAndFile(
        MatrixCredential credential, string document, Func<string, MatrixRequestContext, string> documentPath, string file, Func<string, MatrixRequestContext, string> filePath, params MatrixLevel[] levels) =>
        levels.SelectMany(level => new FormatRoute[]
        {
            new(Name, document, level, PackageAction.View, 200, credential, c => MatrixFormats.Get(documentPath(MatrixFormats.Path(level, c.ProjectId, Name), c))),
            new(Name, file, level, PackageAction.Pull, 200, credential, c => MatrixFormats.Get(filePath(MatrixFormats.Path(level, c.ProjectId, Name), c))),
        });

    /// <summary>The project route that publishes the cell's own package with <see cref="Publish"/>, answering 201.</summary>
    protected FormatRoute PublishRoute(string name, MatrixCredential credential) =>
        new(Name, name, MatrixLevel.Project, PackageAction.Publish, 201, credential, c => Publish(c.ProjectId, c.Fresh).Request);

    /// <summary>Puts the token where the route's client puts it.</summary>
    public static void Authenticate(HttpRequestMessage request, MatrixCredential credential, string header, string token)
    {
        switch (credential)
        {
            case MatrixCredential.GitLabHeader:
                request.Headers.TryAddWithoutValidation(header, token);
                break;
            case MatrixCredential.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                break;
            case MatrixCredential.Basic:
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("matrix:" + token)));
                break;
            case MatrixCredential.NuGetApiKey:
                request.Headers.TryAddWithoutValidation("X-NuGet-ApiKey", token);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(credential));
        }
    }

    /// <summary>Whether the admin sees <paramref name="baseName"/> at <see cref="Version"/>, listed and not pending deletion, through the packages API.</summary>
    public async Task<bool> IsListedAsync(HttpClient client, long projectId, string baseName)
    {
        var name = PackageName(baseName);
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            $"/api/v4/projects/{projectId}/packages?package_type={Name}&status=default&per_page=100&package_name={Uri.EscapeDataString(name)}");
        request.Headers.TryAddWithoutValidation(AuthorizationMatrix.PrivateToken, Infrastructure.SampleHostFactory.AdminToken);
        using var response = await client.SendAsync(request).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Listing {name} answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.EnumerateArray().Any(p =>
            string.Equals(p.GetProperty("name").GetString(), name, StringComparison.OrdinalIgnoreCase)
            && p.GetProperty("version").GetString() == ListedVersion);
    }
}
