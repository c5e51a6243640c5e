using System.Text.Json;
using Registry.Formats.Protocol;

namespace Registry.Formats.Tests.Protocol;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void A_document_larger_than_the_first_buffer_comes_out_whole_and_exact()
    {
        // Grows several times from 256 bytes; the copy at each growth must keep everything written before it.
        var expected = new byte[1_000_003];
        new Random(7).NextBytes(expected);
        using var writer = new PooledBufferWriter(0);
        for (var offset = 0; offset < expected.Length;)
        {
            var span = writer.GetSpan(1 + (offset % 5000));
            var count = Math.Min(span.Length, Math.Min(expected.Length - offset, 1 + (offset % 7919)));
            expected.AsSpan(offset, count).CopyTo(span);
            writer.Advance(count);
            offset += count;
        }

        writer.WrittenCount.Should().Be(expected.Length);
        writer.WrittenSpan.ToArray().Should().Equal(expected);
    }

    [Fact]
    public void Json_written_through_it_is_what_an_array_writer_gives()
    {
        using var pooled = new PooledBufferWriter(16);
        var array = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var output in new System.Buffers.IBufferWriter<byte>[] { pooled, array })
        {
            using var json = new Utf8JsonWriter(output);
            json.WriteStartObject();
            for (var i = 0; i < 2000; i++)
            {
                json.WriteString($"k{i}", new string('v', i % 300));
            }

            json.WriteEndObject();
        }

        pooled.WrittenSpan.ToArray().Should().Equal(array.WrittenSpan.ToArray());
    }

    [Fact]
    public void Advancing_past_the_buffer_it_handed_out_is_refused()
    {
        using var writer = new PooledBufferWriter(300);
        var length = writer.GetSpan().Length;
        var act = () => writer.Advance(length + 1);
        act.Should().Throw<ArgumentOutOfRangeException>();
        writer.WrittenCount.Should().Be(0);
    }

    [Fact]
    public void After_dispose_it_refuses_use_and_disposes_again_quietly()
    {
        var writer = new PooledBufferWriter(1024);
        writer.GetSpan(10)[0] = 42;
        writer.Advance(1);
        writer.Dispose();
        writer.Dispose();

        writer.Invoking(w => w.GetSpan()).Should().Throw<ObjectDisposedException>();
        writer.Invoking(w => w.WrittenSpan.Length).Should().Throw<ObjectDisposedException>();
    }
}
