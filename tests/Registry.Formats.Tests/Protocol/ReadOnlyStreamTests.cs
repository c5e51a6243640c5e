using System.IO.Compression;
using System.Text.Json;
using Registry.Formats.Npm;
using Registry.Formats.Protocol;

namespace Registry.Formats.Tests.Protocol;

/// <summary>
/// <see cref="ReadOnlyStream"/> and every kit stream built on it: the members a read-only, forward-only stream does not
/// support throw <see cref="NotSupportedException"/>, every way of reading yields the same bytes, and an owned inner
/// stream is disposed exactly once (a borrowed one never).
/// </summary>
public sealed class ReadOnlyStreamTests
{
    private static readonly byte[] Data = Bytes(10_000);

    public static TheoryData<string> Kinds => ["base", "digesting", "expansion-limited", "multipart-part", "client-body", "npm-attachment"];

    public static TheoryData<string> SyncKinds => ["base", "digesting", "expansion-limited", "multipart-part", "client-body"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Writing_and_seeking_are_not_supported(string kind)
    {
        using var stream = Open(kind, Data).Stream;

        stream.CanRead.Should().BeTrue();
        stream.CanWrite.Should().BeFalse();
        ((Action)(() => stream.Write(new byte[4], 0, 4))).Should().Throw<NotSupportedException>();
        ((Action)(() => stream.Write(new byte[4]))).Should().Throw<NotSupportedException>();
        ((Action)(() => stream.WriteByte(1))).Should().Throw<NotSupportedException>();
        await ((Func<Task>)(() => stream.WriteAsync(new byte[4]).AsTask())).Should().ThrowAsync<NotSupportedException>();
        ((Action)(() => stream.SetLength(1))).Should().Throw<NotSupportedException>();
        if (kind != "client-body")
        {
            // The request body wrapper seeks exactly when the body does (asserted below); every other one never.
            stream.CanSeek.Should().BeFalse();
            ((Func<long>)(() => stream.Length)).Should().Throw<NotSupportedException>();
            ((Action)(() => stream.Position = 0)).Should().Throw<NotSupportedException>();
            ((Func<long>)(() => stream.Seek(0, SeekOrigin.Begin))).Should().Throw<NotSupportedException>();
        }

        if (kind is not ("client-body" or "expansion-limited"))
        {
            ((Func<long>)(() => stream.Position)).Should().Throw<NotSupportedException>();
        }

        stream.Flush();
        await stream.FlushAsync();
    }

    [Fact]
    public void The_request_body_wrapper_seeks_as_the_body_does()
    {
        using var stream = Open("client-body", Data).Stream;

        stream.CanSeek.Should().BeTrue();
        stream.Length.Should().Be(Data.Length);
        stream.Seek(100, SeekOrigin.Begin).Should().Be(100);
        stream.ReadByte().Should().Be(Data[100]);
        stream.Position.Should().Be(101);
    }

    [Fact]
    public void The_expansion_limited_position_is_the_count_decompressed()
    {
        using var stream = Open("expansion-limited", Data).Stream;

        stream.CopyTo(Stream.Null);

        stream.Position.Should().Be(Data.Length);
    }

    [Theory]
    [MemberData(nameof(SyncKinds))]
    public async Task Every_way_of_reading_yields_the_same_bytes(string kind)
    {
        ReadWith(kind, s => Drain((b, o, c) => s.Read(b, o, c))).Should().Equal(Data);
        ReadWith(kind, s => Drain((b, o, c) => s.Read(b.AsSpan(o, c)))).Should().Equal(Data);
        ReadWith(kind, ReadBytes).Should().Equal(Data);
        ReadWith(kind, s => Copy(s.CopyTo)).Should().Equal(Data);
        await AsyncReadsYieldTheDataAsync(kind);
    }

    [Fact]
    public async Task An_async_only_stream_refuses_every_synchronous_read()
    {
        using (var stream = Open("npm-attachment", Data).Stream)
        {
            ((Func<int>)(() => stream.Read(new byte[4], 0, 4))).Should().Throw<NotSupportedException>();
            ((Func<int>)(() => stream.Read(new byte[4].AsSpan()))).Should().Throw<NotSupportedException>();
            ((Func<int>)stream.ReadByte).Should().Throw<NotSupportedException>();
            ((Action)(() => stream.CopyTo(Stream.Null))).Should().Throw<NotSupportedException>();
        }

        await AsyncReadsYieldTheDataAsync("npm-attachment");
    }

    [Theory]
    [InlineData("base", 1)]
    [InlineData("expansion-limited", 1)]
    [InlineData("multipart-part", 1)]
    [InlineData("borrowing-base", 0)]
    [InlineData("digesting", 0)]
    [InlineData("client-body", 0)]
    [InlineData("npm-attachment", 0)]
    public async Task An_owned_inner_stream_is_disposed_exactly_once_and_a_borrowed_one_never(string kind, int disposals)
    {
        var (stream, inner) = Open(kind, Data);

        stream.Dispose();
        stream.Dispose();
        await stream.DisposeAsync();

        inner.Disposals.Should().Be(disposals);
        inner.CanRead.Should().Be(disposals == 0);
    }

    [Fact]
    public async Task Array_reads_check_their_arguments()
    {
        using var stream = Open("base", Data).Stream;

        ((Func<int>)(() => stream.Read(new byte[4], 2, 4))).Should().Throw<ArgumentException>();
        await ((Func<Task<int>>)(() => stream.ReadAsync(new byte[4], -1, 1))).Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    private static (Stream Stream, DisposalCountingStream Inner) Open(string kind, byte[] data)
    {
        switch (kind)
        {
            case "expansion-limited":
                var compressed = new DisposalCountingStream(Gzip(data));
                return (new ExpansionLimitedStream(new GZipStream(compressed, CompressionMode.Decompress), long.MaxValue), compressed);
            case "npm-attachment":
                var attachments = new Dictionary<string, object> { ["p-1.0.0.tgz"] = new { data = Convert.ToBase64String(data) } };
                var document = new DisposalCountingStream(JsonSerializer.SerializeToUtf8Bytes(new { name = "p", _attachments = attachments }));
                return (new NpmAttachmentStream(new NpmDocumentScanner(document, 1 << 20, 1 << 20)), document);
        }

        var inner = new DisposalCountingStream(data);
        Stream stream = kind switch
        {
            "base" => new PassThroughStream(inner, owns: true),
            "borrowing-base" => new PassThroughStream(inner, owns: false),
            "digesting" => new DigestingStream(inner),
            "multipart-part" => new MultipartPartStream(inner),
            "client-body" => new ClientBodyStream(inner),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return (stream, inner);
    }

    private static async Task AsyncReadsYieldTheDataAsync(string kind)
    {
        (await ReadWithAsync(kind, s => DrainAsync((b, o, c) => s.ReadAsync(b.AsMemory(o, c)).AsTask()))).Should().Equal(Data);
        (await ReadWithAsync(kind, s => DrainAsync((b, o, c) => s.ReadAsync(b, o, c)))).Should().Equal(Data);
        (await ReadWithAsync(kind, async s => { var copy = new MemoryStream(); await s.CopyToAsync(copy); return copy.ToArray(); })).Should().Equal(Data);
    }

    private static byte[] ReadWith(string kind, Func<Stream, byte[]> read)
    {
        using var stream = Open(kind, Data).Stream;
        return read(stream);
    }

    private static async Task<byte[]> ReadWithAsync(string kind, Func<Stream, Task<byte[]>> read)
    {
        await using var stream = Open(kind, Data).Stream;
        return await read(stream);
    }

    // An odd buffer size, so reads end mid-way through every internal buffer.
    private static byte[] Drain(Func<byte[], int, int, int> read)
    {
        var copy = new MemoryStream();
        var buffer = new byte[777];
        int n;
        while ((n = read(buffer, 3, 700)) > 0)
        {
            copy.Write(buffer, 3, n);
        }

        return copy.ToArray();
    }

    private static async Task<byte[]> DrainAsync(Func<byte[], int, int, Task<int>> read)
    {
        var copy = new MemoryStream();
        var buffer = new byte[777];
        int n;
        while ((n = await read(buffer, 3, 700)) > 0)
        {
            copy.Write(buffer, 3, n);
        }

        return copy.ToArray();
    }

    private static byte[] ReadBytes(Stream stream)
    {
        var copy = new MemoryStream();
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            copy.WriteByte((byte)b);
        }

        return copy.ToArray();
    }

    private static byte[] Copy(Action<Stream> copyTo)
    {
        var copy = new MemoryStream();
        copyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return compressed.ToArray();
    }

    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(16).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The smallest subclass: the base's own behaviour, reading synchronously and asynchronously.</summary>
    private sealed class PassThroughStream(Stream inner, bool owns) : ReadOnlyStream(owns ? inner : null)
    {
        private readonly Stream _inner = inner;

        public override int Read(Span<byte> buffer) => _inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(buffer, cancellationToken);
    }
}
