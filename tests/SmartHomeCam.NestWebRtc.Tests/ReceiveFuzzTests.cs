using CsCheck;
using SmartHomeCam.WebRtc.Srtp;
using SmartHomeCam.WebRtc.Stun;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>Random and truncated STUN, SRTP and RTP input: each layer refuses it without throwing.</summary>
public sealed class ReceiveFuzzTests
{
    [Fact]
    public void Random_stun_is_refused_or_parsed_without_throwing() =>
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            if (bytes.Length >= 8)
            {
                bytes[0] &= 0x03;
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), StunConstants.MagicCookie);
            }

            if (StunMessage.TryParse(bytes, out var message))
            {
                _ = message.Username;
                _ = message.VerifyIntegrity("key"u8);
                _ = message.VerifyFingerprint();
                _ = message.XorMappedAddress;
            }
        }, iter: 5000);

    [Fact]
    public void Random_srtp_and_srtcp_are_refused() =>
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            using var srtp = new SrtpContext(new byte[16], new byte[14]);
            if (bytes.Length > 0)
            {
                bytes[0] = (byte)(0x80 | (bytes[0] & 0x3F));
            }

            Assert.Equal(-1, srtp.UnprotectRtp(bytes.ToArray()));
            Assert.Equal(-1, srtp.UnprotectRtcp(bytes.ToArray()));
        }, iter: 3000);

    [Fact]
    public void Random_rtp_into_the_receive_track_throws_nothing_and_stays_bounded()
    {
        var frames = 0;
        using var track = new SmartHomeCam.WebRtc.Receive.H264ReceiveTrack(new SmartHomeCam.Media.Rtp.RtpSessionClock(), (_, _, _) => frames++);
        var arrival = TimeSpan.Zero;
        Gen.Byte.Array[0, 1400].Sample(bytes =>
        {
            if (bytes.Length > 1)
            {
                bytes[0] = (byte)(0x80 | (bytes[0] & 0x0F));
            }

            arrival += TimeSpan.FromMilliseconds(1);
            track.Push(bytes, arrival);
        }, iter: 5000, threads: 1); // one track is fed by one receive loop, never concurrently
        Assert.True(track.Frames == frames);
    }
}
