namespace Registry.Core.Packages;

/// <summary>
/// A package format's identity and its name/version normalization rules.
/// The rules live here, with the type, so that nothing else in the SDK lowercases or trims names.
/// </summary>
/// <remarks>
/// Formats that need a library to normalize (NuGet's SemVer rules) construct their own instance with
/// the rule delegates; <see cref="PackageCoordinate.Create"/> applies them.
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

    /// <summary>Generic packages: names and versions are exact.</summary>
    public static PackageType Generic { get; } = new("generic");

    /// <summary>npm packages: names are exact (the registry refuses new upper-case names), scope included.</summary>
    public static PackageType Npm { get; } = new("npm");

    /// <summary>
    /// PyPI projects: names normalized as PEP 503 says (runs of <c>-_.</c> become <c>-</c>, lowercase), versions as
    /// PEP 440 says (<c>1.0-RC1</c> is <c>1.0rc1</c>).
    /// </summary>
    public static PackageType PyPI { get; } = new("pypi", Pep503.Normalize, Pep440.Normalize);

    /// <summary>Maven artifacts: the name is <c>groupId/artifactId</c> as GitLab stores it, exact.</summary>
    public static PackageType Maven { get; } = new("maven");

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
