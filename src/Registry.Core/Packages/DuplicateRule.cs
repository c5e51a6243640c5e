namespace Registry.Core.Packages;

/// <summary>What a publish may do when the package version (or file) already exists.</summary>
public enum DuplicateRule
{
    /// <summary>Add the file again; downloads answer the newest (generic's default).</summary>
    Allow = 0,
    /// <summary>Refuse a file whose name the package already has.</summary>
    RejectSameFileName = 1,
    /// <summary>Refuse any file once the package version exists (npm, NuGet, released Maven).</summary>
    RejectExistingPackage = 2,
}
