using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Registry.Formats.Protocol;

namespace Registry.Formats.Maven;

/// <summary>
/// Maven's repository layout (https://maven.apache.org/repository/layout.html) and uploaded documents, without HTTP:
/// paths (anything that could reach outside the repository is refused before a byte is read), artifact file names
/// (timestamped SNAPSHOT builds, classifiers, extensions), checksum files, POMs and client metadata. POMs and metadata
/// are read with DTDs prohibited, so an external entity can never be resolved.
/// </summary>
internal static partial class MavenParser
{
    public const string SnapshotSuffix = "-SNAPSHOT";
    private const int MaxSegmentLength = 255;
    private const int MaxPathLength = 1024;

    /// <summary>Parses the path after <c>/packages/maven/</c>; the reason when it is not a repository path.</summary>
    public static ParseResult<MavenPath> ParsePath(string? path)
    {
        var invalid = new ParseError("the Maven path is invalid");
        if (string.IsNullOrEmpty(path) || path.Length > MaxPathLength)
        {
            return invalid;
        }

        var segments = path.Split('/');
        if (segments.Any(s => !IsValidSegment(s)))
        {
            return new ParseError("the Maven path is invalid: each segment may hold only letters, digits and . _ - + ~, and no '..'");
        }

        var last = segments[^1];
        var checksum = MavenChecksum.All.FirstOrDefault(c => last.EndsWith(c.Extension, StringComparison.Ordinal) && last.Length > c.Extension.Length);
        var fileName = checksum is null ? last : last[..^checksum.Extension.Length];
        var n = segments.Length;
        if (fileName == MavenPath.MetadataFileName)
        {
            if (n >= 4 && IsSnapshot(segments[^2]))
            {
                return new MavenPath(MavenPathKind.SnapshotMetadata, Join(segments[..^3]), segments[^3], segments[^2], fileName, checksum);
            }

            return n >= 3 ? new MavenPath(MavenPathKind.ArtifactMetadata, Join(segments[..^2]), segments[^2], null, fileName, checksum) : invalid;
        }

        if (n < 4)
        {
            return new ParseError("the Maven path is invalid: expected group/artifact/version/file");
        }

        return new MavenPath(MavenPathKind.File, Join(segments[..^3]), segments[^3], segments[^2], fileName, checksum);
    }

    public static bool IsSnapshot(string version) => version.EndsWith(SnapshotSuffix, StringComparison.Ordinal) && version.Length > SnapshotSuffix.Length;

