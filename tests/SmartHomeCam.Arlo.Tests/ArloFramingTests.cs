using System.Text;
using System.Text.Json.Nodes;
using SmartHomeCam.Arlo.Protocol;

namespace SmartHomeCam.Arlo.Tests;

/// <summary>The <c>L:&lt;len&gt; &lt;json&gt;</c> framing: exact encoding, split headers, and thousands of hostile inputs.</summary>
public sealed class ArloFramingTests
{
    private const int Cap = 64 * 1024;

    [Fact]
    public void Encodes_the_byte_length_of_compact_json()
    {
        var frame = ArloFrame.Encode(new JsonObject { ["Type"] = "response", ["ID"] = 7, ["Response"] = "Ack" });

        Assert.Equal("L:43 {\"Type\":\"response\",\"ID\":7,\"Response\":\"Ack\"}", Encoding.ASCII.GetString(frame));
    }

    [Fact]
    public async Task Reads_spaced_json_whose_header_arrives_one_byte_at_a_time()
    {
        var json = "{\"Type\": \"registration\", \"ID\": 1, \"SystemSerialNumber\": \"4N7XXXXXX1234\"}";
        var bytes = Encoding.ASCII.GetBytes($"L:{json.Length} {json}");

        var message = await ArloFrameReader.ReadAsync(new TrickleStream(bytes), Cap, CancellationToken.None);

        Assert.Equal("4N7XXXXXX1234", message!["SystemSerialNumber"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("L:")]
    [InlineData("L:12")]
    [InlineData("L:12 {\"Type\"")]
    public async Task Early_eof_is_no_message(string text)
    {
        Assert.Null(await ArloFrameReader.ReadAsync(new MemoryStream(Encoding.ASCII.GetBytes(text)), Cap, CancellationToken.None));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("L:abc {}")]
    [InlineData("L: {}")]
    [InlineData("L:0 ")]
    [InlineData("L:99999999 {}")]
    [InlineData("L:5 [1,2]")]
    [InlineData("L:3 {x}")]
    public async Task Garbage_is_a_protocol_error(string text)
    {
        await Assert.ThrowsAsync<ArloProtocolException>(() =>
            ArloFrameReader.ReadAsync(new MemoryStream(Encoding.ASCII.GetBytes(text)), Cap, CancellationToken.None));
    }

    [Fact]
    public async Task A_frame_above_the_cap_is_refused_before_its_payload_is_read()
    {
        var stream = new TrickleStream(Encoding.ASCII.GetBytes("L:65537 "));

        await Assert.ThrowsAsync<ArloProtocolException>(() => ArloFrameReader.ReadAsync(stream, Cap, CancellationToken.None));
        Assert.Equal(8, stream.Position); // header only: nothing of the announced 64 kB was read or allocated
    }

    [Fact]
    public async Task Thousands_of_random_truncated_and_mutated_frames_never_throw_anything_else_and_stay_bounded()
    {
        var random = new Random(4000);
        var valid = ArloFrame.Encode(new JsonObject
        {
            ["Type"] = "status", ["ID"] = 2, ["SystemSerialNumber"] = "4N7XXXXXX1234", ["BatPercent"] = 88,
            ["Capabilities"] = new JsonArray("H.264Streaming", "BatteryLevel"),
        });
        var before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = 0;
        for (var i = 0; i < 5000; i++)
        {
            byte[] input = (i % 4) switch
            {
                0 => RandomBytes(random, random.Next(0, 300)),
                1 => valid[..random.Next(0, valid.Length)],
                2 => Mutate(random, valid),
                _ => [.. "L:"u8.ToArray(), .. Encoding.ASCII.GetBytes(random.Next(0, 200).ToString(System.Globalization.CultureInfo.InvariantCulture)), (byte)' ', .. RandomBytes(random, random.Next(0, 200))],
            };

            _ = ArloFrame.TryDecode(input, Cap);
            try
            {
                if (await ArloFrameReader.ReadAsync(new MemoryStream(input), Cap, CancellationToken.None) is not null)
                {
                    parsed++;
                }
            }
            catch (ArloProtocolException)
            {
                // the one exception a bad peer may cause
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(parsed > 0, "some inputs were valid frames");
        Assert.True(allocated < 200L * 1024 * 1024, $"{allocated} bytes allocated for 5000 small inputs");
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] valid)
    {
        var copy = valid.ToArray();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    /// <summary>A stream that hands out one byte per read, as a slow camera's TCP segments might.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}
