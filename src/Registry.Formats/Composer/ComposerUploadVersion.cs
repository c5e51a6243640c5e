namespace Registry.Formats.Composer;

/// <summary>
/// The version an upload names, from the query (<c>PUT ?version=</c>) or the form (<c>POST</c>), in GitLab's three
/// spellings: <c>version</c> as is, <c>tag</c> (<c>v1.2.3</c> is <c>1.2.3</c>) and <c>branch</c> (<c>main</c> is
/// <c>dev-main</c>, <c>1.x</c> is <c>1.x-dev</c>). None at all leaves the choice to the archive's composer.json.
/// </summary>
internal static class ComposerUploadVersion
{
    /// <summary>The version named (null: none), or why the request is refused.</summary>
    public static (string? Version, string? Error) Resolve(string? version, string? tag, string? branch)
    {
        var given = new[] { version, tag, branch }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (given > 1)
        {
            return (null, "version, tag and branch are mutually exclusive: send one of them");
        }

        var resolved = !string.IsNullOrWhiteSpace(branch) ? ComposerVersion.FromBranch(branch.Trim())
            : !string.IsNullOrWhiteSpace(tag) ? ComposerVersion.Pretty(tag)
            : !string.IsNullOrWhiteSpace(version) ? ComposerVersion.Pretty(version)
            : null;
        return resolved is not null && !ComposerVersion.TryNormalize(resolved, out _)
            ? (null, $"'{resolved}' is not a Composer version (for example 1.2.3, v1.2.3, 1.0.0-beta1 or dev-main)")
            : (resolved, null);
    }

    /// <summary>
    /// The version to publish: the one named, which must agree with the composer.json's own <c>version</c> when it has
    /// one, or else that one; null with the reason when there is neither or they disagree.
    /// </summary>
    public static (string? Version, string? Error) Decide(string? named, ComposerManifest manifest)
    {
        if (manifest.Version is not { } declared)
        {
            return named is null
                ? (null, "the version is missing: send ?version=1.2.3 (or a version, tag or branch form field), or put a version in composer.json")
                : (named, null);
        }

        var pretty = ComposerVersion.Pretty(declared);
        if (named is null)
        {
            return (pretty, null);
        }

        return ComposerFormat.ComposerType.NormalizeVersion(named) == ComposerFormat.ComposerType.NormalizeVersion(pretty)
            ? (named, null)
            : (null, $"the version {named} disagrees with composer.json's version {declared}");
    }
}
