using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;
using SmartHomeCam.WebRtc.Dtls;
using SmartHomeCam.WebRtc.Ice;
using SmartHomeCam.WebRtc.Peers;
using SmartHomeCam.WebRtc.Sdp;

namespace SmartHomeCam.Streaming.WebRtc;

/// <summary>
/// The WebRTC side of streaming: owns the one UDP port and the DTLS certificate, answers offers with a peer
/// fed from the camera's capture session, enforces the peer caps, keeps sessions with WebRTC viewers from
/// idling out, and closes every peer on shutdown. Peers re-check their stream token every second, so
/// expiry, unlinking and DISCONNECT end them too.
/// </summary>
public sealed class WebRtcHost(
    IOptions<WebRtcOptions> options,
    WebRtcPublication publication,
    ICameraCatalog catalog,
    CaptureSessionRegistry sessions,
    StreamTokenService tokens,
    TimeProvider clock,
    ILoggerFactory loggers) : IHostedService, IWebRtcAvailability, IAsyncDisposable
{
    private readonly ILogger logger = loggers.CreateLogger<WebRtcHost>();
    private readonly ConcurrentDictionary<string, PeerEntry> peers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CameraBroadcast> broadcasts = new(StringComparer.Ordinal);
    private readonly Lock admission = new();
    private UdpMux? mux;
    private TcpMux? tcpMux;
    private IIceMux? iceMuxes;
    private DtlsCertificate? certificate;
    private ITimer? keepAlive;

    public bool IsAvailable => mux is not null;

    public string? IceServersJson { get; } = BuildIceServers(options.Value.IceServers);

    public int PeerCount => peers.Count;

    /// <summary>The bound UDP port (0 when unavailable).</summary>
    public int Port => mux?.Port ?? 0;

    public int RegisteredMuxPeers => mux?.RegisteredPeers ?? 0;

    /// <summary>The bound ICE-TCP port (0 when off).</summary>
    public int TcpPort => tcpMux?.Port ?? 0;

    /// <summary>Open ICE-TCP connections (tests: no leaked state).</summary>
    public int TcpConnections => tcpMux?.ConnectionCount ?? 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var mode = o.Enabled.Trim().ToLowerInvariant();
        if (mode is "false" or "off" || (mode is "auto" && !publication.IsPublished))
        {
            logger.LogInformation("WebRTC is off ({Mode}); Google gets HLS only.", mode is "auto" ? "auto: no public base URL" : "disabled");
            return Task.CompletedTask;
        }

        try
        {
            mux = new UdpMux(
                new UdpMuxOptions
                {
                    ListenAddress = IPAddress.Parse(o.ListenAddress),
                    Port = o.Port,
                    PublicAddresses = [.. o.PublicAddresses.Select(IPAddress.Parse)],
                },
                loggers.CreateLogger<UdpMux>());
            tcpMux = o.TcpPort >= 0 ? OpenTcp(o) : null;
            iceMuxes = tcpMux is null ? mux : new IceMuxSet(mux, tcpMux);
            certificate = DtlsCertificate.Generate();
            keepAlive = clock.CreateTimer(_ => KeepSessionsAlive(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            logger.LogInformation("WebRTC on UDP port {Port}; candidates {Candidates}.", mux.Port, string.Join(", ", mux.Candidates));
        }
        catch (Exception e) when (e is SocketException or FormatException)
        {
            logger.LogWarning("WebRTC is off: UDP port {Port} could not be opened ({Reason}); Google gets HLS only.", o.Port, e.Message);
            mux = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>Answers an offer for the token's camera, or says why not.</summary>
    public async Task<OfferOutcome> AnswerAsync(StreamTokenClaims claims, string token, string sdp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (mux is null || certificate is null)
        {
            return OfferOutcome.Refused(503, "unavailable", "WebRTC is not enabled on this service.");
        }

        SessionDescription offer;
        try
        {
            offer = SessionDescription.Parse(sdp);
        }
        catch (SdpException e)
        {
            return OfferOutcome.Refused(400, "invalid_offer", e.Message);
        }

        var camera = await catalog.FindAsync(claims.UserId, claims.DeviceId, cancellationToken).ConfigureAwait(false);
        if (camera is null)
        {
            return OfferOutcome.Refused(404, "device_not_found", "The camera is no longer on this account.");
        }

        var session = sessions.GetOrStart(camera, "webrtc");
        var broadcast = BroadcastFor(session);
        await broadcast.Video.WaitForParameterSetsAsync(options.Value.ParameterSetWait, cancellationToken).ConfigureAwait(false);

        var local = IceCredentials.Create();
        NegotiatedVideo negotiated;
        try
        {
            negotiated = SendOnlyAnswer.Create(offer, new AnswerParameters(
                local.Ufrag, local.Password, certificate.Fingerprint, mux.Candidates, local.Ssrc, "smarthomecam", broadcast.Video.ProfileLevelId,
                broadcast.Audio.Track is not null, tcpMux?.Candidates));
        }
        catch (SdpException e)
        {
            return OfferOutcome.Refused(400, "invalid_offer", e.Message);
        }

        var peer = new WebRtcPeer(
            iceMuxes!, certificate, local, negotiated,
            new WebRtcPeerOptions { ConnectTimeout = options.Value.ConnectTimeout, ConsentTimeout = Min(options.Value.ConsentTimeout, TimeSpan.FromSeconds(30)) },
            () => tokens.Validate(token) is { } current && current.DeviceId == claims.DeviceId && current.UserId == claims.UserId,
            clock, loggers.CreateLogger<WebRtcPeer>());
        lock (admission)
        {
            if (peers.Count >= options.Value.MaxPeers)
            {
                peer.Dispose();
                return OfferOutcome.Refused(503, "too_many_peers", $"This service already serves {options.Value.MaxPeers} WebRTC viewers; try again later.");
            }

            if (peers.Values.Count(p => p.UserId == claims.UserId) >= options.Value.MaxPeersPerAccount)
            {
                peer.Dispose();
                return OfferOutcome.Refused(429, "too_many_peers", $"This account already has {options.Value.MaxPeersPerAccount} WebRTC viewers; close one first.");
            }

            peers[peer.Id] = new PeerEntry(peer, claims.UserId, claims.DeviceId, token, broadcast);
        }

        _ = peer.Streaming.ContinueWith(t => { if (t.IsCompletedSuccessfully) { broadcast.Attach(peer); } }, TaskScheduler.Default);
        _ = peer.Closed.ContinueWith(_ => Forget(peer), TaskScheduler.Default);
        peer.Start();
        session.Touch();
        logger.LogInformation("WebRTC peer {PeerId} answering for {DeviceId}.", peer.Id, claims.DeviceId);
        return OfferOutcome.Answer(negotiated.AnswerSdp);
    }

    /// <summary><c>end</c>: closes the peers this token opened for the device; returns how many.</summary>
    public int End(StreamTokenClaims claims, string token)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var ended = 0;
        foreach (var entry in peers.Values.Where(p => p.DeviceId == claims.DeviceId && p.UserId == claims.UserId && p.Token == token))
        {
            entry.Peer.Close("the display ended the stream");
            ended++;
        }

        return ended;
    }

    /// <summary>Peers of a camera (tests and the dashboard).</summary>
    public IReadOnlyList<WebRtcPeer> PeersOf(string deviceId) => [.. peers.Values.Where(p => p.DeviceId == deviceId).Select(p => p.Peer)];

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in peers.Values)
        {
            entry.Peer.Close("the service is shutting down");
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref keepAlive, null) is { } timer)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var broadcast in broadcasts.Values)
        {
            broadcast.Dispose();
        }

        broadcasts.Clear();
        if (Interlocked.Exchange(ref tcpMux, null) is { } openTcp)
        {
            await openTcp.DisposeAsync().ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref mux, null) is { } open)
        {
            await open.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>ICE-TCP is a fallback: a port that cannot be opened leaves WebRTC on UDP only.</summary>
    private TcpMux? OpenTcp(WebRtcOptions o)
    {
        try
        {
            var opened = new TcpMux(
                new TcpMuxOptions { ListenAddress = IPAddress.Parse(o.ListenAddress), Port = o.TcpPort, PublicAddresses = [.. o.PublicAddresses.Select(IPAddress.Parse)] },
                loggers.CreateLogger<TcpMux>());
            logger.LogInformation("WebRTC ICE-TCP on TCP port {Port}.", opened.Port);
            return opened;
        }
        catch (SocketException e)
        {
            logger.LogWarning("WebRTC ICE-TCP is off: TCP port {Port} could not be opened ({Reason}); displays need the UDP port.", o.TcpPort, e.Message);
            return null;
        }
    }

    private CameraBroadcast BroadcastFor(CaptureSession session)
    {
        lock (admission)
        {
            if (broadcasts.TryGetValue(session.DeviceId, out var existing) && existing.Session == session)
            {
                return existing;
            }

            existing?.Dispose();
            var created = new CameraBroadcast(session, logger);
            broadcasts[session.DeviceId] = created;
            return created;
        }
    }

    private void Forget(WebRtcPeer peer)
    {
        if (peers.TryRemove(peer.Id, out var entry))
        {
            entry.Broadcast.Detach(peer);
        }

        peer.Dispose();
    }

    /// <summary>A camera with a WebRTC viewer is in use, like one whose playlist is fetched.</summary>
    private void KeepSessionsAlive()
    {
        foreach (var entry in peers.Values)
        {
            entry.Broadcast.Session.Touch();
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string? BuildIceServers(List<IceServerOptions> servers)
    {
        var usable = servers.Where(s => s.Urls.Count > 0).ToList();
        if (usable.Count == 0)
        {
            return null; // omitted: Google then uses its own STUN; never an empty string (spec §3.5)
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            foreach (var server in usable)
            {
                json.WriteStartObject();
                json.WriteStartArray("urls");
                foreach (var url in server.Urls)
                {
                    json.WriteStringValue(url);
                }

                json.WriteEndArray();
                if (!string.IsNullOrEmpty(server.Username))
                {
                    json.WriteString("username", server.Username);
                    json.WriteString("credential", server.Credential ?? "");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed record PeerEntry(WebRtcPeer Peer, string UserId, string DeviceId, string Token, CameraBroadcast Broadcast);
}
