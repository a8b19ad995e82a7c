using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>
/// GStreamer's RTSP server (gst_rtsp_server.py next to this file) on a free loopback port: a server nobody here
/// wrote. Its stdout lines (SETUP, PLAY, TEARDOWN, CLOSED) are kept so tests can see our client from its side.
/// </summary>
public sealed class GstRtspServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _events = new();

    private GstRtspServer(Process process, int port, string mount)
    {
        _process = process;
        Port = port;
        Url = new Uri($"rtsp://127.0.0.1:{port}{mount}");
    }

    public int Port { get; }

    public Uri Url { get; }

    public IReadOnlyCollection<string> Events => _events;

    public int Count(string what) => _events.Count(e => e == what);

    public static async Task<GstRtspServer> StartAsync(params string[] arguments)
    {
        var port = FreePort();
        var script = Path.Combine(AppContext.BaseDirectory, "gst_rtsp_server.py");
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var server = new GstRtspServer(process, port, "/test");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data == "READY")
            {
                ready.TrySetResult();
            }
            else
            {
                server._events.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(30)));
        if (first != ready.Task)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("GStreamer RTSP server did not start: " + string.Join('\n', errors));
        }

        return server;
    }

    public Uri UrlWithCredentials(string user, string password) =>
        new($"rtsp://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@127.0.0.1:{Port}/test");

    public Task WaitForAsync(string what, int count = 1, TimeSpan? within = null) =>
        Poll.UntilAsync(() => Count(what) >= count, within ?? TimeSpan.FromSeconds(15), $"GStreamer saw {what} x{count}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // already gone
        }

        _process.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
