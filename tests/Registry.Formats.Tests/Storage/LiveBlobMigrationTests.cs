using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Registry.Formats.Tests.Infrastructure;
using Registry.Storage.Migration;
using Registry.Tests.S3rver;

namespace Registry.Formats.Tests.Storage;

/// <summary>
/// Local blobs move into S3 while a client keeps downloading and uploading through the host; the migration is stopped
/// halfway and run again, and afterwards every file reads back with its SHA-256 and nothing is left on local disk.
/// </summary>
public sealed class LiveBlobMigrationTests(S3rverServer server) : IClassFixture<S3rverServer>, IDisposable
{
    private const int Blobs = 1000;
    private const string Generic = "/api/v4/projects/demo%2Fapp/packages/generic";
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "registry-migration-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentDictionary<string, string> _files = new();

    [SkippableFact]
    public async Task A_thousand_blobs_move_to_S3_under_load_and_a_stopped_run_resumes()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        using (var local = new SampleHostFactory(dataPath: _dataPath))
        {
            using var client = local.CreateClient();
            await Parallel.ForEachAsync(Enumerable.Range(0, Blobs), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) => await UploadAsync(client, i));
        }

        var options = await server.CreateBucketAsync();
        using var host = new SampleHostFactory(S3rverServer.Settings(options), _dataPath);
        using var http = host.CreateClient();
        var migrator = host.Services.GetRequiredService<BlobStoreMigrator>();
        using var stopLoad = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var operations = 0;
        var load = Task.Run(async () =>
        {
            for (var i = Blobs; !stopLoad.IsCancellationRequested; i++)
            {
                // Alternates: download a file that may be anywhere in the move, then publish a new one.
                var path = _files.Keys.ElementAt(Random.Shared.Next(_files.Count));
                using var response = await http.GetAsync(path, SampleHostFactory.AdminToken);
                var body = response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : [];
                if (Convert.ToHexStringLower(SHA256.HashData(body)) != _files[path])
                {
                    failures.Enqueue($"GET {path}: {(int)response.StatusCode}");
                }

                if (!await UploadAsync(http, i))
                {
                    failures.Enqueue($"PUT #{i} failed");
                }

                Interlocked.Increment(ref operations);
            }
        });
        while (Volatile.Read(ref operations) < 10)
        {
            await Task.Delay(20);
        }

        using var stop = new CancellationTokenSource();
        var firstRun = () => migrator.MigrateAsync(new StopAt(Blobs / 2, stop), stop.Token);
        await firstRun.Should().ThrowAsync<OperationCanceledException>();
        var localAfterStop = LocalBlobs();
        var second = await migrator.MigrateAsync(null, CancellationToken.None);
        await stopLoad.CancelAsync();
        await load;

        localAfterStop.Should().BeInRange(1, Blobs - 1, "the first run stopped halfway");
        (second.Copied + second.AlreadyPresent).Should().Be(localAfterStop);
        second.Failed.Should().Be(0);
        failures.Should().BeEmpty();
        operations.Should().BeGreaterThan(10);
        LocalBlobs().Should().Be(0);
        foreach (var (path, sha256) in _files)
        {
            using var response = await http.GetAsync(path, SampleHostFactory.AdminToken);
            response.StatusCode.Should().Be(HttpStatusCode.OK, path);
            Convert.ToHexStringLower(SHA256.HashData(await response.Content.ReadAsByteArrayAsync())).Should().Be(sha256, path);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    private async Task<bool> UploadAsync(HttpClient client, int i)
    {
        var content = RandomNumberGenerator.GetBytes(1000 + (i % 3000));
        var path = $"{Generic}/pkg{i % 50}/1.0.{i}/file{i}.bin";
        using var response = await client.PutBytesAsync(path, content, SampleHostFactory.AdminToken);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            _files[path] = Convert.ToHexStringLower(SHA256.HashData(content));
            return true;
        }

        return false;
    }

    private int LocalBlobs()
    {
        var root = Path.Combine(_dataPath, "blobs", "sha256");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Length : 0;
    }

    private sealed class StopAt(int done, CancellationTokenSource stop) : IProgress<BlobMigrationProgress>
    {
        public void Report(BlobMigrationProgress value)
        {
            if (value.Done >= done)
            {
                stop.Cancel();
            }
        }
    }
}
