using System.Net;
using System.Security.Cryptography;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Storage;

/// <summary>
/// Issue 16, defect 4: a stored blob whose length differs from its file row (a store that kept aws-chunked framing, a
/// truncated disk) is never served: the download answers 502 before any byte, under any format's route.
/// </summary>
public sealed class BlobLengthMismatchTests
{
    private const string Demo = "/api/v4/projects/demo%2Fapp/packages/generic";

    [Theory]
    [InlineData(-10)]
    [InlineData(+37)]
    public async Task A_blob_of_another_length_than_its_row_answers_502_instead_of_its_bytes(int change)
    {
        using var host = new SampleHostFactory();
        using var client = host.CreateClient();
        var body = RandomNumberGenerator.GetBytes(5000);
        (await client.PutBytesAsync($"{Demo}/tool/1.0.0/file.bin", body, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);

        var key = Convert.ToHexStringLower(SHA256.HashData(body));
        var blob = Path.Combine(host.BlobRoot, "sha256", key[..2], key[2..4], key);
        byte[] mangled = change < 0 ? body[..(body.Length + change)] : [.. body, .. new byte[change]];
        await File.WriteAllBytesAsync(blob, mangled);

        using var response = await client.GetAsync($"{Demo}/tool/1.0.0/file.bin", SampleHostFactory.AdminToken);

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync()).Should().Contain("does not match its record");
        response.Headers.Contains("X-Checksum-SHA256").Should().BeFalse();
    }
}
