using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>
/// An RTSP camera for tests: real H.264 (+ AAC) paced in real time over UDP or interleaved TCP, RTCP sender reports,
/// optional Digest/Basic auth and TLS, and the hooks tests need (request validator, session deadline, the Arlo RR
/// watchdog and orphan behaviour) with counters to assert on.
/// </summary>
public sealed class FakeRtspServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, FakeRtspSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FakeRtspConnection, bool> _connections = new();
    private Task? _accept;

    public FakeRtspServer(FakeRtspServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Auth = options.Credentials is { } credentials ? new DigestChallenge(credentials, options.BasicAuth) : null;
        _listener = new TcpListener(options.BindAddress, options.Port);
    }

    public FakeRtspServerOptions Options { get; }

    public FakeRtspCounters Counters { get; } = new();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The stream's URL on this server (<c>rtsps://</c> when TLS is on), without credentials.</summary>
    public Uri Url => UrlFor(Options.Path ?? "/live");

    /// <summary>Sessions that exist (set up, playing or orphaned).</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Ids of the sessions that exist (a test tears an orphan down with one).</summary>
    public IReadOnlyCollection<string> SessionIds => [.. _sessions.Keys];

    /// <summary>Raised (on a pool thread) when a stream stops sending, whatever the reason.</summary>
    public event Action<FakeRtspStreamEnd>? StreamEnded;

    internal DigestChallenge? Auth { get; }

    public static FakeRtspServer Start(FakeRtspServerOptions options)
    {
        var server = new FakeRtspServer(options);
        server.Start();
        return server;
    }

    public Uri UrlFor(string pathAndQuery)
    {
        var host = Options.BindAddress.Equals(IPAddress.Any) ? IPAddress.Loopback : Options.BindAddress;
        var scheme = Options.Certificate is null ? "rtsp" : "rtsps";
        var authority = host.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString();
        return new Uri($"{scheme}://{authority}:{Port}{pathAndQuery}");
    }

    public void Start()
    {
        _listener.Start();
        _accept = AcceptAsync();
    }

    /// <summary>Ends every stream as the camera would on its own (Wi-Fi drop, reboot): connections are cut, no TEARDOWN.</summary>
    public void CutAll(FakeRtspEndReason reason = FakeRtspEndReason.ServerStopped)
    {
        foreach (var session in _sessions.Values)
        {
            session.End(reason);
            session.Connection?.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        CutAll();
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }

        if (_accept is not null)
        {
            await _accept.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    internal FakeRtspSession Add(FakeRtspSession session)
    {
        _sessions[session.Id] = session;
        return session;
    }

    internal FakeRtspSession? Find(string id) => _sessions.TryGetValue(id, out var session) && !session.Ended ? session : null;

    internal void Remove(FakeRtspSession session) => _sessions.TryRemove(session.Id, out _);

    internal void RaiseStreamEnded(FakeRtspStreamEnd end) => StreamEnded?.Invoke(end);

    internal void OnInterleaved(FakeRtspConnection connection, RtspInterleaved frame)
    {
        foreach (var session in _sessions.Values)
        {
            if (ReferenceEquals(session.Connection, connection))
            {
                session.OnInterleaved(frame.Channel, frame.Data);
            }
        }
    }

    internal void ConnectionClosed(FakeRtspConnection connection)
    {
        _connections.TryRemove(connection, out _);
        foreach (var session in _sessions.Values)
        {
            session.ConnectionLost(connection);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Counters.Connected();
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            socket.NoDelay = true;
            if (Options.Certificate is { } certificate)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                handshake.CancelAfter(TimeSpan.FromSeconds(10));
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, handshake.Token).ConfigureAwait(false);
                stream = tls;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
            return;
        }

        var connection = new FakeRtspConnection(this, socket, stream);
        _connections[connection] = true;
        try
        {
            await connection.RunAsync(_stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
