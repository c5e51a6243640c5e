using Registry.Formats.Protocol;

namespace Registry.Formats.NuGet;

/// <summary>Settings of the NuGet format, bound from <c>PackageRegistry:NuGet</c>.</summary>
public sealed class NuGetOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:NuGet";

    /// <summary>The largest <c>.nupkg</c> accepted (<c>PackageRegistry:NuGet:MaxFileSizeBytes</c>); GitLab's default is 500 MiB.</summary>
    public long MaxFileSizeBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>
    /// The largest total uncompressed size the archive may declare (<c>PackageRegistry:NuGet:MaxUncompressedBytes</c>),
    /// so that a zip bomb is refused before clients extract it.
    /// </summary>
    public long MaxUncompressedBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Whether an id and version may be pushed again (<c>PackageRegistry:NuGet:DuplicatesAllowed</c>, GitLab's
    /// <c>nuget_duplicates_allowed</c>); downloads then answer the newest. When false, a second push answers 409.
    /// </summary>
    public bool DuplicatesAllowed { get; set; }

    /// <summary>
    /// Whether the symbol server answers (<c>PackageRegistry:NuGet:SymbolServerEnabled</c>, GitLab's
    /// <c>nuget_symbol_server_enabled</c>, off by default). Debuggers send no credential, so, as on GitLab, a PDB is
    /// served to whoever names its file, signature and checksum; when off the endpoint answers 403.
    /// </summary>
    public bool SymbolServerEnabled { get; set; }

    /// <summary>What <c>dotnet nuget delete</c> does (<c>PackageRegistry:NuGet:DeleteBehavior</c>): unlist (the default, as nuget.org) or delete.</summary>
    public NuGetDeleteBehavior DeleteBehavior { get; set; } = NuGetDeleteBehavior.Unlist;

    /// <summary>
    /// Bounds on the upload's structure (<c>PackageRegistry:NuGet:Limits</c>): the archive's entry count, read from the
    /// zip's end record before its directory. See <see cref="UploadLimits"/>.
    /// </summary>
    public UploadLimits Limits { get; set; } = new();
}

/// <summary>What <c>dotnet nuget delete</c> does to a package version.</summary>
public enum NuGetDeleteBehavior
{
    /// <summary>Hide it from search and registration listings; it stays restorable by exact version, and a POST relists it.</summary>
    Unlist = 0,

    /// <summary>Delete it: it is no longer restorable.</summary>
    Delete = 1,
}
