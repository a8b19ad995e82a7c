using System.Net;
using System.Text;
using SmartHomeCam.WebRtc.Stun;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>
/// RFC 5769 test vectors (Copyright (c) 2010 IETF Trust and the persons identified as the document authors,
/// Simplified BSD License): a short-term-credential Binding request and an IPv4 response.
/// </summary>
public class StunVectorTests
{
    private const string Password = "VOkJxbRl1RmTxUk/WvJxBt";

    private static readonly byte[] SampleRequest = Hex.Bytes("""
        00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
        00 24 00 04 6e 00 01 ff
        80 29 00 08 93 2f f9 b1 51 26 3b 36
        00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
        00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
        80 28 00 04 e5 7a 3b cf
        """);

    private static readonly byte[] SampleIpv4Response = Hex.Bytes("""
        01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 08 00 01 a1 47 e1 12 a6 43
        00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
        80 28 00 04 c0 7d 4c 96
        """);

    [Fact]
    public void Sample_request_parses_and_its_integrity_and_fingerprint_check()
    {
        Assert.True(StunMessage.TryParse(SampleRequest, out var message));
        Assert.Equal(StunConstants.BindingRequest, message.Type);
        Assert.Equal("evtj:h6vY", message.Username);
        Assert.True(message.Has(StunConstants.IceControlled));
        Assert.False(message.Has(StunConstants.UseCandidate));
        Assert.True(message.VerifyIntegrity(Encoding.UTF8.GetBytes(Password)));
        Assert.False(message.VerifyIntegrity(Encoding.UTF8.GetBytes("wrong password")));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Sample_ipv4_response_gives_its_mapped_address()
    {
        Assert.True(StunMessage.TryParse(SampleIpv4Response, out var message));
        Assert.Equal(StunConstants.BindingSuccess, message.Type);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), message.XorMappedAddress);
        Assert.True(message.VerifyIntegrity(Encoding.UTF8.GetBytes(Password)));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void A_written_response_reproduces_the_vector_address_and_checks_out()
    {
        var transaction = SampleIpv4Response.AsSpan(8, 12).ToArray();
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunConstants.BindingSuccess, transaction);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(Password));
        writer.AddFingerprint();
        var written = writer.Written.ToArray();

        // The XOR-MAPPED-ADDRESS attribute is byte-identical to the RFC's.
        Assert.True(written.AsSpan().IndexOf(Hex.Bytes("00 20 00 08 00 01 a1 47 e1 12 a6 43")) >= 0);
        Assert.True(StunMessage.TryParse(written, out var parsed));
        Assert.True(parsed.VerifyIntegrity(Encoding.UTF8.GetBytes(Password)));
        Assert.True(parsed.VerifyFingerprint());
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), parsed.XorMappedAddress);
    }

    [Fact]
    public void An_ipv6_address_round_trips()
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunConstants.BindingSuccess, new byte[12]);
        var endPoint = new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        writer.AddXorMappedAddress(endPoint);
        Assert.True(StunMessage.TryParse(writer.Written, out var parsed));
        Assert.Equal(endPoint, parsed.XorMappedAddress);
    }

    [Fact]
    public void Any_flipped_bit_fails_integrity_or_fingerprint()
    {
        for (var i = 20; i < SampleRequest.Length; i++)
        {
            var copy = (byte[])SampleRequest.Clone();
            copy[i] ^= 0x04;
            if (StunMessage.TryParse(copy, out var message))
            {
                Assert.False(message.VerifyIntegrity(Encoding.UTF8.GetBytes(Password)) && message.VerifyFingerprint(), $"byte {i}");
            }
        }
    }
}
