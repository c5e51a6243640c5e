using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Packages;
using Registry.Core.Storage;
using Registry.Formats.Tests.Infrastructure;
using Registry.Formats.Generic;

namespace Registry.Formats.Tests.Generic;

/// <summary>Downloads served by path from the local blob store, and the download time recorded without a write per read.</summary>
public sealed class GenericDownloadTests : IDisposable
{
    private const string Demo = "/api/v4/projects/demo%2Fapp/packages/generic";
    private readonly SampleHostFactory _host = new();
    private readonly HttpClient _client;

    public GenericDownloadTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task A_range_of_a_file_sent_from_the_blob_path_is_those_bytes()
    {
        var body = RandomNumberGenerator.GetBytes(100_000);
        (await _client.PutBytesAsync($"{Demo}/ranged/1.0.0/file.bin", body, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Demo}/ranged/1.0.0/file.bin");
        request.Headers.Add("PRIVATE-TOKEN", SampleHostFactory.AdminToken);
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(body[1000..2000]);
        response.Headers.ETag?.Tag.Should().Be($"\"{Convert.ToHexStringLower(SHA256.HashData(body))}\"");
    }

    [Fact]
    public async Task The_download_time_is_recorded_once_and_not_rewritten_by_every_download()
    {
        var body = RandomNumberGenerator.GetBytes(1000);
        (await _client.PutBytesAsync($"{Demo}/counted/1.0.0/file.bin", body, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await LastDownloadedAtAsync()).Should().BeNull();

        (await _client.GetAsync($"{Demo}/counted/1.0.0/file.bin", SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        var first = await LastDownloadedAtAsync();
        first.Should().NotBeNull();

        await Task.Delay(50);
        (await _client.GetAsync($"{Demo}/counted/1.0.0/file.bin", SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await LastDownloadedAtAsync()).Should().Be(first, "a second download within a minute does not write the row again");
    }

    private async Task<DateTimeOffset?> LastDownloadedAtAsync()
    {
        var project = await _host.Services.GetRequiredService<Registry.Core.Directory.IProjectDirectory>().FindProjectOrNullAsync("demo/app", CancellationToken.None)
            ?? throw new InvalidOperationException("no demo/app");
        var package = await _host.Services.GetRequiredService<IPackageStore>()
            .FindPackageOrNullAsync(PackageCoordinate.Create(project.Id, GenericFormat.GenericType, "counted", "1.0.0"), CancellationToken.None);
        return package?.LastDownloadedAt;
    }
}
