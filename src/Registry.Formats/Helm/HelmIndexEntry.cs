namespace Registry.Formats.Helm;

/// <summary>One chart version of a channel's <c>index.yaml</c>: its metadata and the file the channel serves.</summary>
/// <param name="Chart">The <c>Chart.yaml</c> fields.</param>
/// <param name="Created">When the file was uploaded.</param>
/// <param name="Digest">The SHA-256 of the <c>.tgz</c>.</param>
/// <param name="FileName">The file's name under <c>charts/</c>.</param>
internal sealed record HelmIndexEntry(HelmChart Chart, DateTimeOffset Created, string Digest, string FileName);
