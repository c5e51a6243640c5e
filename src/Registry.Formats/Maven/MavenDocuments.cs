using System.Globalization;
using System.Text;
using System.Xml;
using Registry.Core.Packages;

namespace Registry.Formats.Maven;

/// <summary>
/// <c>maven-metadata.xml</c> generated from the catalog (https://maven.apache.org/ref/3.9.6/maven-repository-metadata/repository-metadata.html),
/// so that what is served always agrees with what was uploaded and deleted. Everything in it derives from stored rows
/// (no "now"), so the document and its checksum files, fetched one after the other, describe the same bytes.
/// </summary>
internal static class MavenDocuments
{
    private const string LastUpdatedFormat = "yyyyMMddHHmmss";

    /// <summary>
    /// Artifact-level metadata: every version in publish order, <c>latest</c> the version published to last,
    /// <c>release</c> the last published non-SNAPSHOT, as Maven's own deploy merge would record them.
    /// </summary>
    public static byte[] ArtifactMetadata(string groupId, string artifactId, IReadOnlyList<Package> versions)
    {
        var ordered = versions.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToList();
        var latest = versions.MaxBy(p => p.UpdatedAt);
        var release = versions.Where(p => !MavenParser.IsSnapshot(p.Version)).MaxBy(p => p.UpdatedAt);
        return Write(writer =>
        {
            writer.WriteStartElement("metadata");
            writer.WriteElementString("groupId", groupId);
            writer.WriteElementString("artifactId", artifactId);
            writer.WriteStartElement("versioning");
            if (latest is not null)
            {
                writer.WriteElementString("latest", latest.Version);
            }

            if (release is not null)
            {
                writer.WriteElementString("release", release.Version);
            }

            writer.WriteStartElement("versions");
            foreach (var version in ordered)
            {
                writer.WriteElementString("version", version.Version);
            }

            writer.WriteEndElement();
            if (latest is not null)
            {
                writer.WriteElementString("lastUpdated", Format(latest.UpdatedAt));
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }

    /// <summary>
    /// SNAPSHOT-level metadata: the newest timestamped build as <c>snapshot</c>, and for each classifier and extension
    /// the newest build that has one, so a client resolves <c>1.0-SNAPSHOT</c> to files that exist.
    /// </summary>
    public static byte[] SnapshotMetadata(string groupId, string artifactId, string version, IReadOnlyList<PackageFile> files)
    {
        var builds = files
            .Select(f => (File: f, Parsed: MavenParser.ParseArtifactFile(artifactId, version, f.FileName)))
            .Where(b => b.Parsed is { Timestamp: not null })
            .Select(b => (b.File, Parsed: b.Parsed ?? throw new InvalidOperationException("filtered above")))
            .ToList();
        var newest = builds.OrderBy(b => b.Parsed.BuildNumber).ThenBy(b => b.File.CreatedAt).LastOrDefault();
        var perKind = builds
            .GroupBy(b => (b.Parsed.Classifier, b.Parsed.Extension))
            .Select(g => g.OrderBy(b => b.Parsed.BuildNumber).ThenBy(b => b.File.CreatedAt).Last())
            .OrderBy(b => b.Parsed.Extension, StringComparer.Ordinal)
            .ThenBy(b => b.Parsed.Classifier ?? string.Empty, StringComparer.Ordinal)
            .ToList();
        var lastUpdated = files.Count == 0 ? (DateTimeOffset?)null : files.Max(f => f.CreatedAt);
        return Write(writer =>
        {
            writer.WriteStartElement("metadata");
            writer.WriteAttributeString("modelVersion", "1.1.0");
            writer.WriteElementString("groupId", groupId);
            writer.WriteElementString("artifactId", artifactId);
            writer.WriteElementString("version", version);
            writer.WriteStartElement("versioning");
            writer.WriteStartElement("snapshot");
            if (newest.Parsed is { } build)
            {
                writer.WriteElementString("timestamp", build.Timestamp);
                writer.WriteElementString("buildNumber", build.BuildNumber.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                // Only non-timestamped files (uniqueVersion=false): clients use the plain SNAPSHOT names.
                writer.WriteElementString("localCopy", "true");
            }

            writer.WriteEndElement();
            if (lastUpdated is { } updated)
            {
                writer.WriteElementString("lastUpdated", Format(updated));
            }

            writer.WriteStartElement("snapshotVersions");
            foreach (var (file, parsed) in perKind)
            {
                writer.WriteStartElement("snapshotVersion");
                if (parsed.Classifier is { } classifier)
                {
                    writer.WriteElementString("classifier", classifier);
                }

                writer.WriteElementString("extension", parsed.Extension);
                writer.WriteElementString("value", parsed.Value);
                writer.WriteElementString("updated", Format(file.CreatedAt));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString(LastUpdatedFormat, CultureInfo.InvariantCulture);

    private static byte[] Write(Action<XmlWriter> body)
    {
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            writer.WriteStartDocument();
            body(writer);
            writer.WriteEndDocument();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
