using System.Buffers.Binary;
using System.Net;
using SmartHomeCam.WebRtc.Peers;
using SmartHomeCam.WebRtc.Rtp;
using SmartHomeCam.WebRtc.Sdp;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>Opus passed through to displays: the packet checks, the answer's audio section, the shared frames.</summary>
public class OpusAudioTests
{
    private static readonly AnswerParameters Local = new(
        "lufr", "localpasswordlocalpassword", "11:22", [new IPEndPoint(IPAddress.Loopback, 50000)], 0xDEADBEEF, "cam", "640028");

    [Theory]
    [InlineData(new byte[] { 0xF8, 1, 2, 3 }, 960)] // config 31 (CELT FB 20 ms), code 0
    [InlineData(new byte[] { 0xE0, 9 }, 120)] // config 28 (CELT FB 2.5 ms)
    [InlineData(new byte[] { 0x08, 9, 9 }, 960)] // config 1 (SILK NB 20 ms)
    [InlineData(new byte[] { 0x18 }, 2880)] // config 3 (SILK NB 60 ms), an empty frame (DTX)
    [InlineData(new byte[] { 0xF9, 1, 2 }, 1920)] // code 1: two equal frames of one byte
    [InlineData(new byte[] { 0xFA, 1, 7, 8, 9 }, 1920)] // code 2: first frame 1 byte, second 2
    [InlineData(new byte[] { 0xFB, 0x03, 1, 2, 3 }, 2880)] // code 3 CBR: three frames of one byte
    [InlineData(new byte[] { 0xFB, 0x82, 1, 5, 6, 7 }, 1920)] // code 3 VBR: 1 + 2 bytes
    [InlineData(new byte[] { 0xFB, 0x41, 2, 5, 0, 0 }, 960)] // code 3 with two bytes of padding
    public void Durations_come_from_the_toc_byte_and_frame_count(byte[] packet, int samples)
    {
        Assert.True(OpusPacket.TryGetDuration(packet, out var got));
        Assert.Equal(samples, got);
    }

    [Theory]
    [InlineData(new byte[0])] // R1: empty
    [InlineData(new byte[] { 0xF9, 1 })] // R3: code 1 with an odd body
    [InlineData(new byte[] { 0xFA })] // R4: code 2 without its length
    [InlineData(new byte[] { 0xFA, 5, 1 })] // R4: first frame longer than the packet
    [InlineData(new byte[] { 0xFB })] // code 3 without the count byte
    [InlineData(new byte[] { 0xFB, 0x00 })] // R5: zero frames
    [InlineData(new byte[] { 0x1B, 0x03 })] // R5: 3 × 60 ms > 120 ms
    [InlineData(new byte[] { 0xFB, 0x02, 1, 2, 3 })] // R6: CBR body not a multiple of the count
    [InlineData(new byte[] { 0xFB, 0x82, 9, 1 })] // R7: VBR length past the end
    [InlineData(new byte[] { 0xFB, 0x41, 200, 1 })] // padding longer than the packet
    public void Malformed_packets_are_refused(byte[] packet) => Assert.False(OpusPacket.TryGetDuration(packet, out _));

    [Fact]
    public void Random_and_truncated_packets_never_throw_and_a_valid_duration_is_at_most_120_ms()
    {
        var random = new Random(7587);
        var buffer = new byte[1400];
        for (var i = 0; i < 200_000; i++)
        {
            var length = random.Next(0, i % 10 == 0 ? 1400 : 12);
            random.NextBytes(buffer.AsSpan(0, length));
            if (OpusPacket.TryGetDuration(buffer.AsSpan(0, length), out var samples))
            {
                Assert.InRange(samples, 120, OpusPacket.MaxSamples);
            }
        }
    }

