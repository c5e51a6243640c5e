using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Storage;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Go;

/// <summary>The sample host (which registers the Go proxy) on local storage in a temporary directory, with module zip builders.</summary>
public sealed class GoHostFactory(IDictionary<string, string?>? settings = null) : SampleHostFactory(settings)
{
    public const string Base = "/api/v4/projects/demo%2Fapp/packages/go";
    public const string Upload = Base + "/upload";
    private static readonly DateTime EntryTime = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>How many Go modules the catalog lists in any project.</summary>
    public async Task<long> PackageCountAsync()
    {
        var store = Services.GetRequiredService<IPackageStore>();
        var page = await store.QueryAsync(new PackageQuery { ProjectIds = [.. Enumerable.Range(1, 20).Select(i => (long)i)], PackageType = "golang" }, CancellationToken.None);
        return page.Total;
    }

    public static string GoMod(string module) => $"module {module}\n\ngo 1.19\n";

    /// <summary>A module zip as the go command makes it: go.mod and one source file under <c>module@version/</c>, plus extra entries.</summary>
    public static byte[] ModuleZip(string module, string version, string? goMod = null, params (string Name, string Content)[] extra)
    {
        var prefix = $"{module}@{version}/";
        var entries = new List<(string, string)>();
        if (goMod != string.Empty)
        {
            entries.Add((prefix + "go.mod", goMod ?? GoMod(module)));
        }

        entries.Add((prefix + "lib.go", "package lib\n\n// Hello greets.\nfunc Hello() string { return \"hello\" }\n"));
        entries.AddRange(extra);
        return Zip(entries);
    }

    /// <summary>A zip of exactly these entries, with fixed times, so its bytes never change.</summary>
    public static byte[] Zip(IEnumerable<(string Name, string Content)> entries, Action<ZipArchive>? more = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                Write(zip, name, content);
            }

            more?.Invoke(zip);
        }

        return buffer.ToArray();
    }

    public static void Write(ZipArchive zip, string name, string content, CompressionLevel level = CompressionLevel.NoCompression)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    public static HttpRequestMessage Put(byte[] zip, string? token = AdminToken, string path = Upload) =>
        new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(zip) }.WithToken(token);

    public static HttpRequestMessage Get(string path, string? token = AdminToken) =>
        new HttpRequestMessage(HttpMethod.Get, path.StartsWith('/') ? path : Base + "/" + path).WithToken(token);
}
