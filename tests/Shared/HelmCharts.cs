using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Serialization;

namespace Registry.Tests.Helm;

/// <summary>
/// Builds charts as <c>helm package</c> does (a gzip-compressed tar with one top-level directory named after the chart,
/// fixed entry times so the bytes never change) and the requests Helm's clients send, read from their sources:
/// helm 3/4 <c>pkg/getter/httpgetter.go</c> and <c>pkg/repo/v1/chartrepo.go</c> (GET with <c>User-Agent: Helm/x.y.z</c>
/// and Basic auth when the URL's scheme and host are the repository's), and chartmuseum/helm-push
/// <c>pkg/chartmuseum/upload.go</c> (POST <c>{contextPath}/api/{path}/charts</c>, a <c>mime/multipart</c> body with one
/// file part <c>chart</c> whose filename is the package's temporary path, <c>application/octet-stream</c>, no length).
/// </summary>
internal static class HelmCharts
{
    /// <summary>The User-Agent helm 3.19 sends (<c>"Helm/" + version</c>).</summary>
    public const string HelmUserAgent = "Helm/3.19.0";

    private static readonly DateTime EntryTime = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A Chart.yaml with every field Helm reads.</summary>
    public static string ChartYaml(string name, string version, string extra = "") => $"""
        apiVersion: v2
        name: {name}
        version: {version}
        appVersion: "1.16"
        description: A chart for tests
        type: application
        kubeVersion: ">=1.22.0-0"
        home: https://example.com/{name}
        icon: https://example.com/{name}.png
        keywords:
          - demo
          - yes
        sources:
          - https://example.com/src/{name}
        maintainers:
          - name: Jane Doe
            email: jane@example.com
            url: https://example.com/jane
        annotations:
          category: Demo
          artifacthub.io/license: Apache-2.0
        dependencies:
          - name: common
            version: 2.x.x
            repository: https://charts.example.com/stable
            condition: common.enabled
            tags:
              - base
            import-values:
              - child: exports.data
                parent: common
              - defaults
            alias: shared
        {extra}
        """;

    /// <summary>A chart archive: <c>{name}/Chart.yaml</c>, a values file and a template, under the chart's directory.</summary>
    public static byte[] Package(string name, string version, string? chartYaml = null, CompressionLevel level = CompressionLevel.Optimal) =>
        Tgz(
        [
            new($"{name}/Chart.yaml", chartYaml ?? ChartYaml(name, version)),
            new($"{name}/values.yaml", "replicaCount: 1\n"),
            new($"{name}/templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"),
        ],
        level);

