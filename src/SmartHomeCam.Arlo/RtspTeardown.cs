using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SmartHomeCam.Arlo;

/// <summary>
/// A lone RTSP TEARDOWN for a session another process opened (RFC 2326 §10.7: a session outlives its connection),
/// used to stop streams a crashed process left running. True when the camera answered 200 or no longer knows the
/// session (454).
/// </summary>
internal static class RtspTeardown
{
    public static async Task<bool> SendAsync(Uri url, string sessionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(url.Host, url.Port > 0 ? url.Port : 554, cts.Token).ConfigureAwait(false);
        var stream = tcp.GetStream();
        var request = string.Create(CultureInfo.InvariantCulture,
            $"TEARDOWN {url.GetLeftPart(UriPartial.Path)} RTSP/1.0\r\nCSeq: 1\r\nSession: {sessionId}\r\nUser-Agent: SmartHomeCam\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cts.Token).ConfigureAwait(false);
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
        var line = Encoding.ASCII.GetString(buffer, 0, read);
        return line.StartsWith("RTSP/1.0 200", StringComparison.Ordinal) || line.StartsWith("RTSP/1.0 454", StringComparison.Ordinal);
    }
}
