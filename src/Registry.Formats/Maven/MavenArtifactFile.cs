namespace Registry.Formats.Maven;

/// <summary>The parts of an artifact's file name.</summary>
/// <param name="Value">The version as it appears in the name (a timestamped build for SNAPSHOTs: <c>1.0-20240101.120000-3</c>).</param>
/// <param name="Classifier">The classifier (<c>sources</c>, ...), or null.</param>
/// <param name="Extension">The extension (<c>jar</c>, <c>pom</c>, <c>jar.asc</c>, ...).</param>
/// <param name="Timestamp">The SNAPSHOT build's timestamp (<c>yyyyMMdd.HHmmss</c>), or null.</param>
/// <param name="BuildNumber">The SNAPSHOT build's number, or 0.</param>
internal sealed record MavenArtifactFile(string Value, string? Classifier, string Extension, string? Timestamp, int BuildNumber);
