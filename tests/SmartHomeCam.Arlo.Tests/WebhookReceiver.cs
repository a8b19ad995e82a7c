using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace SmartHomeCam.Arlo.Tests;

/// <summary>A loopback HTTP endpoint that records the bodies POSTed to it.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<string> _bodies = Channel.CreateUnbounded<string>();

    public WebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = new Uri($"http://127.0.0.1:{port}/motion/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _ = LoopAsync();
    }

    public Uri Url { get; }

    public async Task<string> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _bodies.Reader.ReadAsync(cts.Token);
    }

    public void Dispose() => _listener.Close();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            try
            {
                var context = await _listener.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream);
                await _bodies.Writer.WriteAsync(await reader.ReadToEndAsync());
                context.Response.StatusCode = 204;
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
        }
    }
}
