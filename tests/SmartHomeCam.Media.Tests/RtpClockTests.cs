using SmartHomeCam.Media.Rtp;
using static SmartHomeCam.Media.Tests.RtpPacketsForTests;

namespace SmartHomeCam.Media.Tests;

/// <summary>RTP time to one monotonic 90 kHz clock: 32-bit wrap, other clock rates, SR alignment; packet parsing.</summary>
public sealed class RtpClockTests
{
    [Fact]
    public void Timestamps_wrap_past_32_bits_without_a_jump()
    {
        var clock = new RtpSessionClock();
        var video = clock.AddTrack(90000);
        var first = uint.MaxValue - 3600;
        Assert.Equal(0, clock.ToPts(video, first, 0));
        Assert.Equal(3600, clock.ToPts(video, first + 3600, 0));
        Assert.Equal(7200, clock.ToPts(video, unchecked(first + 7200), 0)); // wrapped
    }

    [Fact]
    public void Audio_clock_rates_scale_to_90k_and_never_step_back()
    {
        var clock = new RtpSessionClock();
        var audio = clock.AddTrack(44100);
        Assert.Equal(0, clock.ToPts(audio, 1000, 0));
        Assert.Equal(1024L * 90000 / 44100, clock.ToPts(audio, 2024, 0));
        Assert.Equal((1024L * 90000 / 44100) + 1, clock.ToPts(audio, 1500, 0)); // a step back is held just after
    }

    [Fact]
    public void Sender_reports_align_a_second_track_to_the_first()
    {
        var clock = new RtpSessionClock();
        var video = clock.AddTrack(90000);
        var audio = clock.AddTrack(48000);
        const ulong ntp = 1000UL << 32; // 1000 s
        clock.OnSenderReport(video, ntp, 500_000);
        clock.OnSenderReport(audio, ntp, 7_000);
        Assert.Equal(0, clock.ToPts(video, 500_000, 0));

        // Audio sample 0.5 s after the SR instant plays 0.5 s after the video's SR frame, whatever its arrival.
        Assert.Equal(45000, clock.ToPts(audio, 7_000 + 24_000, arrival90k: 999_999));
    }

    [Fact]
    public void Without_sender_reports_arrival_places_the_second_track()
    {
        var clock = new RtpSessionClock();
        var video = clock.AddTrack(90000);
        var audio = clock.AddTrack(48000);
        Assert.Equal(0, clock.ToPts(video, 123, arrival90k: 10_000));
        Assert.Equal(9000, clock.ToPts(audio, 55, arrival90k: 19_000));
    }

    [Fact]
    public void Rtp_header_with_csrc_extension_and_padding_is_skipped()
    {
        byte[] packet =
        [
            0xB1, 0xE0, 0x00, 0x05, 0, 0, 0x0E, 0x10, 0, 0, 0, 7, // V2, P, X, CC=1; M, PT 96
            0, 0, 0, 9, // CSRC
            0xBE, 0xDE, 0x00, 0x01, 1, 2, 3, 4, // extension, one word
            0x65, 0xAA, // payload
            0, 0, 3, // padding of 3
        ];
        Assert.True(RtpPacket.TryParse(packet, out var rtp));
        Assert.True(rtp.Marker);
        Assert.Equal(96, rtp.PayloadType);
        Assert.Equal(5, rtp.SequenceNumber);
        Assert.Equal(3600u, rtp.Timestamp);
        Assert.Equal([0x65, 0xAA], rtp.Payload.ToArray());
    }

    [Fact]
    public void Random_and_truncated_rtp_never_throws()
    {
        var random = new Random(3551);
        var valid = Packet(1, 2, true, [0x65, 1, 2, 3]);
        for (var i = 0; i < 20000; i++)
        {
            var data = i % 2 == 0 ? valid[..random.Next(valid.Length + 1)] : new byte[random.Next(100)];
            if (i % 2 == 1)
            {
                random.NextBytes(data);
            }

            if (RtpPacket.TryParse(data, out var packet))
            {
                Assert.True(packet.Payload.Length <= data.Length);
            }
        }
    }
}
