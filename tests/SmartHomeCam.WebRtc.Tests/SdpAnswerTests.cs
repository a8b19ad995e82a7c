using System.Net;
using SmartHomeCam.WebRtc.Sdp;

namespace SmartHomeCam.WebRtc.Tests;

public class SdpAnswerTests
{
    private static readonly AnswerParameters Local = new(
        "lufr", "localpasswordlocalpassword", "11:22", [new IPEndPoint(IPAddress.Loopback, 50000), new IPEndPoint(IPAddress.Parse("203.0.113.9"), 50000)],
        0xDEADBEEF, "cam", "640028");

    [Fact]
    public void Chromium_offer_gets_a_sendonly_bundled_answer_with_every_candidate()
    {
        var negotiated = SendOnlyAnswer.Create(SessionDescription.Parse(Offers.Chromium()), Local);
        Assert.Equal("1", negotiated.Mid);
        Assert.Equal(108, negotiated.PayloadType); // the High-profile format, matching the SPS
        Assert.Equal("Ab3d", negotiated.RemoteUfrag);
        Assert.Equal(32, negotiated.RemoteFingerprint.Length);

        var answer = SessionDescription.Parse(negotiated.AnswerSdp);
        Assert.Equal("1", answer.Attribute("group")!.Split(' ')[^1]);
        Assert.Equal("BUNDLE 1", answer.Attribute("group"));
        Assert.NotNull(answer.Attributes.Find(a => a.Name == "ice-lite"));
        Assert.Equal(2, answer.Media.Count);
        Assert.Equal(0, answer.Media[0].Port); // audio rejected: video only
        var video = answer.Media[1];
        Assert.Equal(["108"], video.Formats);
        Assert.Contains(video.Attributes, a => a.Name == "sendonly");
        Assert.DoesNotContain(video.Attributes, a => a.Name == "sendrecv");
        Assert.Contains(video.Attributes, a => a.Name == "rtcp-mux");
        Assert.Equal("passive", video.Attribute("setup"));
        Assert.Equal("sha-256 11:22", video.Attribute("fingerprint"));
        Assert.Contains("profile-level-id=640028", video.Attribute("fmtp"), StringComparison.Ordinal);
        Assert.Contains("packetization-mode=1", video.Attribute("fmtp"), StringComparison.Ordinal);
        Assert.Equal(2, video.AttributeValues("candidate").Count());
        Assert.Contains(video.Attributes, a => a.Name == "end-of-candidates");
        Assert.Contains(negotiated.AnswerSdp.Split("\r\n"), l => l == "a=candidate:2 1 udp 2130706175 203.0.113.9 50000 typ host");
    }

    [Fact]
    public void Google_offer_with_session_level_credentials_and_foundationless_candidate_is_answered()
    {
        var negotiated = SendOnlyAnswer.Create(SessionDescription.Parse(Offers.Google()), Local with { ProfileLevelId = null });
        Assert.Equal("v", negotiated.Mid);
        Assert.Equal(126, negotiated.PayloadType);
        Assert.Equal("GoOg", negotiated.RemoteUfrag);
        var answer = SessionDescription.Parse(negotiated.AnswerSdp);
        Assert.Equal(["audio", "video", "application"], answer.Media.Select(m => m.Kind));
        Assert.Equal([0, 50000, 0], answer.Media.Select(m => m.Port));
        Assert.Equal(["a", "v", "d"], answer.Media.Select(m => m.Mid));
        Assert.Contains("profile-level-id=42e01f", answer.Media[1].Attribute("fmtp"), StringComparison.Ordinal);

        // A High-profile camera, but the peer offered only Constrained Baseline: the answer keeps the offered profile.
        var high = SendOnlyAnswer.Create(SessionDescription.Parse(Offers.Google()), Local);
        Assert.Contains("profile-level-id=42e01f", SessionDescription.Parse(high.AnswerSdp).Media[1].Attribute("fmtp"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-h264")]
    [InlineData("trickle")]
    [InlineData("no-fingerprint")]
    [InlineData("sendonly")]
    [InlineData("no-mux")]
    public void Offers_we_cannot_serve_are_refused_with_a_reason(string flaw)
    {
        var offer = flaw switch
        {
            "no-h264" => Offers.Chromium().Replace("H264/90000", "H265/90000", StringComparison.Ordinal),
            "trickle" => Offers.Chromium(withCandidates: false),
            "no-fingerprint" => Offers.Chromium().Replace("a=fingerprint:", "a=x-fingerprint:", StringComparison.Ordinal),
            "sendonly" => Offers.Chromium().Replace("a=recvonly", "a=sendonly", StringComparison.Ordinal),
            _ => Offers.Chromium().Replace("a=rtcp-mux\r\n", "", StringComparison.Ordinal),
        };
        var error = Assert.Throws<SdpException>(() => SendOnlyAnswer.Create(SessionDescription.Parse(offer), Local));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("v=1\r\n")]
    [InlineData("v=0\r\nm=video x UDP 1\r\n")]
    public void Malformed_sdp_throws_SdpException(string text) =>
        Assert.Throws<SdpException>(() => SessionDescription.Parse(text));
}
