using System.Buffers;
using SmartHomeCam.Cameras;
using SmartHomeCam.Fakes.NestLegacy;
using SmartHomeCam.NestLegacy.Protocol;
using SmartHomeCam.NestLegacy.Protocol.Messages;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>Random and corrupted packet streams: the session survives each one (or ends with a camera error) with bounded memory.</summary>
public sealed class CorruptedStreamTests
{
    private const int Cap = 256 * 1024;

    [Fact]
    public async Task Two_thousand_corrupted_streams_never_crash_the_session_or_grow_its_buffer_past_the_cap()
    {
        var random = new Random(20261130);
        var media = MediaBytes();
        NestLegacyOptions? options = null;
        ScriptedTransportFactory? factory = null;
        await using var harness = await NestLegacyHarness.StartAsync(
            overrides: new Dictionary<string, string?> { ["MaxPacketLength"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture), ["MaxReconnectsWithoutMedia"] = "1" },
            transports: o => factory = new ScriptedTransportFactory(options = o, () => Corrupt(media, random), random));
        long frames = 0, malformed = 0, unknown = 0, endedWithCameraError = 0;
        for (var i = 0; i < 2000; i++)
        {
            await using var source = harness.Source();
            await source.OpenAsync(CancellationToken.None);
            var perSource = 0;
            try
            {
                await foreach (var frame in source.ReadAsync(CancellationToken.None))
                {
                    Assert.True(frame.Data.Length > 4);
                    frames++;
                    if (++perSource >= 120)
                    {
                        break; // a few scripted connections' worth
                    }
                }
            }
            catch (CameraSourceException)
            {
                endedWithCameraError++; // the only way out: the scripts end, reconnects run out
            }

            malformed += source.MalformedPackets;
            unknown += source.UnknownPackets;
            Assert.InRange(source.MaxReceiveBuffer, 1, 2 * (Cap + 5 + 64 * 1024));
        }

        Assert.True(frames > 10_000, $"only {frames} frames got through");
        Assert.True(malformed > 0 && unknown > 0 && endedWithCameraError > 0, $"{malformed} malformed, {unknown} unknown, {endedWithCameraError} ended");
        Assert.NotNull(options);
        Assert.True(factory!.Connects >= 2000);
    }

    /// <summary>OK, PLAYBACK_BEGIN, then the clip's first two seconds as playback packets.</summary>
    private static byte[] MediaBytes()
    {
        var writer = new ArrayBufferWriter<byte>();
        NexusPacketWriter.Write(writer, PacketType.Ok, new Ok());
        var begin = new PlaybackBegin();
        begin.Channels.Add(new PlaybackChannel { ChannelId = 1, CodecType = CodecType.H264, SampleRate = 90_000 });
        begin.Channels.Add(new PlaybackChannel { ChannelId = 2, CodecType = CodecType.Aac, SampleRate = 48_000 });
        NexusPacketWriter.Write(writer, PacketType.PlaybackBegin, begin);
        var clip = FakeNestClip.Instance;
        for (var f = 0; f < 50; f++)
        {
            foreach (var nal in clip.Frames[f])
            {
                NexusPacketWriter.Write(writer, f % 3 == 0 ? PacketType.LongPlaybackPacket : PacketType.PlaybackPacket,
                    new PlaybackPacket { ChannelId = 1, TimestampDelta = f == 0 ? 0 : 3600, Payload = nal });
            }

            NexusPacketWriter.Write(writer, PacketType.PlaybackPacket, new PlaybackPacket { ChannelId = 2, TimestampDelta = 1024, Payload = clip.AudioFrames[f] });
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>The handshake intact (OK + PLAYBACK_BEGIN are the first packets), then flipped bytes, garbage runs and truncation.</summary>
    private static byte[] Corrupt(byte[] media, Random random)
    {
        var handshake = 3 + 0 + FramingTests.Body(new Ok()).Length;
        var beginLength = media[handshake + 1] << 8 | media[handshake + 2];
        var safe = handshake + 3 + beginLength;
        var bytes = media.ToArray();
        var mode = random.Next(4);
        for (var k = random.Next(1, 40); k > 0; k--)
        {
            var at = random.Next(safe, bytes.Length);
            bytes[at] = mode == 0 ? (byte)random.Next(256) : (byte)(bytes[at] ^ (1 << random.Next(8)));
        }

        if (mode == 2)
        {
            var garbage = new byte[random.Next(1, 3000)];
            random.NextBytes(garbage);
            var at = random.Next(safe, bytes.Length);
            bytes = [.. bytes.AsSpan(0, at), .. garbage, .. bytes.AsSpan(at)];
        }

        return mode == 3 ? bytes[..random.Next(safe, bytes.Length)] : bytes;
    }
}
