namespace Registry.Core.Packages;

/// <summary>
/// A package format's identity and its name/version normalization rules.
/// The rules live here, with the type, so that nothing else in the SDK lowercases or trims names.
/// </summary>
/// <remarks>
/// Each format constructs its own instance, in its own folder, with the rule delegates (PEP 503/440 from
/// <see cref="Pep503"/> and <see cref="Pep440"/>, NuGet's SemVer rules from NuGet's library);
/// <see cref="PackageCoordinate.Create"/> applies them.
/// </remarks>
public sealed class PackageType : IEquatable<PackageType>
{
    private readonly Func<string, string> _normalizeName;
    private readonly Func<string, string> _normalizeVersion;

    /// <summary>Creates a package type.</summary>
    /// <param name="name">The type as GitLab names it in <c>package_type</c> (<c>generic</c>, <c>npm</c>, <c>nuget</c>, ...).</param>
    /// <param name="normalizeName">Maps a name as published to the form used for lookups and uniqueness; identity when null.</param>
    /// <param name="normalizeVersion">Maps a version as published to the form used for lookups and uniqueness; identity when null.</param>
    public PackageType(string name, Func<string, string>? normalizeName = null, Func<string, string>? normalizeVersion = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _normalizeName = normalizeName ?? (static n => n);
        _normalizeVersion = normalizeVersion ?? (static v => v);
    }

    /// <summary>The type's name as it appears in the API (<c>package_type</c>).</summary>
    public string Name { get; }

    /// <summary>Normalizes a name with this type's rules.</summary>
    public string NormalizeName(string name) => _normalizeName(name);

    /// <summary>Normalizes a version with this type's rules.</summary>
    public string NormalizeVersion(string version) => _normalizeVersion(version);

    /// <inheritdoc />
    public bool Equals(PackageType? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PackageType);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => Name;
}
