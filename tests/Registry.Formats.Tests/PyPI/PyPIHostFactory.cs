using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Storage;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.PyPI;

/// <summary>The sample host (which registers PyPI) on local storage in a temporary directory, and builders for distributions and twine's upload form.</summary>
public sealed class PyPIHostFactory(IDictionary<string, string?>? settings = null) : SampleHostFactory(settings)
{
    public const string Base = "/api/v4/projects/demo%2Fapp/packages/pypi";

    /// <summary>How many PyPI packages the catalog lists in any project.</summary>
    public async Task<long> PackageCountAsync()
    {
        var store = Services.GetRequiredService<IPackageStore>();
        var page = await store.QueryAsync(new PackageQuery { ProjectIds = [.. Enumerable.Range(1, 20).Select(i => (long)i)], PackageType = "pypi" }, CancellationToken.None);
        return page.Total;
    }

    public static string Metadata(string name, string version, string? requiresPython = ">=3.8") =>
        $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: A test package\n"
        + (requiresPython is null ? string.Empty : $"Requires-Python: {requiresPython}\n")
        + "\nThe description.\n";

    /// <summary>A pure-Python wheel: a module and a dist-info with METADATA, WHEEL and RECORD.</summary>
    public static byte[] Wheel(string name, string version, string? metadata = null, Action<ZipArchive>? extra = null)
    {
        var dist = name.Replace('-', '_');
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, $"{dist}/__init__.py", "VALUE = 1\n");
            if (metadata != string.Empty)
            {
                Write(zip, $"{dist}-{version}.dist-info/METADATA", metadata ?? Metadata(name, version));
            }

            Write(zip, $"{dist}-{version}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            Write(zip, $"{dist}-{version}.dist-info/RECORD", string.Empty);
            extra?.Invoke(zip);
        }

        return buffer.ToArray();
    }

    /// <summary>A source distribution (tar.gz) with PKG-INFO at its top directory, plus extra entries.</summary>
    public static byte[] Sdist(string name, string version, string? pkgInfo = null, params TarEntry[] extra)
    {
        var top = $"{name.Replace('-', '_')}-{version}";
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(File(top + "/PKG-INFO", pkgInfo ?? Metadata(name, version)));
            tar.WriteEntry(File(top + "/setup.py", "from setuptools import setup\nsetup()\n"));
            foreach (var entry in extra)
            {
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    public static PaxTarEntry File(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };

    public static void Write(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    /// <summary>What twine sends: the metadata fields first, then the file as <c>content</c>, with Basic credentials.</summary>
    public static HttpRequestMessage Upload(byte[] file, string fileName, string name, string version, Action<Dictionary<string, string>>? fields = null, string? token = AdminToken, string path = Base)
    {
        var values = new Dictionary<string, string>
        {
            [":action"] = "file_upload",
            ["protocol_version"] = "1",
            ["name"] = name,
            ["version"] = version,
            ["filetype"] = fileName.EndsWith(".whl", StringComparison.Ordinal) ? "bdist_wheel" : "sdist",
            ["pyversion"] = fileName.EndsWith(".whl", StringComparison.Ordinal) ? "py3" : "source",
            ["metadata_version"] = "2.1",
            ["requires_python"] = ">=3.8",
            ["md5_digest"] = Convert.ToHexStringLower(MD5.HashData(file)),
            ["sha256_digest"] = Convert.ToHexStringLower(SHA256.HashData(file)),
        };
        fields?.Invoke(values);
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in values)
        {
            form.Add(new StringContent(value), key);
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "content", fileName);
        return WithToken(new HttpRequestMessage(HttpMethod.Post, path) { Content = form }, token);
    }

    public static HttpRequestMessage Read(string path, string? token = AdminToken, string? accept = null)
    {
        var request = WithToken(new HttpRequestMessage(HttpMethod.Get, path.StartsWith('/') ? path : Base + "/" + path), token);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return request;
    }

    private static HttpRequestMessage WithToken(HttpRequestMessage request, string? token)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("__token__:" + token)));
        }

        return request;
    }
}
