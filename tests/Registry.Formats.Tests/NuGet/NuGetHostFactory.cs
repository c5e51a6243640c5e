using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Storage;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.NuGet;

/// <summary>The sample host (which registers NuGet) on local storage in a temporary directory, with a known admin token, and NuGet request builders.</summary>
public sealed class NuGetHostFactory(IDictionary<string, string?>? settings = null) : SampleHostFactory(settings)
{
    public const string Base = "/api/v4/projects/demo%2Fapp/packages/nuget";

    /// <summary>How many NuGet packages the catalog lists in any project, hidden ones included.</summary>
    public async Task<long> PackageCountAsync()
    {
        var store = Services.GetRequiredService<IPackageStore>();
        long total = 0;
        foreach (var status in new Core.Packages.PackageStatus?[] { null, Core.Packages.PackageStatus.Hidden })
        {
            var page = await store.QueryAsync(new PackageQuery { ProjectIds = [.. Enumerable.Range(1, 20).Select(i => (long)i)], PackageType = "nuget", Status = status }, CancellationToken.None);
            total += page.Total;
        }

        return total;
    }

    public static string Nuspec(string id, string version, string dependencies = "") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
          <metadata>
            <id>{id}</id>
            <version>{version}</version>
            <authors>Alice, Bob</authors>
            <description>A test package.</description>
            <tags>test demo</tags>
            <dependencies>{dependencies}</dependencies>
          </metadata>
        </package>
        """;

    /// <summary>A minimal .nupkg built in memory: a nuspec at the root and one library file.</summary>
    public static byte[] Nupkg(string id, string version, string? nuspec = null, Action<ZipArchive>? extra = null)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (nuspec is not null || id.Length > 0)
            {
                Write(zip, $"{id}.nuspec", nuspec ?? Nuspec(id, version));
            }

            Write(zip, "lib/netstandard2.0/_._", string.Empty);
            extra?.Invoke(zip);
        }

        return buffer.ToArray();
    }

    public static void Write(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    /// <summary>What <c>dotnet nuget push</c> sends: multipart/form-data with the package as the first part, and the API key header.</summary>
    public static HttpRequestMessage Push(byte[] nupkg, string? apiKey = AdminToken, string path = "/v2/package")
    {
        var file = new ByteArrayContent(nupkg);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var form = new MultipartFormDataContent { { file, "package", "package.nupkg" } };
        var request = new HttpRequestMessage(HttpMethod.Put, Base + path) { Content = form };
        if (apiKey is not null)
        {
            request.Headers.Add("X-NuGet-ApiKey", apiKey);
        }

        return request;
    }

    public static HttpRequestMessage Read(string path, string? token = AdminToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path.StartsWith('/') ? path : Base + "/" + path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + token)));
        }

        return request;
    }
}
