using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;

namespace Registry.Formats.Protocol;

/// <summary>Reads one package name across several projects (a group-level read): the versions, and the <see cref="DocumentCache"/> fingerprint of a document merged from them.</summary>
internal static class ProjectsFingerprint
{
    /// <summary>Each project's versions fingerprint, tagged with the project; null when no project has a live version of the name.</summary>
    public static async Task<string?> FindOrNullAsync(PackageReader reader, IReadOnlyList<AuthorizedProject> projects, PackageType type, string name, CancellationToken cancellationToken)
    {
        var fingerprints = new List<string>(projects.Count);
        foreach (var project in projects)
        {
            if (await reader.FindVersionsFingerprintOrNullAsync(project, type, name, cancellationToken).ConfigureAwait(false) is { } fingerprint)
            {
                fingerprints.Add($"{project.Project.Id}:{fingerprint}");
            }
        }

        return fingerprints.Count == 0 ? null : string.Join(';', fingerprints);
    }

    /// <summary>Every live version of a name in the projects, in project order (a merge keeps the first project's).</summary>
    public static async Task<IReadOnlyList<Package>> ListVersionsAsync(PackageReader reader, IReadOnlyList<AuthorizedProject> projects, PackageType type, string name, CancellationToken cancellationToken)
    {
        var all = new List<Package>();
        foreach (var project in projects)
        {
            all.AddRange(await reader.ListVersionsAsync(project, type, name, cancellationToken).ConfigureAwait(false));
        }

        return all;
    }

    /// <summary>The part of a cache key that names the projects, in order (the first project's file wins in a merge).</summary>
    public static string Key(IReadOnlyList<AuthorizedProject> projects) => string.Join(',', projects.Select(p => p.Project.Id));
}
