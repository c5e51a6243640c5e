namespace Registry.Formats;

/// <summary>What a format needs to write snippets for one package.</summary>
/// <param name="RegistryBaseUrl">The host's base URL including any prefix (no trailing slash).</param>
/// <param name="ProjectId">The project's id.</param>
/// <param name="ProjectFullPath">The project's full path.</param>
/// <param name="PackageName">The package name.</param>
/// <param name="PackageVersion">The package version.</param>
/// <param name="FileNames">The package's file names.</param>
public sealed record PackageSnippetContext(string RegistryBaseUrl, long ProjectId, string ProjectFullPath, string PackageName, string PackageVersion, IReadOnlyList<string> FileNames);
