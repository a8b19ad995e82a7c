using System.Net;
using SmartHomeCam.WebRtc.Receive;
using SmartHomeCam.WebRtc.Sdp;

namespace SmartHomeCam.NestWebRtc.Tests;

public sealed class ReceiveOfferTests
{
    private static readonly IPEndPoint[] Hosts = [new(IPAddress.Parse("192.0.2.10"), 50000), new(IPAddress.Loopback, 50000)];

    private static SessionDescription Offer() =>
        SessionDescription.Parse(ReceiveOffer.Build("ufrag1", "password-password-password", "AB:CD", Hosts, 42));

    [Fact]
    public void Offer_has_audio_video_application_in_that_order_bundled_with_rtcp_mux()
    {
        var offer = Offer();
        Assert.Equal(["audio", "video", "application"], offer.Media.Select(m => m.Kind));
        Assert.Equal("BUNDLE 0 1 2", offer.Attribute("group"));
        Assert.Equal("recvonly", offer.Media[0].Attributes.Single(a => a.Name is "recvonly" or "sendrecv" or "sendonly").Name);
        Assert.Equal("recvonly", offer.Media[1].Attributes.Single(a => a.Name is "recvonly" or "sendrecv" or "sendonly").Name);
        Assert.All(offer.Media.Take(2), m => Assert.Contains(m.Attributes, a => a.Name == "rtcp-mux"));
        Assert.Equal("webrtc-datachannel", offer.Media[2].Formats.Single());
        Assert.All(offer.Media, m => Assert.Equal("actpass", m.Attribute("setup")));
    }

    [Fact]
    public void Offer_lists_several_h264_profiles_in_packetization_mode_1_and_opus()
    {
        var offer = Offer();
        var video = offer.Media[1];
        var fmtps = video.AttributeValues("fmtp").ToList();
        Assert.True(fmtps.Count >= 3);
        Assert.All(fmtps, f => Assert.Contains("packetization-mode=1", f, StringComparison.Ordinal));
        Assert.Equal(fmtps.Count, fmtps.Select(f => f[f.IndexOf("profile-level-id=", StringComparison.Ordinal)..]).Distinct().Count());
        Assert.Contains(offer.Media[0].AttributeValues("rtpmap"), m => m.EndsWith("opus/48000/2", StringComparison.Ordinal));
    }

    [Fact]
    public void Offer_carries_every_host_candidate_and_no_trickle()
    {
        var text = ReceiveOffer.Build("u", "p", "AB", Hosts, 1);
        var offer = SessionDescription.Parse(text);
        var candidates = offer.Media[1].AttributeValues("candidate").ToList();
        Assert.Equal(2, candidates.Count);
        Assert.All(Hosts, h => Assert.Contains(candidates, c => c.Contains($"{h.Address} {h.Port} typ host", StringComparison.Ordinal)));
        Assert.DoesNotContain("trickle", text, StringComparison.Ordinal);
        Assert.Contains(offer.Media[1].Attributes, a => a.Name == "end-of-candidates");
    }
}
