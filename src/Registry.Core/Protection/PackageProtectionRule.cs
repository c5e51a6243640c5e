namespace Registry.Core.Protection;

/// <summary>
/// A project's package protection rule, as GitLab models it (app/models/packages/protection/rule.rb): packages of
/// <see cref="PackageType"/> whose name matches <see cref="PackageNamePattern"/> may be pushed only by callers with at
/// least <see cref="MinimumAccessLevelForPush"/> and deleted only by callers with at least
/// <see cref="MinimumAccessLevelForDelete"/>. A null level leaves that action to the project's ordinary permissions.
/// </summary>
public sealed record PackageProtectionRule
{
    /// <summary>Database id (0 before it is stored).</summary>
    public long Id { get; init; }
    /// <summary>The project it protects.</summary>
    public required long ProjectId { get; init; }
    /// <summary>A package name with <c>*</c> wildcards (<c>@scope/pkg-*</c>), matched case-insensitively.</summary>
    public required string PackageNamePattern { get; init; }
    /// <summary>The package type name (<see cref="Packages.PackageType.Name"/>: <c>npm</c>, <c>nuget</c>, ...).</summary>
    public required string PackageType { get; init; }
    /// <summary>The least role that may push a matching package; null when pushing is not restricted.</summary>
    public ProtectionLevel? MinimumAccessLevelForPush { get; init; }
    /// <summary>The least role that may delete a matching package; null when deleting is not restricted.</summary>
    public ProtectionLevel? MinimumAccessLevelForDelete { get; init; }
}
