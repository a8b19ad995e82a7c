using CsCheck;
using SmartHomeCam.WebRtc.Rtcp;
using SmartHomeCam.WebRtc.Sdp;
using SmartHomeCam.WebRtc.Srtp;
using SmartHomeCam.WebRtc.Stun;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>Random and truncated input never throws out of the packet parsers; SDP throws only SdpException.</summary>
public class ParserFuzzTests
{
    private static readonly Gen<byte[]> Packets = Gen.Byte.Array[0, 1500];

    [Fact]
    public void Stun_parser_survives_random_and_mutated_input()
    {
        var valid = Hex.Bytes("00 01 00 08 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae 00 25 00 00 80 28 00 04 e5 7a 3b cf".Replace("00 25 00 00 ", "00 25 00 00 ", StringComparison.Ordinal));
        Gen.Select(Packets, Gen.Int[0, 1500], Gen.Byte).Sample((random, cut, flip) =>
        {
            Exercise(random);
            var mutated = (byte[])valid.Clone();
            mutated[cut % mutated.Length] ^= flip;
            Exercise(mutated.AsSpan(0, cut % (mutated.Length + 1)).ToArray());
        }, iter: 5000, threads: 1);

        static void Exercise(byte[] data)
        {
            if (StunMessage.TryParse(data, out var m))
            {
                _ = m.Username;
                _ = m.XorMappedAddress;
                _ = m.VerifyIntegrity([1, 2, 3]);
                _ = m.VerifyFingerprint();
            }
        }
    }

    [Fact]
    public void Srtp_and_rtcp_parsers_survive_random_input()
    {
        var (key, salt) = SrtpVectorTests.Master();
        using var context = new SrtpContext(key, salt);
        var handler = new RtcpTests.Recorder();
        Packets.Sample(data =>
        {
            Assert.Equal(-1, context.UnprotectRtp((byte[])data.Clone()) is var n && n >= 0 ? -1 : n); // a random tag never verifies
            Assert.True(context.UnprotectRtcp((byte[])data.Clone()) < 0);
            _ = RtcpReader.Read(data, handler);
            _ = SrtpContext.RtpHeaderLength(data);
        }, iter: 5000, threads: 1);
    }

    [Fact]
    public void Sdp_parser_throws_only_SdpException()
    {
        var good = Offers.Chromium();
        Gen.Select(Gen.Int[0, good.Length], Gen.Int[0, good.Length], Gen.Char).Sample((a, b, c) =>
        {
            var text = good[..Math.Min(a, b)] + c + good[Math.Max(a, b)..];
            try
            {
                var offer = SessionDescription.Parse(text);
                _ = SendOnlyAnswer.Create(offer, new("u", "pppppppppppppppppppppp", "00", [], 1, "c", null));
            }
            catch (SdpException)
            {
                // refused with a reason: fine
            }
        }, iter: 3000, threads: 1);
    }
}
