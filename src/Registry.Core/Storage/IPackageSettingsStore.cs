using Registry.Core.Packages;

namespace Registry.Core.Storage;

/// <summary>
/// The registry settings a top-level group holds for its projects' packages. They live with the package metadata,
/// not the directory, so a host that brings its own <see cref="Directory.IProjectDirectory"/> keeps them.
/// </summary>
public interface IPackageSettingsStore
{
    /// <summary>The group's duplicate rules, per package type name; formats without a stored rule are absent.</summary>
    Task<IReadOnlyDictionary<string, DuplicateSettings>> GetDuplicateSettingsAsync(long groupId, CancellationToken cancellationToken);

    /// <summary>Stores the group's duplicate rule for one package type, replacing an earlier one.</summary>
    Task SetDuplicateSettingsAsync(long groupId, string packageType, DuplicateSettings settings, CancellationToken cancellationToken);
}
