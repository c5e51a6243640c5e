using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Storage;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Composer;

/// <summary>
/// The sample host (which registers Composer) on local storage in a temporary directory, optionally on a set clock,
/// and builders for package archives (as <c>composer archive --format=zip</c> lays them out) and both upload forms.
/// </summary>
public sealed class ComposerHostFactory(IDictionary<string, string?>? settings = null, TimeProvider? clock = null) : SampleHostFactory(settings)
{
    public const string Project = "/api/v4/projects/demo%2Fapp/packages/composer";
    public const string Group = "/api/v4/group/demo/-/packages/composer";
    private static readonly DateTime EntryTime = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>How many Composer packages the catalog lists in any project.</summary>
    public async Task<long> PackageCountAsync()
    {
        var store = Services.GetRequiredService<IPackageStore>();
        var page = await store.QueryAsync(new PackageQuery { ProjectIds = [.. Enumerable.Range(1, 50).Select(i => (long)i)], PackageType = "composer" }, CancellationToken.None);
        return page.Total;
    }

    public static string ComposerJson(string name, string? version = null) =>
        $"{{\"name\":\"{name}\",\"description\":\"A test package\",\"type\":\"library\",\"license\":\"MIT\""
        + (version is null ? string.Empty : $",\"version\":\"{version}\"")
        + ",\"require\":{\"php\":\">=8.0\"},\"autoload\":{\"psr-4\":{\"Acme\\\\Widget\\\\\":\"src/\"}}}";

    /// <summary>A package zip: composer.json and a class, at the root or under <paramref name="top"/>; the same input gives the same bytes.</summary>
    public static byte[] Archive(string name, string? version = null, string? top = null, string? composerJson = null, string code = "1", Action<ZipArchive>? extra = null) =>
        Zip(zip =>
        {
            var prefix = top is null ? string.Empty : top + "/";
            if (composerJson != string.Empty)
            {
                Write(zip, prefix + "composer.json", composerJson ?? ComposerJson(name, version));
            }

            Write(zip, prefix + "src/Widget.php", $"<?php\nnamespace Acme\\Widget;\n\nfinal class Widget {{ public const CODE = '{code}'; }}\n");
            extra?.Invoke(zip);
        });

    public static byte[] Zip(Action<ZipArchive> fill)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            fill(zip);
        }

        return buffer.ToArray();
    }

    public static void Write(ZipArchive zip, string path, string content)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.NoCompression);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    public static string Sha1(byte[] bytes) => Convert.ToHexStringLower(SHA1.HashData(bytes));

    /// <summary>The raw upload: <c>PUT .../composer?version=</c> with the zip as body.</summary>
    public static HttpRequestMessage Put(byte[] zip, string? version, string? token = AdminToken, string path = Project) =>
        WithToken(new HttpRequestMessage(HttpMethod.Put, version is null ? path : $"{path}?version={Uri.EscapeDataString(version)}") { Content = new ByteArrayContent(zip) }, token);

    /// <summary>GitLab's form: the fields, then the zip as a file part.</summary>
    public static HttpRequestMessage Post(byte[] zip, IReadOnlyDictionary<string, string> fields, string? token = AdminToken, string path = Project)
    {
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }

        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "package.zip");
        return WithToken(new HttpRequestMessage(HttpMethod.Post, path) { Content = form }, token);
    }

    public static HttpRequestMessage Get(string path, string? token = AdminToken, HttpMethod? method = null) =>
        WithToken(new HttpRequestMessage(method ?? HttpMethod.Get, path), token);

    /// <summary>Composer's <c>http-basic</c> credential: any user name, the token as password.</summary>
    public static HttpRequestMessage WithToken(HttpRequestMessage request, string? token)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("composer:" + token)));
        }

        return request;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}