    /// <summary>
    /// Splits an artifact file name (<c>artifactId-version[-classifier].extension</c>, where a SNAPSHOT version may be a
    /// timestamped build <c>1.0-20240101.120000-3</c>) into its parts; null for files that are not the artifact's.
    /// </summary>
    public static MavenArtifactFile? ParseArtifactFile(string artifactId, string version, string fileName)
    {
        var prefix = artifactId + "-";
        if (!fileName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = fileName[prefix.Length..];
        string value;
        string? timestamp = null;
        var buildNumber = 0;
        if (IsSnapshot(version) && TimestampedBuild().Match(rest) is { Success: true } build
            && build.Groups["base"].Value == version[..^SnapshotSuffix.Length])
        {
            value = build.Value;
            timestamp = build.Groups["timestamp"].Value;
            if (!int.TryParse(build.Groups["build"].ValueSpan, out buildNumber))
            {
                return null;
            }
        }
        else if (rest.StartsWith(version, StringComparison.Ordinal))
        {
            value = version;
        }
        else
        {
            return null;
        }

        var tail = rest[value.Length..];
        string? classifier = null;
        if (tail.StartsWith('-'))
        {
            var dot = tail.IndexOf('.', StringComparison.Ordinal);
            if (dot < 2)
            {
                return null;
            }

            classifier = tail[1..dot];
            tail = tail[dot..];
        }

        return tail.Length > 1 && tail[0] == '.' ? new MavenArtifactFile(value, classifier, tail[1..], timestamp, buildNumber) : null;
    }

    /// <summary>
    /// The digest in a checksum file: lowercase or uppercase hex of the algorithm's length, optionally followed by
    /// whitespace and a file name (what <c>sha1sum</c> writes); null when the body is not one.
    /// </summary>
    public static string? ParseChecksumBody(ReadOnlySpan<byte> body, MavenChecksum checksum)
    {
        var text = Encoding.ASCII.GetString(body).Trim();
        var end = text.IndexOfAny([' ', '\t', '\r', '\n']);
        var digest = end < 0 ? text : text[..end];
        return digest.Length == checksum.HexLength && digest.All(char.IsAsciiHexDigit) ? digest.ToLowerInvariant() : null;
    }

    /// <summary>
    /// Checks a POM: well-formed XML without a DTD, whose root is <c>project</c> and whose own <c>artifactId</c>, when
    /// it states one literally, is the path's. Returns the error, or null when it is acceptable.
    /// </summary>
    public static string? ValidatePom(Stream content, string artifactId, UploadLimits limits)
    {
        var children = ReadDocument(content, "project", limits, out var error);
        if (children is null)
        {
            return "the POM is invalid: " + error;
        }

        return children.TryGetValue("artifactId", out var stated) && !stated.Contains("${", StringComparison.Ordinal) && stated != artifactId
            ? $"the POM's artifactId '{stated}' does not match the path's '{artifactId}'"
            : null;
    }

    /// <summary>
    /// Checks a <c>maven-metadata.xml</c> a client uploads: well-formed XML without a DTD, root <c>metadata</c>, and the
    /// groupId, artifactId and version it states (when it states them) are the path's. Returns the error, or null.
    /// </summary>
    public static string? ValidateMetadata(Stream content, MavenPath path, UploadLimits limits)
    {
        var children = ReadDocument(content, "metadata", limits, out var error);
        if (children is null)
        {
            return "maven-metadata.xml is invalid: " + error;
        }

        foreach (var (element, expected) in new[] { ("groupId", path.GroupId), ("artifactId", path.ArtifactId), ("version", path.Version) })
        {
            if (expected is not null && children.TryGetValue(element, out var stated) && stated != expected)
            {
                return $"maven-metadata.xml states {element} '{stated}', but the path says '{expected}'";
            }
        }

        return null;
    }

    /// <summary>
    /// Reads a whole document (so it is known to be well-formed) and returns the text of the root's simple children.
    /// The reader keeps a frame per open element, so depth and element count are bounded as it goes, with the size.
    /// </summary>
    private static Dictionary<string, string>? ReadDocument(Stream content, string rootName, UploadLimits limits, out string error)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            MaxCharactersInDocument = limits.MaxXmlCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };
        var children = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var reader = XmlReader.Create(content, settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != rootName)
            {
                error = $"the root element is not <{rootName}>";
                return null;
            }

            var elements = 1;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && (++elements > limits.MaxXmlElements || reader.Depth >= limits.MaxXmlDepth))
                {
                    error = elements > limits.MaxXmlElements
                        ? $"the document holds more than {limits.MaxXmlElements} elements"
                        : $"the document nests elements deeper than {limits.MaxXmlDepth} levels";
                    return null;
                }

                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && !reader.IsEmptyElement)
                {
                    var name = reader.LocalName;
                    reader.Read();
                    if (reader.NodeType == XmlNodeType.Text)
                    {
                        children.TryAdd(name, reader.Value.Trim());
                    }
                }
            }
        }
        catch (XmlException ex)
        {
            error = ex.Message;
            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            // XmlTextReaderImpl.SwitchEncoding throws this, not an XmlException, on some malformed declarations
            // (`<?xml version="1.0%ele` followed by bytes that are no text; found by fuzzing): the client's error.
            error = "the XML declaration is malformed";
            return null;
        }

        error = string.Empty;
        return children;
    }

    private static bool IsValidSegment(string segment) =>
        segment.Length is > 0 and <= MaxSegmentLength
        && !segment.Contains("..", StringComparison.Ordinal)
        && segment != "."
        && Segment().IsMatch(segment);

    private static string Join(string[] segments) => string.Join('/', segments);

    [GeneratedRegex(@"\A[A-Za-z0-9._~+\-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Segment();

    [GeneratedRegex(@"\A(?<base>.+?)-(?<timestamp>[0-9]{8}\.[0-9]{6})-(?<build>[0-9]{1,9})(?=[-.])", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampedBuild();
}
