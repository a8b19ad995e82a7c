using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using SmartHomeCam.WebRtc.Ice;
using SmartHomeCam.WebRtc.Stun;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>The display's side of an ICE-TCP connection for the mux tests: framed checks and packets over a real socket.</summary>
internal sealed class IceTcpClient : IDisposable
{
    private readonly NetworkStream stream;

    private IceTcpClient(Socket socket)
    {
        Socket = socket;
        stream = new NetworkStream(socket, ownsSocket: true);
    }

    public Socket Socket { get; }

    public static async Task<IceTcpClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return new IceTcpClient(socket);
    }

    /// <summary>A binding request as a controlling full agent sends it: USERNAME local:remote, integrity with the local password, fingerprint.</summary>
    public static byte[] Check(string localUfrag, string password, bool useCandidate = false)
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunConstants.BindingRequest, RandomNumberGenerator.GetBytes(12));
        writer.Add(StunConstants.Username, Encoding.UTF8.GetBytes(localUfrag + ":display"));
        writer.AddUInt32(StunConstants.Priority, 0x6E0001FF);
        writer.AddUInt64(StunConstants.IceControlling, 42);
        if (useCandidate)
        {
            writer.Add(StunConstants.UseCandidate, []);
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        writer.AddFingerprint();
        return buffer[..writer.Length];
    }

    public async Task SendFrameAsync(byte[] packet)
    {
        var frame = new byte[packet.Length + 2];
        Rfc4571Framing.Write(packet, frame);
        await stream.WriteAsync(frame);
    }

    public Task SendRawAsync(byte[] bytes) => stream.WriteAsync(bytes).AsTask();

    /// <summary>The next frame from the mux, or null if the mux closed the connection (FIN or reset).</summary>
    public async Task<byte[]?> ReadFrameAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var buffer = new byte[4096];
        try
        {
            var length = await Rfc4571Framing.ReadFrameAsync(stream, buffer, buffer.Length, timeout.Token);
            return length < 0 ? null : buffer[..length];
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return null;
        }
    }

    /// <summary>True once the mux has closed the connection (reads end or reset) within the time given.</summary>
    public async Task<bool> ClosedByPeerAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
                // drain anything sent before the close
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return true;
        }
    }

    public void Dispose() => stream.Dispose();
}