    [Fact]
    public void Each_opus_packet_is_one_rtp_packet_with_48_khz_timestamps_and_a_marker_only_at_each_talkspurt()
    {
        var packetizer = new OpusPacketizer(0xA0D10, 111, 65535, 4_294_967_000);
        var buffer = new byte[1300];
        byte[] opus = [0xF8, 0x11, 0x22, 0x33];
        var packets = new List<byte[]>();
        foreach (var pts in new long[] { 90_000, 91_800, 93_600, 95_400, /* DTX gap */ 150_000, 151_800 })
        {
            var length = packetizer.Write(buffer, opus, pts, 960);
            packets.Add(buffer[..length]);
        }

        Assert.All(packets, p => Assert.Equal(12 + opus.Length, p.Length));
        Assert.All(packets, p => Assert.Equal(opus, p[12..]));
        Assert.All(packets, p => Assert.Equal(0x80, p[0])); // V=2, no padding, extension or CSRC
        Assert.All(packets, p => Assert.Equal(111, p[1] & 0x7F));
        Assert.All(packets, p => Assert.Equal(0xA0D10u, BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(8))));
        Assert.Equal([true, false, false, false, true, false], packets.Select(p => (p[1] & 0x80) != 0));
        Assert.Equal([65535, 0, 1, 2, 3, 4], packets.Select(p => (int)BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(2))));
        var timestamps = packets.Select(p => BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4))).ToArray();
        Assert.Equal(unchecked(4_294_967_000u + 48_000u), timestamps[0]); // 1 s of 90 kHz = 48,000 ticks at 48 kHz, wrapped
        Assert.All(timestamps.Zip(timestamps.Skip(1)).Take(3), t => Assert.Equal(960u, unchecked(t.Second - t.First)));
        Assert.Equal(unchecked(4_294_967_000u + 80_000u), timestamps[4]);
        Assert.Equal((6u, 6u * 4), (packetizer.Packets, packetizer.Octets));
        Assert.Equal(timestamps[5], packetizer.RtpTimestamp(151_800));
    }

    [Fact]
    public void An_answer_for_a_camera_with_opus_sends_audio_in_the_bundle_with_the_offers_payload_type_and_one_stream()
    {
        var negotiated = SendOnlyAnswer.Create(SessionDescription.Parse(Offers.Chromium()), Local with { SendsOpus = true });
        var audio = Assert.IsType<NegotiatedAudio>(negotiated.Audio);
        Assert.Equal(("0", 111), (audio.Mid, audio.PayloadType));
        Assert.NotEqual(Local.VideoSsrc, audio.Ssrc);
        Assert.NotEqual(0u, audio.Ssrc);

        var answer = SessionDescription.Parse(negotiated.AnswerSdp);
        Assert.Equal("BUNDLE 0 1", answer.Attribute("group"));
        var (a, v) = (answer.Media[0], answer.Media[1]);
        Assert.Equal(("audio", 50000), (a.Kind, a.Port));
        Assert.Equal(["111"], a.Formats);
        Assert.Equal("0", a.Mid);
        Assert.Contains(a.Attributes, x => x.Name == "sendonly");
        Assert.DoesNotContain(a.Attributes, x => x.Name is "recvonly" or "sendrecv" or "inactive");
        Assert.Contains(a.Attributes, x => x.Name == "rtcp-mux");
        Assert.Equal("111 opus/48000/2", a.Attribute("rtpmap"));
        Assert.Equal(("passive", "sha-256 11:22", "lufr"), (a.Attribute("setup"), a.Attribute("fingerprint"), a.Attribute("ice-ufrag")));
        // One stream (a=msid) and one CNAME for both: the display plays them as one, in sync.
        Assert.Equal("smarthomecam audio", a.Attribute("msid"));
        Assert.Equal("smarthomecam video", v.Attribute("msid"));
        Assert.Contains($"{audio.Ssrc} cname:cam", a.AttributeValues("ssrc"));
        Assert.Contains($"{Local.VideoSsrc} cname:cam", v.AttributeValues("ssrc"));
        Assert.Single(a.AttributeValues("candidate"));
        Assert.Equal(108, negotiated.PayloadType); // the video is answered as before
        Assert.Contains(v.Attributes, x => x.Name == "sendonly");
    }

    [Fact]
    public void Without_opus_at_the_camera_or_in_the_offer_the_audio_section_stays_rejected()
    {
        var chromium = Offers.Chromium();
        var cases = new (string Offer, AnswerParameters Local, string Why)[]
        {
            (chromium, Local, "an AAC or silent camera"),
            (chromium.Replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 opus/48000/1", StringComparison.Ordinal), Local with { SendsOpus = true }, "no opus/48000/2"),
            (chromium.Replace("a=mid:0\r\na=recvonly", "a=mid:0\r\na=sendonly", StringComparison.Ordinal), Local with { SendsOpus = true }, "a display that only sends audio"),
            (chromium.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1", StringComparison.Ordinal), Local with { SendsOpus = true }, "audio outside the video's BUNDLE group"),
        };
        foreach (var (offer, local, why) in cases)
        {
            var negotiated = SendOnlyAnswer.Create(SessionDescription.Parse(offer), local);
            Assert.True(negotiated.Audio is null, why);
            var answer = SessionDescription.Parse(negotiated.AnswerSdp);
            Assert.Equal("BUNDLE 1", answer.Attribute("group"));
            Assert.Equal(0, answer.Media[0].Port);
            Assert.Contains(answer.Media[0].Attributes, x => x.Name == "inactive");
            Assert.NotEqual(0, answer.Media[1].Port);
        }
    }

    [Fact]
    public void Malformed_or_oversized_opus_is_dropped_before_any_viewer_sees_it()
    {
        var broadcaster = new AudioBroadcaster();
        broadcaster.Publish([0xF8, 1, 2, 3], 1800); // no viewer: nothing to copy
        broadcaster.Publish([], 3600);
        broadcaster.Publish([0xF9, 1], 5400); // code 1 with an odd body
        broadcaster.Publish(new byte[AudioBroadcaster.MaxPayload + 1], 7200);
        Assert.Equal(3, broadcaster.Dropped);
    }
}
