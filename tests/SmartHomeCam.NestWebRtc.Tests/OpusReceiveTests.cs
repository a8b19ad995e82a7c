using System.Buffers.Binary;
using CsCheck;
using SmartHomeCam.Media.Rtp;
using SmartHomeCam.WebRtc.Receive;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>The receive side of a Nest camera's Opus: the answer's payload type, depacketizing, timestamps, bad packets.</summary>
public sealed class OpusReceiveTests
{
    private static readonly byte[] Opus20Ms = [0xF8, 0xFF, 0xFE, 0x01, 0x02]; // CELT FB 20 ms, one frame

    private static byte[] Rtp(ushort sequence, uint timestamp, ReadOnlySpan<byte> payload, uint ssrc = 0x1234, byte pt = 111)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = pt;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet.AsSpan(12));
        return packet;
    }

    [Fact]
    public void Opus_counts_only_when_the_answer_sends_audio()
    {
        Assert.Equal(111, ReceiveAnswer.Parse(ReceiveAnswerTests.GoogleLikeAnswer).OpusPayloadType); // Google: sendrecv
        var sendOnly = ReceiveAnswerTests.GoogleLikeAnswer.Replace("a=mid:0\r\na=sendrecv", "a=mid:0\r\na=sendonly", StringComparison.Ordinal);
        Assert.Equal(111, ReceiveAnswer.Parse(sendOnly).OpusPayloadType);
        var inactive = ReceiveAnswerTests.GoogleLikeAnswer.Replace("a=mid:0\r\na=sendrecv", "a=mid:0\r\na=inactive", StringComparison.Ordinal);
        Assert.Null(ReceiveAnswer.Parse(inactive).OpusPayloadType); // aiortc without an audio track
        var rejected = ReceiveAnswerTests.GoogleLikeAnswer.Replace("m=audio 19305 ", "m=audio 0 ", StringComparison.Ordinal);
        Assert.Null(ReceiveAnswer.Parse(rejected).OpusPayloadType);
    }

    [Fact]
    public void Reordered_opus_comes_out_in_order_on_the_90_khz_clock_and_malformed_payloads_are_dropped()
    {
        var clock = new RtpSessionClock();
        var got = new List<(byte[] Payload, long Pts)>();
        using var track = new OpusReceiveTrack(clock, (opus, pts) => got.Add((opus.ToArray(), pts)));
        const uint start = 4_000_000_000; // wraps past 2^32 within the run
        var order = new[] { 0, 2, 1, 3, 5, 4, 6, 7, 8, 9 };
        foreach (var i in order)
        {
            var payload = i == 7 ? new byte[] { 0xF9, 0x01 } : Opus20Ms; // 7: code 1 with an odd body (RFC 6716 R3)
            track.Push(Rtp((ushort)(65530 + i), start + (uint)(i * 960 * 100_000), payload), TimeSpan.FromMilliseconds(20 * i));
        }

        // Steps of 100,000 packets' worth of time, so the timestamps wrap past 2^32 as well as the sequence numbers.
        Assert.Equal(1, track.Malformed);
        Assert.Equal(9, got.Count); // every gap was filled within the reorder window
        Assert.All(got, g => Assert.Equal(Opus20Ms, g.Payload));
        for (var k = 1; k < got.Count; k++)
        {
            Assert.True(got[k].Pts > got[k - 1].Pts);
            Assert.Equal(0, (got[k].Pts - got[0].Pts) % (960L * 100_000 * 15 / 8)); // 48 kHz × 15/8 = 90 kHz
        }
    }

    [Fact]
    public void Twenty_millisecond_packets_are_1800_ticks_apart_and_share_the_timeline_with_video()
    {
        var clock = new RtpSessionClock();
        var video = clock.AddTrack(90_000);
        _ = clock.ToPts(video, 1000, 0); // the video anchors the timeline at 0
        var pts = new List<long>();
        using var track = new OpusReceiveTrack(clock, (_, p) => pts.Add(p));
        for (var i = 0; i < 10; i++)
        {
            track.Push(Rtp((ushort)i, 777 + (uint)(i * 960), Opus20Ms), TimeSpan.FromMilliseconds(500 + (20 * i)));
        }

        Assert.Equal(10, pts.Count);
        Assert.InRange(pts[0], 44_000, 46_000); // placed by arrival 0.5 s after the video until sender reports come
        Assert.All(pts.Zip(pts.Skip(1)), p => Assert.Equal(1800, p.Second - p.First));
    }

    [Fact]
    public void Random_rtp_into_the_opus_track_throws_nothing()
    {
        var frames = 0;
        using var track = new OpusReceiveTrack(new RtpSessionClock(), (opus, _) => { Assert.False(opus.IsEmpty); frames++; });
        var arrival = TimeSpan.Zero;
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            if (bytes.Length > 1)
            {
                bytes[0] = (byte)(0x80 | (bytes[0] & 0x0F));
            }

            arrival += TimeSpan.FromMilliseconds(1);
            track.Push(bytes, arrival);
        }, iter: 5000, threads: 1);
        Assert.Equal(track.Frames, frames);
    }
}
