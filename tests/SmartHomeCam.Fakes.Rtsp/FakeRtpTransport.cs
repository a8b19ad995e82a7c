using System.Net;
using System.Net.Sockets;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>Where one track's RTP and RTCP go: a UDP port pair of the server's, or two interleaved channels.</summary>
internal sealed class FakeRtpTransport : IDisposable
{
    private readonly Socket? _rtp;
    private readonly Socket? _rtcp;
    private readonly IPEndPoint? _clientRtp;
    private readonly IPEndPoint? _clientRtcp;
    private readonly FakeRtspConnection? _connection;
    private readonly CancellationTokenSource _stop = new();

    private FakeRtpTransport(Socket rtp, Socket rtcp, IPEndPoint clientRtp, IPEndPoint clientRtcp)
    {
        _rtp = rtp;
        _rtcp = rtcp;
        _clientRtp = clientRtp;
        _clientRtcp = clientRtcp;
    }

    private FakeRtpTransport(FakeRtspConnection connection, int channel)
    {
        _connection = connection;
        Channel = channel;
    }

    public int Channel { get; }

    public bool IsUdp => _rtp is not null;

    public int ServerRtpPort => ((IPEndPoint)_rtp!.LocalEndPoint!).Port;

    public static FakeRtpTransport Udp(IPAddress bind, IPAddress client, int clientRtpPort, int clientRtcpPort)
    {
        for (var attempt = 0; ; attempt++)
        {
            var rtp = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var rtcp = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                rtp.Bind(new IPEndPoint(bind, 0));
                var port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
                if (port % 2 != 0 || port == 65534)
                {
                    throw new SocketException((int)SocketError.AddressAlreadyInUse);
                }

                rtcp.Bind(new IPEndPoint(bind, port + 1));
                return new FakeRtpTransport(rtp, rtcp, new IPEndPoint(client, clientRtpPort), new IPEndPoint(client, clientRtcpPort));
            }
            catch (SocketException) when (attempt < 50)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }
    }

    public static FakeRtpTransport Interleaved(FakeRtspConnection connection, int channel) => new(connection, channel);

    /// <summary>Listens for RTCP (and stray packets on the RTP port: ffmpeg's punch packets include an empty RR).</summary>
    public void StartReceiving(Action<int> onRtcp)
    {
        if (_rtp is null || _rtcp is null)
        {
            return;
        }

        _ = ReceiveAsync(_rtcp, onRtcp);
        _ = ReceiveAsync(_rtp, _ => { });
    }

    /// <summary>False when nobody could be reached (interleaved connection gone, UDP send failed).</summary>
    public async ValueTask<bool> SendAsync(bool rtcp, ReadOnlyMemory<byte> packet)
    {
        if (_rtp is not null)
        {
            try
            {
                await (rtcp ? _rtcp! : _rtp).SendToAsync(packet, rtcp ? _clientRtcp! : _clientRtp!).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        return await _connection!.WriteInterleavedAsync(Channel + (rtcp ? 1 : 0), packet).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _rtp?.Dispose();
        _rtcp?.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync(Socket socket, Action<int> onRtcp)
    {
        var buffer = new byte[2048];
        var any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await socket.ReceiveFromAsync(buffer, any, _stop.Token).ConfigureAwait(false);
                onRtcp(RtcpPackets.CountReceiverReports(buffer.AsSpan(0, result.ReceivedBytes)));
            }
            catch (SocketException)
            {
                // ICMP port unreachable surfaces here on some stacks; keep listening.
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }
}
