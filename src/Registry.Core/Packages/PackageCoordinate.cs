namespace Registry.Core.Packages;

/// <summary>
/// Where a package version lives: project, type, normalized name and normalized version.
/// Two publishes with equal coordinates are the same package; the database enforces it.
/// </summary>
/// <param name="ProjectId">The owning project.</param>
/// <param name="Type">The package format.</param>
/// <param name="NormalizedName">The name after the type's normalization.</param>
/// <param name="NormalizedVersion">The version after the type's normalization.</param>
public readonly record struct PackageCoordinate(long ProjectId, PackageType Type, string NormalizedName, string NormalizedVersion)
{
    /// <summary>Builds a coordinate from a name and version as a client sent them.</summary>
    public static PackageCoordinate Create(long projectId, PackageType type, string name, string version)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new(projectId, type, type.NormalizeName(name), type.NormalizeVersion(version));
    }
}
