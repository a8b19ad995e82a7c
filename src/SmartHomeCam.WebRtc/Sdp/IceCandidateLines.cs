using System.Net;
using System.Text;

namespace SmartHomeCam.WebRtc.Sdp;

/// <summary>
/// The a=candidate lines of an answer: UDP host candidates on the shared port, then ICE-TCP passive host candidates
/// (RFC 6544 §4.5) ranked below every UDP candidate so the display uses TCP only when UDP fails.
/// </summary>
public static class IceCandidateLines
{
    // RFC 8445 §5.1.2.1: priority = 2^24·type preference + 2^8·local preference + (256 − component). Host = 126;
    // RFC 6544 §4.2 asks for TCP below UDP, so TCP host gets a type preference below even server-reflexive UDP (100).
    private const uint UdpHostTypePreference = 126;
    private const uint TcpHostTypePreference = 90;

    // RFC 6544 §4.2: local preference = 2^13·direction preference + other preference; passive host = 4.
    private const uint PassiveDirectionPreference = 4;

    public static void Append(StringBuilder sdp, IReadOnlyList<IPEndPoint> udp, IReadOnlyList<IPEndPoint>? tcp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        ArgumentNullException.ThrowIfNull(udp);
        for (var i = 0; i < udp.Count; i++)
        {
            // Earlier listed (public addresses first) ranks higher.
            var priority = (UdpHostTypePreference << 24) | ((uint)(65535 - i) << 8) | 255u;
            Line(sdp, $"a=candidate:{i + 1} 1 udp {priority} {udp[i].Address} {udp[i].Port} typ host");
        }

        for (var i = 0; tcp is not null && i < tcp.Count; i++)
        {
            var local = (PassiveDirectionPreference << 13) | (uint)(8191 - Math.Min(i, 8191));
            var priority = (TcpHostTypePreference << 24) | (local << 8) | 255u;
            // A foundation differs by transport (RFC 8445 §5.1.1.3), so it never equals a UDP one.
            Line(sdp, $"a=candidate:{udp.Count + i + 1} 1 tcp {priority} {tcp[i].Address} {tcp[i].Port} typ host tcptype passive");
        }
    }

    private static void Line(StringBuilder s, string line) => s.Append(line).Append("\r\n");
}