    /// <summary>A gzip-compressed tar of <paramref name="entries"/> (stored, not compressed, when the bytes must never change).</summary>
    public static byte[] Tgz(IEnumerable<Entry> entries, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, level, leaveOpen: true))
        {
            Tar(gzip, entries);
        }

        return buffer.ToArray();
    }

    /// <summary>A tar of <paramref name="entries"/> (uncompressed) written to <paramref name="output"/>.</summary>
    public static void Tar(Stream output, IEnumerable<Entry> entries)
    {
        using var tar = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
        foreach (var entry in entries)
        {
            // Ustar, not Pax: .NET writes the current time into every Pax entry (atime, ctime), and these bytes must never change.
            var member = new UstarTarEntry(entry.Type, entry.Path)
            {
                ModificationTime = EntryTime,
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            if (entry.Type is TarEntryType.RegularFile)
            {
                member.DataStream = new MemoryStream(entry.Bytes ?? Encoding.UTF8.GetBytes(entry.Content));
            }

            if (entry.LinkName is { } link)
            {
                member.LinkName = link;
            }

            tar.WriteEntry(member);
        }
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>helm's GET: its User-Agent, and Basic auth with the token as password, as <c>helm repo add --username --password</c> stores them.</summary>
    public static HttpRequestMessage HelmGet(string url, string? username, string? password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", HelmUserAgent);
        if (username is not null && password is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        }

        return request;
    }

    /// <summary>
    /// <c>helm cm-push</c>'s POST: the body Go's <c>multipart.Writer</c> writes for one <c>CreateFormFile("chart", path)</c>
    /// (a 60-hex-digit boundary, <c>Content-Disposition</c> then <c>Content-Type: application/octet-stream</c>), sent
    /// without <c>Content-Length</c> (the plugin hands Go an unsized body), with Go's User-Agent and Basic auth.
    /// </summary>
    public static HttpRequestMessage CmPush(string url, byte[] chart, string fileName, string? username, string? password, byte[]? provenance = null)
    {
        var boundary = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(30));
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"chart\"; filename=\"/tmp/helm-push-1234567/{fileName}\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.Write(chart);
        if (provenance is not null)
        {
            // ChartMuseum's own form field for a provenance file (helm-push itself sends none).
            Write($"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"prov\"; filename=\"{fileName}.prov\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.Write(provenance);
        }

        Write($"\r\n--{boundary}--\r\n");
        var content = new StreamContent(new UnsizedStream(body.ToArray()));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TryAddWithoutValidation("User-Agent", "Go-http-client/1.1");
        if (username is not null && password is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        }

        return request;
    }

    /// <summary>helm's index.yaml model, decoded strictly (an unknown field fails, as helm's <c>yaml.UnmarshalStrict</c> does).</summary>
    public static IndexFile ReadIndex(string yaml) => new DeserializerBuilder().Build().Deserialize<IndexFile>(yaml);

    /// <summary>A tar member: a regular file's content, or a link/directory.</summary>
    public sealed record Entry(string Path, string Content = "", TarEntryType Type = TarEntryType.RegularFile, string? LinkName = null, byte[]? Bytes = null);

    /// <summary>A stream whose length is unknown, so HttpClient sends it chunked as Go does for the plugin's body.</summary>
    private sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }

#pragma warning disable CA1812, CA1002, CA2227, CA1056 // Decoded by YamlDotNet: settable collections, string URLs as helm has them.
    /// <summary>helm's <c>repo.IndexFile</c> (pkg/repo/v1/index.go).</summary>
    public sealed class IndexFile
    {
        [YamlMember(Alias = "apiVersion")] public string? ApiVersion { get; set; }
        [YamlMember(Alias = "generated")] public DateTime Generated { get; set; }
        [YamlMember(Alias = "entries")] public Dictionary<string, List<ChartVersion>> Entries { get; set; } = [];
        [YamlMember(Alias = "serverInfo")] public Dictionary<string, object>? ServerInfo { get; set; }
        [YamlMember(Alias = "publicKeys")] public List<string>? PublicKeys { get; set; }
        [YamlMember(Alias = "annotations")] public Dictionary<string, string>? Annotations { get; set; }
    }

    /// <summary>helm's <c>repo.ChartVersion</c>: <c>chart.Metadata</c> and the index's own fields.</summary>
    public sealed class ChartVersion
    {
        [YamlMember(Alias = "name")] public string? Name { get; set; }
        [YamlMember(Alias = "home")] public string? Home { get; set; }
        [YamlMember(Alias = "sources")] public List<string>? Sources { get; set; }
        [YamlMember(Alias = "version")] public string? Version { get; set; }
        [YamlMember(Alias = "description")] public string? Description { get; set; }
        [YamlMember(Alias = "keywords")] public List<string>? Keywords { get; set; }
        [YamlMember(Alias = "maintainers")] public List<Maintainer>? Maintainers { get; set; }
        [YamlMember(Alias = "icon")] public string? Icon { get; set; }
        [YamlMember(Alias = "apiVersion")] public string? ApiVersion { get; set; }
        [YamlMember(Alias = "condition")] public string? Condition { get; set; }
        [YamlMember(Alias = "tags")] public string? Tags { get; set; }
        [YamlMember(Alias = "appVersion")] public string? AppVersion { get; set; }
        [YamlMember(Alias = "deprecated")] public bool Deprecated { get; set; }
        [YamlMember(Alias = "annotations")] public Dictionary<string, string>? Annotations { get; set; }
        [YamlMember(Alias = "kubeVersion")] public string? KubeVersion { get; set; }
        [YamlMember(Alias = "dependencies")] public List<Dependency>? Dependencies { get; set; }
        [YamlMember(Alias = "type")] public string? Type { get; set; }
        [YamlMember(Alias = "urls")] public List<string> Urls { get; set; } = [];
        [YamlMember(Alias = "created")] public DateTime Created { get; set; }
        [YamlMember(Alias = "removed")] public bool Removed { get; set; }
        [YamlMember(Alias = "digest")] public string? Digest { get; set; }
        [YamlMember(Alias = "checksum")] public string? Checksum { get; set; }
        [YamlMember(Alias = "engine")] public string? Engine { get; set; }
        [YamlMember(Alias = "tillerVersion")] public string? TillerVersion { get; set; }
        [YamlMember(Alias = "url")] public string? Url { get; set; }
    }

    /// <summary>helm's <c>chart.Maintainer</c>.</summary>
    public sealed class Maintainer
    {
        [YamlMember(Alias = "name")] public string? Name { get; set; }
        [YamlMember(Alias = "email")] public string? Email { get; set; }
        [YamlMember(Alias = "url")] public string? Url { get; set; }
    }

    /// <summary>helm's <c>chart.Dependency</c>.</summary>
    public sealed class Dependency
    {
        [YamlMember(Alias = "name")] public string? Name { get; set; }
        [YamlMember(Alias = "version")] public string? Version { get; set; }
        [YamlMember(Alias = "repository")] public string? Repository { get; set; }
        [YamlMember(Alias = "condition")] public string? Condition { get; set; }
        [YamlMember(Alias = "tags")] public List<string>? Tags { get; set; }
        [YamlMember(Alias = "enabled")] public bool Enabled { get; set; }
        [YamlMember(Alias = "import-values")] public List<object>? ImportValues { get; set; }
        [YamlMember(Alias = "alias")] public string? Alias { get; set; }
    }
#pragma warning restore CA1812, CA1002, CA2227, CA1056
}
