using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartHomeCam.Streaming;
using SmartHomeCam.Streaming.ScaleOut;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>
/// The internal hop over real loopback sockets: an owner's answer and its fencing number come back, a replica that
/// says it is not the owner gets nothing copied, and a dead owner — refusing, or accepting no connection — is
/// reported gone within about half a second so the viewer's replica goes on to take the camera.
/// </summary>
public sealed class OwnerHopTests : IDisposable
{
    private const string SegmentPath = "/streams/token/seg170000.ts";
    private readonly OwnerHop hop = new(
        new HopSigner(new byte[32], TimeProvider.System),
        Options.Create(new StreamingOptions()),
        NullLogger<OwnerHop>.Instance);

    public void Dispose() => hop.Dispose();

    [Fact]
    public async Task The_owners_answer_is_copied_with_the_fencing_number_it_served_under()
    {
        using var owner = new OneShotServer("HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nX-SmartHomeCam-Fence: 42\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
        var viewer = Viewer();

        var result = await hop.ForwardAsync(viewer, owner.Address);

        Assert.Equal(HopResult.Answered(42), result);
        Assert.Equal(200, viewer.Response.StatusCode);
        Assert.Equal("video/mp2t", viewer.Response.ContentType);
        Assert.Equal("hello", Encoding.ASCII.GetString(((MemoryStream)viewer.Response.Body).ToArray()));
        Assert.Contains(HopSignerHeaderLine(), await owner.RequestAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replica_that_is_not_the_owner_is_reported_and_nothing_is_copied()
    {
        using var owner = new OneShotServer("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nX-SmartHomeCam-Not-Owner: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var viewer = Viewer();

        var result = await hop.ForwardAsync(viewer, owner.Address);

        Assert.Equal(HopResult.NotOwner, result);
        Assert.Equal(200, viewer.Response.StatusCode); // untouched: the caller asks coordination again
        Assert.False(viewer.Response.Headers.ContainsKey("Retry-After"));
    }

    [Fact]
    public async Task A_killed_owner_refusing_connections_is_reported_gone_at_once()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there any more: connect is refused, as after SIGKILL

        var watch = Stopwatch.StartNew();
        var result = await hop.ForwardAsync(Viewer(), new Uri($"http://127.0.0.1:{port}/"));

        Assert.Equal(HopResult.Unreachable, result);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task An_owner_that_accepts_no_connection_is_reported_gone_after_the_connect_timeout()
    {
        // A listening socket whose accept queue is full: Linux drops further SYNs, as a lost node does.
        using var full = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        full.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        full.Listen(0);
        var address = (IPEndPoint)full.LocalEndPoint!;
        var queued = new List<Socket>();
        try
        {
            while (queued.Count < 16)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                queued.Add(client);
                using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
                try
                {
                    await client.ConnectAsync(address, wait.Token);
                }
                catch (OperationCanceledException)
                {
                    break; // this connect hangs: the queue is full
                }
            }

            Assert.True(queued.Count < 16, "could not fill the accept queue");
            var watch = Stopwatch.StartNew();
            var result = await hop.ForwardAsync(Viewer(), new Uri($"http://127.0.0.1:{address.Port}/"));

            Assert.Equal(HopResult.Unreachable, result);
            Assert.InRange(watch.Elapsed, OwnerHop.ConnectTimeout - TimeSpan.FromMilliseconds(50), OwnerHop.ConnectTimeout + TimeSpan.FromSeconds(2));
        }
        finally
        {
            queued.ForEach(s => s.Dispose());
        }
    }

    private static DefaultHttpContext Viewer()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = HttpMethods.Get;
        http.Request.Path = SegmentPath;
        http.Response.Body = new MemoryStream();
        return http;
    }

    private static string HopSignerHeaderLine() => HopSigner.Header + ": ";

    /// <summary>Answers one request on loopback with a fixed raw response and keeps what it was sent.</summary>
    private sealed class OneShotServer : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly Task<string> served;

        public OneShotServer(string response)
        {
            listener.Start();
            served = ServeAsync(response);
        }

        public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

        public Task<string> RequestAsync() => served;

        public void Dispose() => listener.Stop();

        private async Task<string> ServeAsync(string response)
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
            return request.ToString();
        }
    }
}
