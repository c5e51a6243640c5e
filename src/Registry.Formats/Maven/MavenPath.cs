namespace Registry.Formats.Maven;

/// <summary>What a Maven repository path names.</summary>
internal enum MavenPathKind
{
    /// <summary><c>group/artifact/version/file</c>: a file stored verbatim.</summary>
    File = 0,
    /// <summary><c>group/artifact/maven-metadata.xml</c>: the versions of an artifact, generated.</summary>
    ArtifactMetadata = 1,
    /// <summary><c>group/artifact/X-SNAPSHOT/maven-metadata.xml</c>: the builds of a SNAPSHOT version, generated.</summary>
    SnapshotMetadata = 2,
}

/// <summary>
/// A parsed Maven repository path (https://maven.apache.org/repository/layout.html). <see cref="FileName"/> is the file
/// without any checksum suffix; <see cref="Checksum"/> names the checksum asked for, if any.
/// </summary>
/// <param name="Kind">What the path names.</param>
/// <param name="GroupPath">The groupId with <c>/</c> for <c>.</c>.</param>
/// <param name="ArtifactId">The artifactId.</param>
/// <param name="Version">The version directory; null for artifact metadata.</param>
/// <param name="FileName">The file's name without a checksum suffix.</param>
/// <param name="Checksum">The checksum file asked for, or null for the file itself.</param>
internal sealed record MavenPath(MavenPathKind Kind, string GroupPath, string ArtifactId, string? Version, string FileName, MavenChecksum? Checksum)
{
    public const string MetadataFileName = "maven-metadata.xml";

    /// <summary>The package name as GitLab stores it: <c>group/path/artifactId</c>.</summary>
    public string PackageName => GroupPath + "/" + ArtifactId;

    /// <summary>The groupId with dots.</summary>
    public string GroupId => GroupPath.Replace('/', '.');

    public bool IsMetadata => Kind != MavenPathKind.File;
}
