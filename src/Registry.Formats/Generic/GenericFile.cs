namespace Registry.Formats.Generic;

/// <summary>A generic package file's coordinates, valid by GitLab's rules.</summary>
internal sealed record GenericFile(string PackageName, string PackageVersion, string FileName);
