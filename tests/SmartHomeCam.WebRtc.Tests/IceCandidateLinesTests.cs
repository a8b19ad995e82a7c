using System.Globalization;
using System.Net;
using System.Text;
using SmartHomeCam.WebRtc.Sdp;

namespace SmartHomeCam.WebRtc.Tests;

public class IceCandidateLinesTests
{
    [Fact]
    public void Tcp_candidates_are_passive_host_candidates_ranked_below_every_udp_one()
    {
        var sdp = new StringBuilder();
        IceCandidateLines.Append(
            sdp,
            [new IPEndPoint(IPAddress.Parse("203.0.113.7"), 8189), new IPEndPoint(IPAddress.Parse("192.168.1.5"), 8189)],
            [new IPEndPoint(IPAddress.Parse("203.0.113.7"), 8190), new IPEndPoint(IPAddress.Parse("192.168.1.5"), 8190)]);
        var lines = sdp.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();

        Assert.Equal(4, lines.Count);
        Assert.Equal(["udp", "udp", "tcp", "tcp"], lines.Select(l => l[2]));
        Assert.All(lines.Where(l => l[2] == "tcp"), l => Assert.Equal(["typ", "host", "tcptype", "passive"], l[6..]));
        Assert.Equal("8190", lines[2][5]);
        var priorities = lines.Select(l => uint.Parse(l[3], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(priorities.OrderDescending(), priorities);
        Assert.Equal(4, lines.Select(l => l[0]).Distinct().Count()); // foundations differ by transport and address
    }

    [Fact]
    public void Without_tcp_only_udp_lines_are_written()
    {
        var sdp = new StringBuilder();
        IceCandidateLines.Append(sdp, [new IPEndPoint(IPAddress.Loopback, 5000)], null);
        Assert.Equal("a=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host\r\n", sdp.ToString());
    }
}
