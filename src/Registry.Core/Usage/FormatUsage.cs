namespace Registry.Core.Usage;

/// <summary>What one package type stores in a set of projects: live packages, their live files and those files' bytes.</summary>
/// <param name="PackageType">The package type name (<c>npm</c>, <c>nuget</c>, ...).</param>
/// <param name="Packages">Live package versions.</param>
/// <param name="Files">Live files of those versions.</param>
/// <param name="Bytes">The files' sizes added up (a blob shared by two files counts twice, as GitLab's <c>packages_size</c> does).</param>
public sealed record FormatUsage(string PackageType, long Packages, long Files, long Bytes);
