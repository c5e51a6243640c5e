using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;

namespace Registry.Formats.Http;

/// <summary>The <see cref="DocumentCache"/> fingerprint of a document merged from one package name in several projects (a group-level read).</summary>
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

    /// <summary>The part of a cache key that names the projects, in order (the first project's file wins in a merge).</summary>
    public static string Key(IReadOnlyList<AuthorizedProject> projects) => string.Join(',', projects.Select(p => p.Project.Id));
}
