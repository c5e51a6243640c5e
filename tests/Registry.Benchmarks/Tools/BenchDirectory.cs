using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registry.Core;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Storage;

namespace Registry.Benchmarks.Tools;

/// <summary>
/// The namespaces the load benchmark reads from, created through the SDK's own directory (not raw SQL) before the
/// host starts: a public group <c>bench</c> with a private project <c>bench/private</c> (read with a personal token of
/// a Developer, as a CI job would) and a public group <c>open</c> with a public project <c>open/public</c> (read
/// anonymously; in a group of its own because group-level reads such as Composer's ask an anonymous caller to sign in
/// when the group holds a private project); groups for the scaling run.
/// </summary>
internal static class BenchDirectory
{
    public const string PrivateProject = "bench/private";
    public const string PublicProject = "open/public";
    public const string ScaleGroup = "scale";
    public const string FiftyGroup = "fifty";
    public const int FiftyProjects = 50;

    public static async Task PrepareAsync(string dataPath, string token, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("PackageRegistry:DataPath", dataPath)]);
        builder.Services.AddPackageRegistry().UseLocalStorage().UseEmbeddedDirectory();
        using var host = builder.Build();
        var directory = host.Services.GetRequiredService<IDirectoryAdministration>();

        var user = await directory.TryCreateUserAsync("ci", "CI user", isAdmin: false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The data directory is not fresh: user ci exists.");
        await directory.CreatePersonalAccessTokenAsync(user.Id, "bench", TokenScopes.Api, null, token, cancellationToken).ConfigureAwait(false);

        var bench = await CreateGroupAsync(directory, "bench", cancellationToken).ConfigureAwait(false);
        var privateProject = await CreateProjectAsync(directory, "private", bench.Id, ProjectVisibility.Private, cancellationToken).ConfigureAwait(false);
        var open = await CreateGroupAsync(directory, "open", cancellationToken).ConfigureAwait(false);
        var publicProject = await CreateProjectAsync(directory, "public", open.Id, ProjectVisibility.Public, cancellationToken).ConfigureAwait(false);
        await directory.SetProjectMemberAsync(privateProject.Id, user.Id, AccessLevel.Developer, cancellationToken).ConfigureAwait(false);
        await directory.SetProjectMemberAsync(publicProject.Id, user.Id, AccessLevel.Developer, cancellationToken).ConfigureAwait(false);

        // The scaling run's catalogs: one project per catalog size, and a group of fifty projects the user is a member of.
        var scale = await CreateGroupAsync(directory, ScaleGroup, cancellationToken).ConfigureAwait(false);
        await directory.SetGroupMemberAsync(scale.Id, user.Id, AccessLevel.Reporter, cancellationToken).ConfigureAwait(false);
        foreach (var size in CatalogSeeding.ListingSizes)
        {
            await CreateProjectAsync(directory, CatalogSeeding.ListingProject(size), scale.Id, ProjectVisibility.Private, cancellationToken).ConfigureAwait(false);
        }

        await CreateProjectAsync(directory, CatalogSeeding.VersionsProject, scale.Id, ProjectVisibility.Private, cancellationToken).ConfigureAwait(false);
        var fifty = await CreateGroupAsync(directory, FiftyGroup, cancellationToken).ConfigureAwait(false);
        await directory.SetGroupMemberAsync(fifty.Id, user.Id, AccessLevel.Reporter, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < FiftyProjects; i++)
        {
            await CreateProjectAsync(directory, $"p{i:D2}", fifty.Id, ProjectVisibility.Private, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Group> CreateGroupAsync(IDirectoryAdministration directory, string path, CancellationToken cancellationToken) =>
        await directory.TryCreateGroupAsync(path, path, null, ProjectVisibility.Public, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Group {path} exists already.");

    private static async Task<Project> CreateProjectAsync(IDirectoryAdministration directory, string path, long groupId, ProjectVisibility visibility, CancellationToken cancellationToken) =>
        await directory.TryCreateProjectAsync(path, path, groupId, visibility, PackageRegistryAccessLevel.Enabled, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Project {path} exists already.");
}
