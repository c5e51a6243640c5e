using System.Net;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Integrity;

/// <summary>
/// Issue 16, defect 2: a host killed (SIGKILL) during a large streaming upload leaves its temp file; the next host to
/// start on the data directory removes it before it serves, and the catalog is intact.
/// </summary>
public sealed class CrashLeftoverTests
{
    private const string Project = "demo%2Fapp";

    [Fact]
    public async Task A_host_killed_during_an_upload_leaves_no_temp_file_once_the_next_host_has_started()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "registry-e2e-crash-" + Guid.NewGuid().ToString("N"));
        var first = new SampleHostProcess { DataPath = dataPath };
        var second = new SampleHostProcess { DataPath = dataPath };
        try
        {
            await first.InitializeAsync();
            using var http = first.CreateHttpClient();
            var acknowledged = RandomNumberGenerator.GetBytes(100_000);
            (await PutAsync(http, first, "kept.bin", new ByteArrayContent(acknowledged))).Should().Be(HttpStatusCode.Created);

            // A large upload that sends 4 MiB and then stalls, as a slow client would, until the host dies under it.
            using var stall = new CancellationTokenSource();
            var upload = PutAsync(http, first, "big.bin", new StallingContent(4 * 1024 * 1024, stall.Token));
            var tempDirectory = Path.Combine(dataPath, "blobs", "tmp");
            await WaitForAsync(() => TempFiles(tempDirectory).Any(f => new FileInfo(f).Length >= 1024 * 1024), first);

            await first.KillAsync();
            await stall.CancelAsync();
            await upload.ContinueWith(_ => { }, TaskScheduler.Default);
            TempFiles(tempDirectory).Should().NotBeEmpty("the killed host could not remove its temp file");

            await second.InitializeAsync();

            TempFiles(tempDirectory).Should().BeEmpty(second.Output);
            using var check = second.CreateHttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{second.BaseUrl}/api/v4/projects/{Project}/packages/generic/tool/1.0.0/kept.bin");
            request.Headers.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
            using var response = await check.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsByteArrayAsync()).Should().Equal(acknowledged);
            IntegrityCheck(Path.Combine(dataPath, "registry.db")).Should().Be("ok");
        }
        finally
        {
            await first.KillAsync();
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    private static async Task<HttpStatusCode> PutAsync(HttpClient http, SampleHostProcess host, string file, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{host.BaseUrl}/api/v4/projects/{Project}/packages/generic/tool/1.0.0/{file}") { Content = content };
        request.Headers.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static string[] TempFiles(string directory) => Directory.Exists(directory) ? Directory.GetFiles(directory) : [];

    private static async Task WaitForAsync(Func<bool> condition, SampleHostProcess host)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        condition().Should().BeTrue("the upload should have reached the host's temp file:\n" + host.Output);
    }

    private static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(command.ExecuteScalar() ?? "no answer");
    }

    /// <summary>A body of unknown length that sends some bytes and then waits until cancelled.</summary>
    private sealed class StallingContent(int bytes, CancellationToken stall) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            for (var sent = 0; sent < bytes; sent += chunk.Length)
            {
                RandomNumberGenerator.Fill(chunk);
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
            }

            await Task.Delay(Timeout.Infinite, stall);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
