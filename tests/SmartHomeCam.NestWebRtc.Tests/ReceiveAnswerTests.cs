using CsCheck;
using SmartHomeCam.WebRtc.Receive;
using SmartHomeCam.WebRtc.Sdp;

namespace SmartHomeCam.NestWebRtc.Tests;

public sealed class ReceiveAnswerTests
{
    /// <summary>An answer shaped like Google's (nest-sdm §5): ice-lite, foundation-less candidates incl. tcp and ssltcp, two H.264 PTs, RTX, sendrecv.</summary>
    internal const string GoogleLikeAnswer =
        "v=0\r\no=- 0 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1 2\r\na=msid-semantic: WMS virtual-6666\r\na=ice-lite\r\n" +
        "m=audio 19305 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 74.125.247.118\r\na=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=candidate: 1 udp 2113939711 2001:4860:4864:4::118 19305 typ host generation 0\r\n" +
        "a=candidate: 1 tcp 2113939710 2001:4860:4864:4::118 19305 typ host tcptype passive generation 0\r\n" +
        "a=candidate: 1 ssltcp 2113939709 2001:4860:4864:4::118 443 typ host generation 0\r\n" +
        "a=candidate: 1 udp 2113932031 74.125.247.118 19305 typ host generation 0\r\n" +
        "a=candidate: 1 tcp 2113932030 74.125.247.118 19305 typ host tcptype passive generation 0\r\n" +
        "a=candidate: 1 ssltcp 2113932029 74.125.247.118 443 typ host generation 0\r\n" +
        "a=ice-ufrag:UUUUUUUUUUUUUUUU\r\na=ice-pwd:PPPPPPPPPPPPPPPPPPPPPPPP\r\n" +
        "a=fingerprint:sha-256 2A:0B:FE:AC:2C:B5:DD:1B:4C:1C:7D:13:0E:37:7A:B6:9D:A5:FF:3E:12:C2:48:71:AD:C3:69:38:BD:D8:E3:B7\r\n" +
        "a=setup:passive\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 126 127 97 98\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:UUUUUUUUUUUUUUUU\r\na=ice-pwd:PPPPPPPPPPPPPPPPPPPPPPPP\r\n" +
        "a=fingerprint:sha-256 2A:0B:FE:AC:2C:B5:DD:1B:4C:1C:7D:13:0E:37:7A:B6:9D:A5:FF:3E:12:C2:48:71:AD:C3:69:38:BD:D8:E3:B7\r\n" +
        "a=setup:passive\r\na=mid:1\r\na=sendrecv\r\na=rtcp-mux\r\n" +
        "a=rtpmap:126 H264/90000\r\na=rtcp-fb:126 nack pli\r\na=fmtp:126 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
        "a=rtpmap:127 H264/90000\r\na=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
        "a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=126\r\na=rtpmap:98 rtx/90000\r\na=fmtp:98 apt=127\r\n" +
        "m=application 9 DTLS/SCTP 5000\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=sctpmap:5000 webrtc-datachannel 1024\r\n";

    [Fact]
    public void Google_like_answer_parses_with_all_its_quirks()
    {
        var answer = ReceiveAnswer.Parse(GoogleLikeAnswer);
        Assert.True(answer.IceLite);
        Assert.Equal("passive", answer.Setup);
        Assert.Equal("UUUUUUUUUUUUUUUU", answer.IceUfrag);
        Assert.Equal("sha-256", answer.FingerprintAlgorithm);
        Assert.Equal(32, answer.Fingerprint.Length);
        Assert.Equal([126, 127], answer.H264PayloadTypes.Order());
        Assert.Equal([97, 98], answer.RtxPayloadTypes.Order());
        Assert.Equal(111, answer.OpusPayloadType);
        Assert.True(answer.HasApplication);
        // Only the UDP candidates, foundation-less as they are, each once.
        Assert.Equal(["[2001:4860:4864:4::118]:19305", "74.125.247.118:19305"], answer.Candidates.Select(c => c.ToString()));
    }

    [Theory]
    [InlineData("abc 1 udp 2113937151 192.0.2.5 5000 typ host", "192.0.2.5:5000")]
    [InlineData(" 1 udp 2113939711 192.0.2.6 19305 typ host", "192.0.2.6:19305")]
    [InlineData("1 1 UDP 2113939711 192.0.2.7 19305 typ host generation 0", "192.0.2.7:19305")]
    public void Candidates_parse_with_or_without_a_foundation(string line, string expected)
    {
        Assert.True(ReceiveAnswer.TryParseCandidate(line, out var endPoint));
        Assert.Equal(expected, endPoint.ToString());
    }

    [Theory]
    [InlineData(" 1 tcp 2113939710 192.0.2.6 19305 typ host tcptype passive")]
    [InlineData(" 1 ssltcp 2113939709 192.0.2.6 443 typ host")]
    [InlineData(" 2 udp 2113939711 192.0.2.6 19305 typ host")]
    [InlineData(" 1 udp 1 not-an-address 19305 typ host")]
    [InlineData(" 1 udp")]
    public void Tcp_rtcp_component_and_broken_candidates_are_skipped(string line) =>
        Assert.False(ReceiveAnswer.TryParseCandidate(line, out _));

    [Theory]
    [InlineData("a=fingerprint:sha-256", "a=fingerprint-gone:")]
    [InlineData("a=rtpmap:126 H264/90000", "a=rtpmap:126 VP8/90000")]
    public void Answer_without_what_we_need_fails_clearly(string from, string to)
    {
        var broken = GoogleLikeAnswer.Replace(from, to, StringComparison.Ordinal).Replace("a=rtpmap:127 H264/90000", "a=rtpmap:127 VP9/90000", StringComparison.Ordinal);
        Assert.Throws<SdpException>(() => ReceiveAnswer.Parse(broken));
    }

    [Fact]
    public void Fuzzed_answers_throw_nothing_but_SdpException()
    {
        Gen.Int[0, GoogleLikeAnswer.Length - 1].Array[1, 8].Select(Gen.Char.Array[1, 8]).Sample((cuts, junk) =>
        {
            var text = GoogleLikeAnswer;
            foreach (var cut in cuts)
            {
                var at = Math.Min(cut, text.Length - 1);
                text = text[..at] + new string(junk) + text[(at + Math.Min(3, text.Length - at))..];
            }

            try
            {
                ReceiveAnswer.Parse(text);
            }
            catch (SdpException)
            {
                // the clear refusal
            }
        }, iter: 3000);
    }
}
