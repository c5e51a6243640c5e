using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Reading;
using Registry.Formats.Tests.Infrastructure;

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
    public async Task The_download_time_shows_in_the_packages_api_after_the_recorder_writes_it_once_an_interval()
    {
        var body = RandomNumberGenerator.GetBytes(1000);
        (await _client.PutBytesAsync($"{Demo}/counted/1.0.0/file.bin", body, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await LastDownloadedAtAsync()).Should().BeNull();
        var recorder = _host.Services.GetRequiredService<DownloadRecorder>();

        (await _client.GetAsync($"{Demo}/counted/1.0.0/file.bin", SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        await recorder.FlushAsync(CancellationToken.None);
        var first = await LastDownloadedAtAsync();
        first.Should().NotBeNull();

        (await _client.GetAsync($"{Demo}/counted/1.0.0/file.bin", SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        await recorder.FlushAsync(CancellationToken.None);
        (await LastDownloadedAtAsync()).Should().Be(first, "a second download within a minute does not write the time again");
    }

    /// <summary>The package's <c>last_downloaded_at</c> as the project's packages API lists it.</summary>
    private async Task<DateTimeOffset?> LastDownloadedAtAsync()
    {
        var response = await _client.GetAsync("/api/v4/projects/demo%2Fapp/packages?package_name=counted", SampleHostFactory.AdminToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var listing = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var time = listing.RootElement.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "counted").GetProperty("last_downloaded_at");
        return time.ValueKind == JsonValueKind.Null ? null : time.GetDateTimeOffset();
    }
}
