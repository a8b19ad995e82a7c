using System.Buffers.Binary;
using SmartHomeCam.WebRtc.Peers;
using SmartHomeCam.WebRtc.Rtp;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>
/// A viewer's packets are the shared payload behind its own 12-byte header, and its NACK history rebuilds exactly the
/// packet it sent from the shared frame (no copy per viewer), holding each frame only while a slot still names it.
/// </summary>
public sealed class SendHistoryTests
{
    [Fact]
    public void Header_and_shared_payload_are_the_bytes_a_viewer_sent_before_the_payloads_were_shared()
    {
        var random = new Random(6184);
        var packet = new byte[1300];
        for (var n = 0; n < 200; n++)
        {
            var payload = new byte[random.Next(0, 1150)];
            random.NextBytes(payload);
            var marker = random.Next(2) == 1;
            var payloadType = random.Next(96, 128);
            var sequence = (ushort)random.Next(0, 65536);
            var timestamp = (uint)random.NextInt64(0, uint.MaxValue);
            var ssrc = (uint)random.NextInt64(0, uint.MaxValue);

            var length = RtpHeader.Write(packet, payloadType, marker, sequence, timestamp, ssrc, payload);

            // The packet as the send loop wrote it field by field (RFC 3550 §5.1).
            var expected = new byte[12 + payload.Length];
            expected[0] = 0x80;
            expected[1] = (byte)((marker ? 0x80 : 0) | payloadType);
            BinaryPrimitives.WriteUInt16BigEndian(expected.AsSpan(2), sequence);
            BinaryPrimitives.WriteUInt32BigEndian(expected.AsSpan(4), timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(expected.AsSpan(8), ssrc);
            payload.CopyTo(expected, 12);
            Assert.Equal(expected, packet.AsSpan(0, length).ToArray());
        }

        Assert.Throws<ArgumentException>(() => RtpHeader.Write(new byte[20], 96, false, 1, 2, 3, new byte[9]));
    }

    [Fact]
    public void History_rebuilds_every_packet_still_in_its_window_and_nothing_older()
    {
        var (frames, pool) = Frames(200);
        using var history = new VideoSendHistory(64);
        var sent = new Dictionary<ushort, byte[]>();
        var packet = new byte[1300];
        ushort sequence = 65500; // the window crosses the 16-bit wrap
        foreach (var (frame, n) in frames.Select((f, n) => (f, n)))
        {
            var timestamp = 3000u * (uint)n;
            history.BeginFrame(frame);
            for (var i = 0; i < frame.PayloadCount; i++)
            {
                var length = RtpHeader.Write(packet, 102, frame.Marker(i), sequence, timestamp, 0xABCDEF01, frame.Payload(i));
                sent[sequence] = packet.AsSpan(0, length).ToArray();
                history.Record(sequence, i, timestamp);
                sequence++;
            }
        }

        var newest = (ushort)(sequence - 1);
        var rebuilt = new byte[1300];
        foreach (var (seq, bytes) in sent)
        {
            var length = history.Write(seq, rebuilt, 102, 0xABCDEF01);
            if ((ushort)(newest - seq) < 64)
            {
                Assert.Equal(bytes, rebuilt.AsSpan(0, length).ToArray());
            }
            else
            {
                Assert.Equal(0, length);
            }
        }

        Assert.Equal(0, history.Write((ushort)(newest + 1), rebuilt, 102, 0xABCDEF01)); // not sent yet

        // Only frames with a packet in the window are held (the last 64 packets span a few of them).
        var inWindow = frames.Count(f => f.References > 1);
        Assert.Equal(inWindow, history.FramesHeld);
        Assert.InRange(inWindow, 1, frames.Count - 1);
        Release(frames);
        history.Dispose();
        Assert.All(frames, f => Assert.Equal(0, f.References));
        Assert.NotNull(pool.TryTake());
    }

    [Fact]
    public void History_refuses_a_size_that_is_not_a_power_of_two()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoSendHistory(500));
        using var history = new VideoSendHistory(16);
        Assert.Throws<InvalidOperationException>(() => history.Record(1, 0, 0));
    }

    private static (List<EncodedVideoFrame> Frames, EncodedFramePool<EncodedVideoFrame> Pool) Frames(int count)
    {
        var pool = new EncodedFramePool<EncodedVideoFrame>();
        var gop = new GroupOfPictures(maxFrames: 0); // keeps nothing: only the test and the history hold the frames
        var units = BroadcastAllocationTests.DemoClip();
        var list = new RtpPayloadList();
        var packetizer = new H264Packetizer();
        var frames = new List<EncodedVideoFrame>();
        for (var n = 0; n < count; n++)
        {
            list.Clear();
            packetizer.Packetize(units[n % units.Count].Data, list);
            frames.Add(EncodedVideoFrame.Create(pool, list, n * 3000, units[n % units.Count].Keyframe, gop));
        }

        return (frames, pool);
    }

    private static void Release(List<EncodedVideoFrame> frames)
    {
        foreach (var frame in frames)
        {
            frame.Release();
        }
    }
}
