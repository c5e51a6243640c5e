using BenchmarkDotNet.Attributes;
using Registry.Core.Publishing;
using Registry.Core.Storage;

namespace Registry.Benchmarks.Micro;

/// <summary>The publish pipeline's one pass over the bytes: MD5, SHA-1, SHA-256 and SHA-512 while copying to the blob.</summary>
[MemoryDiagnoser]
public class HashingBenchmarks
{
    private byte[] _content = [];

    /// <summary>The upload's size in bytes (a typical npm tarball, and a large one).</summary>
    [Params(200 * 1024, 16 * 1024 * 1024)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _content = new byte[Bytes];
        new Random(42).NextBytes(_content);
    }

    [Benchmark]
    public Task<BlobDescriptor?> CopyHashed() =>
        PackagePublisher.CopyHashedAsync(new MemoryStream(_content, writable: false), Stream.Null, long.MaxValue, CancellationToken.None);
}
