using Registry.Core.Directory;

namespace Registry.Formats.Tests.Authorization;

/// <summary>One project of the matrix: a visibility and a <c>package_registry_access_level</c>, named <c>{visibility}-{level}</c>.</summary>
/// <param name="Key">The project's path in the subgroup, e.g. <c>private-public</c> (private project, "allow anyone to pull").</param>
/// <param name="Visibility">The project's visibility.</param>
/// <param name="Level">The project's package registry access level.</param>
public sealed record MatrixTarget(string Key, ProjectVisibility Visibility, PackageRegistryAccessLevel Level);
