using System.Net;
using System.Net.Sockets;

namespace SmartHomeCam.Rtsp;

/// <summary>
/// An RTP/RTCP socket pair on consecutive ports, RTP even (RFC 3550 §11), bound on all interfaces of the server's
/// address family. Our receiver reports leave from the RTCP socket, so they come from the port we announced.
/// </summary>
internal sealed class UdpPortPair : IDisposable
{
    private UdpPortPair(Socket rtp, Socket rtcp)
    {
        Rtp = rtp;
        Rtcp = rtcp;
    }

    public Socket Rtp { get; }

    public Socket Rtcp { get; }

    public int RtpPort => ((IPEndPoint)Rtp.LocalEndPoint!).Port;

    public static UdpPortPair Open(AddressFamily family)
    {
        var any = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var rtp = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                rtp.Bind(new IPEndPoint(any, 0));
                var port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
                if (port % 2 != 0 || port == 65534)
                {
                    rtp.Dispose();
                    continue;
                }

                var rtcp = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    rtcp.Bind(new IPEndPoint(any, port + 1));
                }
                catch (SocketException)
                {
                    rtcp.Dispose();
                    rtp.Dispose();
                    continue;
                }

                // Room for bursts of a 1080p IDR while the reader is busy.
                rtp.ReceiveBufferSize = 2 * 1024 * 1024;
                return new UdpPortPair(rtp, rtcp);
            }
            catch (SocketException)
            {
                rtp.Dispose();
                throw;
            }
        }

        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }

    public void Dispose()
    {
        Rtp.Dispose();
        Rtcp.Dispose();
    }
}
