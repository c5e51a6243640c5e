using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Storage;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Maven;

/// <summary>The sample host (which registers Maven) on local storage in a temporary directory, with Maven request builders.</summary>
public sealed class MavenHostFactory(IDictionary<string, string?>? settings = null) : SampleHostFactory(settings)
{
    public const string Project = "/api/v4/projects/demo%2Fapp/packages/maven";
    public const string Group = "/api/v4/groups/demo/-/packages/maven";
    public const string Instance = "/api/v4/packages/maven";

    public static string Pom(string artifactId, string version, string groupId = "com.example") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>{groupId}</groupId>
          <artifactId>{artifactId}</artifactId>
          <version>{version}</version>
        </project>
        """;

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Sha1(byte[] bytes) => Convert.ToHexStringLower(SHA1.HashData(bytes));

    /// <summary>
    /// Sends a request whose path reaches the server exactly as written, with no client-side dot-segment removal or
    /// escaping: what Kestrel hands the app after decoding (it leaves <c>%2F</c> encoded).
    /// </summary>
    public async Task<(int Status, string Body)> SendRawAsync(string method, string path, byte[]? body = null)
    {
        var context = await Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = new PathString(path);
            c.Request.Headers["PRIVATE-TOKEN"] = AdminToken;
            if (body is not null)
            {
                c.Request.Body = new MemoryStream(body);
                c.Request.ContentLength = body.Length;
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }

    /// <summary>How many Maven package files the catalog holds in any project.</summary>
    public async Task<int> FileCountAsync()
    {
        var store = Services.GetRequiredService<IPackageStore>();
        var page = await store.QueryAsync(new PackageQuery { ProjectIds = [.. Enumerable.Range(1, 20).Select(i => (long)i)], PackageType = "maven", PerPage = 100 }, CancellationToken.None);
        var count = 0;
        foreach (var package in page.Items)
        {
            count += (await store.ListFilesAsync(package.Id, CancellationToken.None)).Count;
        }

        return count;
    }

    /// <summary>Committed blobs (temporary files excluded, which a clean refusal leaves none of anyway).</summary>
    public int BlobCount() => StoredFiles().Count;
}
