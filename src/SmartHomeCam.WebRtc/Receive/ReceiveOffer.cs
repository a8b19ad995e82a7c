using System.Globalization;
using System.Net;
using System.Text;

namespace SmartHomeCam.WebRtc.Receive;

/// <summary>
/// The complete, non-trickle offer of a receive-only peer as Google's SDM wants it (nest-sdm §5): audio, video and
/// application m-lines in that order, audio and video <c>recvonly</c>, one data channel, BUNDLE + rtcp-mux, H.264
/// packetization-mode 1 in several profiles, Opus, and every host candidate already in the text.
/// </summary>
public static class ReceiveOffer
{
    /// <summary>H.264 payload types we offer with their profile-level-id: baseline, constrained baseline, main, high.</summary>
    public static IReadOnlyList<(int PayloadType, string ProfileLevelId)> H264Profiles { get; } =
    [
        (102, "42e01f"),
        (104, "42001f"),
        (106, "4d001f"),
        (108, "64001f"),
    ];

    public const int OpusPayloadType = 111;

    public static string Build(string ufrag, string password, string fingerprint, IReadOnlyList<IPEndPoint> candidates, ulong sessionId)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder(2048);
        b.Append("v=0\r\n");
        b.Append(inv, $"o=- {sessionId} 2 IN IP4 127.0.0.1\r\n");
        b.Append("s=-\r\nt=0 0\r\na=group:BUNDLE 0 1 2\r\na=msid-semantic: WMS\r\n");
        var port = candidates.Count > 0 ? candidates[0].Port : 9;

        b.Append(inv, $"m=audio {port} UDP/TLS/RTP/SAVPF {OpusPayloadType}\r\n");
        Transport(b, "0", ufrag, password, fingerprint, candidates);
        b.Append("a=recvonly\r\na=rtcp-mux\r\n");
        b.Append(inv, $"a=rtpmap:{OpusPayloadType} opus/48000/2\r\na=fmtp:{OpusPayloadType} minptime=10;useinbandfec=1\r\n");

        b.Append(inv, $"m=video {port} UDP/TLS/RTP/SAVPF {string.Join(' ', H264Profiles.Select(p => p.PayloadType))}\r\n");
        Transport(b, "1", ufrag, password, fingerprint, candidates);
        b.Append("a=recvonly\r\na=rtcp-mux\r\na=rtcp-rsize\r\n");
        foreach (var (pt, profile) in H264Profiles)
        {
            b.Append(inv, $"a=rtpmap:{pt} H264/90000\r\n");
            b.Append(inv, $"a=rtcp-fb:{pt} nack pli\r\na=rtcp-fb:{pt} ccm fir\r\n");
            b.Append(inv, $"a=fmtp:{pt} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={profile}\r\n");
        }

        b.Append(inv, $"m=application {port} UDP/DTLS/SCTP webrtc-datachannel\r\n");
        Transport(b, "2", ufrag, password, fingerprint, candidates);
        b.Append("a=sctp-port:5000\r\na=max-message-size:262144\r\n");
        return b.ToString();
    }

    private static void Transport(StringBuilder b, string mid, string ufrag, string password, string fingerprint, IReadOnlyList<IPEndPoint> candidates)
    {
        var inv = CultureInfo.InvariantCulture;
        var first = candidates.Count > 0 ? candidates[0].Address : IPAddress.Any;
        b.Append(inv, $"c=IN {(first.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4")} {first}\r\n");
        b.Append(inv, $"a=mid:{mid}\r\n");
        b.Append(inv, $"a=ice-ufrag:{ufrag}\r\na=ice-pwd:{password}\r\n");
        b.Append(inv, $"a=fingerprint:sha-256 {fingerprint}\r\na=setup:actpass\r\n");
        for (var i = 0; i < candidates.Count; i++)
        {
            // RFC 8445 §5.1.2.1 with type preference 126 (host) and a local preference falling per interface.
            var priority = (126u << 24) | ((uint)(65535 - i) << 8) | 255u;
            b.Append(inv, $"a=candidate:{i + 1} 1 udp {priority} {candidates[i].Address} {candidates[i].Port} typ host\r\n");
        }

        b.Append("a=end-of-candidates\r\n");
    }
}
