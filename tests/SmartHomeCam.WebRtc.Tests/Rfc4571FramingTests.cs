using SmartHomeCam.WebRtc.Ice;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>RFC 4571 framing as ICE-TCP uses it: whole frames whatever the reads, and a broken stream is an error, not a guess.</summary>
public class Rfc4571FramingTests
{
    [Fact]
    public async Task Frames_split_across_one_byte_reads_come_out_whole_and_in_order()
    {
        var packets = new[] { Filled(1, 20), Filled(2, 1), Filled(3, 1200), [] };
        var wire = new MemoryStream();
        var frame = new byte[2 + 1200];
        foreach (var packet in packets)
        {
            wire.Write(frame, 0, Rfc4571Framing.Write(packet, frame));
        }

        var stream = new TrickleStream(wire.ToArray(), chunk: 1);
        var buffer = new byte[1500];
        foreach (var packet in packets)
        {
            var length = await Rfc4571Framing.ReadFrameAsync(stream, buffer, 1500, CancellationToken.None);
            Assert.Equal(packet, buffer.AsSpan(0, length).ToArray());
        }

        Assert.Equal(-1, await Rfc4571Framing.ReadFrameAsync(stream, buffer, 1500, CancellationToken.None));
    }

    [Fact]
    public void The_header_is_the_big_endian_length()
    {
        var frame = new byte[2 + 300];
        Assert.Equal(302, Rfc4571Framing.Write(Filled(7, 300), frame));
        Assert.Equal((byte)1, frame[0]);
        Assert.Equal((byte)44, frame[1]);
        Assert.Throws<ArgumentException>(() => Rfc4571Framing.Write(Filled(7, 300), new byte[301]));
    }

    [Fact]
    public async Task A_frame_over_the_cap_is_refused_before_its_body_is_read()
    {
        var stream = new TrickleStream([0x08, 0x01, 1, 2, 3], chunk: 3);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Rfc4571Framing.ReadFrameAsync(stream, new byte[2048], 2048, CancellationToken.None).AsTask());
        Assert.Contains("2049", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x00, 0x05, 1, 2 })]
    public async Task A_stream_ending_inside_a_frame_is_an_error(byte[] wire)
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => Rfc4571Framing.ReadFrameAsync(new TrickleStream(wire, 1), new byte[64], 64, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Random_streams_yield_frames_within_the_cap_or_an_error_never_anything_else()
    {
        var random = new Random(4571);
        var buffer = new byte[256];
        for (var run = 0; run < 500; run++)
        {
            var wire = new byte[random.Next(0, 600)];
            random.NextBytes(wire);
            var stream = new TrickleStream(wire, random.Next(1, 50));
            try
            {
                while (true)
                {
                    var length = await Rfc4571Framing.ReadFrameAsync(stream, buffer, 256, CancellationToken.None);
                    if (length < 0)
                    {
                        break;
                    }

                    Assert.InRange(length, 0, 256);
                }
            }
            catch (InvalidDataException)
            {
                // oversize or truncated: the connection would be closed
            }
        }
    }

    private static byte[] Filled(byte value, int length) => Enumerable.Repeat(value, length).ToArray();

    /// <summary>Hands out at most <c>chunk</c> bytes per read, like a TCP stream split by the network.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - position);
            data.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return Read(buffer.Span);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
