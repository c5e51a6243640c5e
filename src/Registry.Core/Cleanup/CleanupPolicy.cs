namespace Registry.Core.Cleanup;

/// <summary>
/// A project's package cleanup policy: GitLab's <c>keep_n_duplicated_package_files</c>
/// (https://docs.gitlab.com/user/packages/package_registry/reduce_package_registry_storage/#cleanup-policy, the GraphQL
/// <c>PackagesCleanupPolicy</c>) and, beyond GitLab, Gitea's version rules
/// (https://docs.gitea.com/usage/packages/storage#cleanup-rules). Null leaves a rule off.
/// </summary>
/// <remarks>
/// <para>How the rules combine (Gitea's semantics: keep-rules win over remove-rules). The version rules run only when at
/// least one of <see cref="KeepNVersions"/>, <see cref="RemoveOlderThanDays"/> and <see cref="RemoveVersionPattern"/> is
/// set. A version is then deleted when it passes every rule that is set:</para>
/// <list type="bullet">
/// <item>it is not among the newest <see cref="KeepNVersions"/> versions of its package (by publish time);</item>
/// <item>it was published more than <see cref="RemoveOlderThanDays"/> days ago;</item>
/// <item>its version matches <see cref="RemoveVersionPattern"/>;</item>
/// <item>its version does not match <see cref="KeepVersionPattern"/>;</item>
/// </list>
/// <para>and, whatever the rules say, it is never deleted when it is the newest version of its package (what Maven's,
/// generic's and Go's "latest" points to), when a tag points to it (npm's <c>latest</c> and every other dist-tag), while it
/// is still processing, or when a package protection rule protects it from deletion (GitLab's own cleanup ignores
/// protection; here a policy, which Maintainers set, never deletes what a rule keeps even Maintainers from deleting).</para>
/// <para><see cref="KeepNDuplicatedPackageFiles"/> then runs on every version that is left: for each file name, the files
/// beyond the newest N uploads of that name are deleted, as GitLab's does.</para>
/// Version patterns are untrusted: matched without backtracking and with a timeout (<see cref="CleanupVersionPattern"/>);
/// a match that times out keeps the version.
/// </remarks>
public sealed record CleanupPolicy
{
    /// <summary>The values GitLab accepts for <see cref="KeepNDuplicatedPackageFiles"/> (null is <c>all</c>).</summary>
    public static IReadOnlyList<int> DuplicatedFileCounts { get; } = [1, 10, 20, 30, 40, 50];

    /// <summary>The largest <see cref="KeepNVersions"/>.</summary>
    public const int MaxKeepNVersions = 1000;

    /// <summary>The largest <see cref="RemoveOlderThanDays"/> (ten years).</summary>
    public const int MaxRemoveOlderThanDays = 3650;

    /// <summary>The project.</summary>
    public required long ProjectId { get; init; }

    /// <summary>How many files of one name a version keeps (the newest); null keeps all (GitLab's <c>all</c>, the default).</summary>
    public int? KeepNDuplicatedPackageFiles { get; init; }

    /// <summary>How many of the newest versions of each package are always kept.</summary>
    public int? KeepNVersions { get; init; }

    /// <summary>Only versions published more than this many days ago are deleted.</summary>
    public int? RemoveOlderThanDays { get; init; }

    /// <summary>Versions matching this regular expression are always kept.</summary>
    public string? KeepVersionPattern { get; init; }

    /// <summary>Only versions matching this regular expression are deleted.</summary>
    public string? RemoveVersionPattern { get; init; }

    /// <summary>When the background service runs the policy next; null when it has nothing to do.</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>Whether any version rule is set (a keep pattern alone deletes nothing).</summary>
    public bool HasVersionRules => KeepNVersions is not null || RemoveOlderThanDays is not null || RemoveVersionPattern is not null;

    /// <summary>Whether running the policy can delete anything.</summary>
    public bool HasRules => HasVersionRules || KeepNDuplicatedPackageFiles is not null;

    /// <summary>The policy of a project that never set one: keeps everything.</summary>
    public static CleanupPolicy Default(long projectId) => new() { ProjectId = projectId };
}
