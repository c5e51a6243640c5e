using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Registry.Formats.Tests.Infrastructure;
using Registry.Formats.Tests.Npm;
using Registry.Formats.Tests.PyPI;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Documents;

/// <summary>A clock the test sets: every time the registry records (publish, update) is the one the test chose.</summary>
public sealed class SetClock : TimeProvider
{
    /// <summary>In the past, so that nothing the registry cleans up by age (temporary blobs) looks old.</summary>
    public static readonly DateTimeOffset Start = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public DateTimeOffset Now { get; set; } = Start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The sample host on <see cref="SetClock"/>, whose seeded project <c>demo/app</c> holds the same content in every
/// format, published over HTTP as the clients do, a minute apart, from archives whose bytes never change (fixed entry
/// times, no compression), so that every document and every digest in it is the same on every run.
/// </summary>
public sealed class ProtocolDocumentsHost : SampleHostFactory, IAsyncLifetime
{
    public const string Project = "/api/v4/projects/demo%2Fapp/packages";
    private static readonly DateTime EntryTime = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public SetClock Clock { get; } = new();

    public HttpClient Client { get; private set; } = new();

    public async Task InitializeAsync()
    {
        Client.Dispose();
        Client = CreateClient();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);

        foreach (var version in new[] { "1.0.0", "1.1.0" })
        {
            var tarball = TarGz([($"package/package.json", $"{{\"name\":\"@demo/widget\",\"version\":\"{version}\"}}"), ("package/index.js", "module.exports = 42;\n")]);
            await SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{Project}/npm/@demo%2fwidget")
            {
                Content = new StringContent(NpmPackages.PublishDocument("@demo/widget", version, tarball).ToJsonString(), Encoding.UTF8, "application/json"),
            });

            var nupkg = Zip([("Demo.Widget.nuspec", NuGet.NuGetHostFactory.Nuspec("Demo.Widget", version)), ("lib/netstandard2.0/_._", string.Empty)]);
            var package = new ByteArrayContent(nupkg);
            package.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            await SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{Project}/nuget/v2/package") { Content = new MultipartFormDataContent { { package, "package", "package.nupkg" } } });

            var wheel = Zip([
                ("demo_widget/__init__.py", "VALUE = 1\n"),
                ($"demo_widget-{version}.dist-info/METADATA", PyPIHostFactory.Metadata("demo-widget", version)),
                ($"demo_widget-{version}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
                ($"demo_widget-{version}.dist-info/RECORD", string.Empty),
            ]);
            await SendAsync(PyPIHostFactory.Upload(wheel, $"demo_widget-{version}-py3-none-any.whl", "demo-widget", version, path: $"{Project}/pypi"));
            var sdist = TarGz([($"demo_widget-{version}/PKG-INFO", PyPIHostFactory.Metadata("demo-widget", version)), ($"demo_widget-{version}/setup.py", "from setuptools import setup\nsetup()\n")]);
            await SendAsync(PyPIHostFactory.Upload(sdist, $"demo_widget-{version}.tar.gz", "demo-widget", version, path: $"{Project}/pypi"));

            var maven = $"{Project}/maven/com/example/widget/{version}/widget-{version}";
            await SendAsync(new HttpRequestMessage(HttpMethod.Put, maven + ".pom") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Maven.MavenHostFactory.Pom("widget", version))) });
            await SendAsync(new HttpRequestMessage(HttpMethod.Put, maven + ".jar") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"jar {version}")) });
        }
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The body of a read as the admin, with an optional <c>Accept</c>.</summary>
    public async Task<string> GetAsync(string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue("GET {0} answered {1}: {2}", path, (int)response.StatusCode, body);
        return body;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Sends one publish a minute after the previous one, and insists that it succeeded.</summary>
    private async Task SendAsync(HttpRequestMessage request)
    {
        Clock.Now += TimeSpan.FromMinutes(1);
        using (request)
        {
            using var response = await Client.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private static byte[] Zip(IEnumerable<(string Path, string Content)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.NoCompression);
                entry.LastWriteTime = EntryTime;
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }

    private static byte[] TarGz(IEnumerable<(string Path, string Content)> entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.NoCompression, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, path)
                {
                    ModificationTime = EntryTime,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                });
            }
        }

        return buffer.ToArray();
    }
}
