using System.Net.Security;
using System.Net.Sockets;

namespace SmartHomeCam.NestLegacy.Transport;

/// <summary>The packet stream over a TLS socket (spec §3: port 1443).</summary>
internal sealed class TlsNexusTransport(TcpClient tcp, SslStream tls) : INexusTransport
{
    public static async Task<INexusTransport> ConnectAsync(
        string host, int port, RemoteCertificateValidationCallback validate, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, validate);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, cancellationToken).ConfigureAwait(false);
            return new TlsNexusTransport(tcp, tls);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken) => tls.WriteAsync(packet, cancellationToken);

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) => tls.ReadAsync(buffer, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await tls.DisposeAsync().ConfigureAwait(false);
        tcp.Dispose();
    }
}
