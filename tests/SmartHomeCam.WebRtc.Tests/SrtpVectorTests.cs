using System.Buffers.Binary;
using System.Security.Cryptography;
using SmartHomeCam.WebRtc.Srtp;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>RFC 3711 Appendix B test vectors (key derivation and the AES-CM keystream), then protect/unprotect behaviour.</summary>
public class SrtpVectorTests
{
    [Fact]
    public void Key_derivation_matches_RFC3711_B3()
    {
        var masterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
        var masterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");
        var cipherKey = new byte[16];
        var cipherSalt = new byte[14];
        var authKey = new byte[94];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryption, cipherKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSalt, cipherSalt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthentication, authKey);
        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(cipherKey));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(cipherSalt));
        Assert.Equal(
            "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCEE049646C43D9327AD175578EF7227098" +
            "6371C10C9A369AC2F94A8C5FBCDDDC256D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2",
            Convert.ToHexString(authKey));
    }

    [Fact]
    public void Keystream_matches_RFC3711_B2()
    {
        using var aes = new AesCounterMode(Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"));
        var iv = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var stream = new byte[48];
        aes.Keystream(iv, stream);
        Assert.Equal(
            "E03EAD0935C95E80E166B16DD92B4EB4D23513162B02D0F72A43A2FE4A5F97AB41E95B3BB0A2E8DD477901E4FCA894C0",
            Convert.ToHexString(stream));
    }

    [Fact]
    public void Protect_then_unprotect_restores_the_packet_and_rejects_replays_and_tampering()
    {
        var (key, salt) = Master();
        using var sender = new SrtpContext(key, salt);
        using var receiver = new SrtpContext(key, salt);
        var rtp = Rtp(sequence: 65530, payload: 300);
        for (var n = 0; n < 20; n++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), (ushort)(65530 + n)); // crosses the wrap: ROC 0 → 1
            var buffer = new byte[rtp.Length + SrtpContext.TagLength];
            rtp.CopyTo(buffer, 0);
            var length = sender.ProtectRtp(buffer, rtp.Length);
            Assert.NotEqual(rtp.AsSpan(12).ToArray(), buffer.AsSpan(12, rtp.Length - 12).ToArray());
            var replay = (byte[])buffer.Clone();
            var tampered = (byte[])buffer.Clone();
            tampered[40] ^= 1;
            Assert.Equal(-1, receiver.UnprotectRtp(tampered.AsSpan(0, length)));
            Assert.Equal(rtp.Length, receiver.UnprotectRtp(buffer.AsSpan(0, length)));
            Assert.Equal(rtp, buffer.AsSpan(0, rtp.Length).ToArray());
            Assert.Equal(-1, receiver.UnprotectRtp(replay.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Srtcp_round_trips_and_rejects_replays()
    {
        var (key, salt) = Master();
        using var sender = new SrtpContext(key, salt);
        using var receiver = new SrtpContext(key, salt);
        var rtcp = new byte[28 + SrtpContext.SrtcpTrailerLength];
        var plain = Rtcp.RtcpWriter.SenderReport(rtcp, 0x1234, DateTimeOffset.UtcNow, 90000, 10, 1000);
        var original = rtcp.AsSpan(0, plain).ToArray();
        var length = sender.ProtectRtcp(rtcp, plain);
        var replay = rtcp.AsSpan(0, length).ToArray();
        Assert.Equal(plain, receiver.UnprotectRtcp(rtcp.AsSpan(0, length)));
        Assert.Equal(original, rtcp.AsSpan(0, plain).ToArray());
        Assert.Equal(-1, receiver.UnprotectRtcp(replay));
    }

    [Fact]
    public void Unprotect_with_other_keys_fails()
    {
        var (key, salt) = Master();
        using var sender = new SrtpContext(key, salt);
        key[0] ^= 1;
        using var receiver = new SrtpContext(key, salt);
        var rtp = Rtp(1, 100);
        var buffer = new byte[rtp.Length + SrtpContext.TagLength];
        rtp.CopyTo(buffer, 0);
        var length = sender.ProtectRtp(buffer, rtp.Length);
        Assert.Equal(-1, receiver.UnprotectRtp(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void Replay_window_accepts_late_packets_within_64_and_refuses_older()
    {
        var window = new ReplayWindow();
        window.Accept(100);
        Assert.True(window.Check(99));
        Assert.True(window.Check(37));
        Assert.False(window.Check(36));
        Assert.False(window.Check(100));
        window.Accept(99);
        Assert.False(window.Check(99));
        Assert.True(window.Check(1000));
    }

    internal static (byte[] Key, byte[] Salt) Master() =>
        (RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(14));

    internal static byte[] Rtp(ushort sequence, int payload)
    {
        var packet = new byte[12 + payload];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 123456);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0xCAFEBABE);
        Random.Shared.NextBytes(packet.AsSpan(12));
        return packet;
    }
}
