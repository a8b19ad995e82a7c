using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Coordination;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming.Sessions;

/// <summary>
/// Owns every capture session of this process: one per camera, started on demand, stopped after the idle
/// timeout without a fetch, and always stopped on shutdown.
/// </summary>
public sealed class CaptureSessionManager(
    StreamTokenService tokens,
    ICameraCatalog catalog,
    IOptions<StreamingOptions> options,
    ICoordination coordination,
    TimeProvider clock,
    ILoggerFactory loggers) : IStreamSessions, IStreamUrls, IHostedService, IAsyncDisposable
{
    private const string StopChannel = "sessions-stop-user";
    private readonly ConcurrentDictionary<string, CaptureSession> sessions = new(StringComparer.Ordinal);
    private readonly ILogger logger = loggers.CreateLogger<CaptureSessionManager>();
    private CancellationTokenSource? reaperStop;
    private Task? reaper;

    public async Task<StreamGrant> GrantAsync(string userId, string deviceId, string correlationId, CancellationToken cancellationToken)
    {
        var camera = await catalog.FindAsync(userId, deviceId, cancellationToken).ConfigureAwait(false);
        if (camera is null)
        {
            return StreamGrant.Failed(StreamGrantStatus.NotFound);
        }

        var ticket = Acquire(new StreamRequest(deviceId, userId, () => catalog.OpenSource(camera), correlationId));
        return ticket.SourceFailing
            ? StreamGrant.Failed(StreamGrantStatus.SourceFailing)
            : new StreamGrant(StreamGrantStatus.Granted, ticket.PlaylistPath, ticket.Token, ticket.ExpiresAt);
    }

    public StreamTicket Acquire(StreamRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = GetOrCreate(request.DeviceId, request.UserId, request.OpenSource);
        var failing = session.State == CaptureState.Failing && session.ConsecutiveFailures >= options.Value.FailuresBeforeUnavailable;
        session.Touch();
        session.EnsureStarted(request.CorrelationId);
        var (token, expires) = tokens.Mint(session.Id, request.DeviceId, request.UserId);
        return new StreamTicket(session.Id, token, expires, failing);
    }

    public async Task<CaptureSession?> OpenForPlaybackAsync(StreamTokenClaims claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (sessions.TryGetValue(claims.DeviceId, out var session) && session.UserId == claims.UserId)
        {
            session.Touch();
            if (!session.IsRunning)
            {
                session.EnsureStarted("playback");
            }

            return session;
        }

        // After a restart (or on another replica) the token is still a valid capability: rebuild the session.
        var found = await catalog.FindAsync(claims.UserId, claims.DeviceId, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        session = GetOrCreate(claims.DeviceId, claims.UserId, () => catalog.OpenSource(found));
        session.Touch();
        session.EnsureStarted("playback");
        return session;
    }

    public async Task StopForUserAsync(string userId)
    {
        // Other replicas may run this account's cameras too.
        await coordination.NotifyOthersAsync(StopChannel, userId).ConfigureAwait(false);
        await StopLocalSessionsAsync(userId).ConfigureAwait(false);
    }

    private async Task StopLocalSessionsAsync(string userId)
    {
        foreach (var session in sessions.Values.Where(s => s.UserId == userId).ToList())
        {
            sessions.TryRemove(new KeyValuePair<string, CaptureSession>(session.DeviceId, session));
            await session.StopAsync().ConfigureAwait(false);
        }
    }

    public IReadOnlyList<CaptureSessionInfo> List(string userId) =>
        sessions.Values.Where(s => s.UserId == userId && s.IsRunning)
            .Select(s => new CaptureSessionInfo(s.DeviceId, s.State, s.Window.Segments.Count, s.StartedAt, s.LastAccess))
            .OrderBy(s => s.DeviceId, StringComparer.Ordinal).ToList();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await coordination.SubscribeAsync(StopChannel, userId => _ = StopLocalSessionsAsync(userId)).ConfigureAwait(false);
        reaperStop = new CancellationTokenSource();
        reaper = Task.Run(() => ReapIdleAsync(reaperStop.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stop = Interlocked.Exchange(ref reaperStop, null);
        if (stop is not null)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (reaper is not null)
            {
                await reaper.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            stop.Dispose();
        }

        await Task.WhenAll(sessions.Values.Select(s => s.StopAsync())).ConfigureAwait(false);
        sessions.Clear();
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    private CaptureSession GetOrCreate(string deviceId, string userId, Func<ICameraSource> openSource) =>
        sessions.AddOrUpdate(
            deviceId,
            _ => new CaptureSession(deviceId, userId, openSource, options.Value, clock, loggers.CreateLogger<CaptureSession>()),
            (_, existing) => existing.UserId == userId
                ? existing
                : new CaptureSession(deviceId, userId, openSource, options.Value, clock, loggers.CreateLogger<CaptureSession>()));

    private async Task ReapIdleAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(options.Value.IdleTimeout.TotalMilliseconds / 4, 100, 5_000));
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = clock.GetUtcNow();
                foreach (var session in sessions.Values)
                {
                    if (session.IsRunning && now - session.LastAccess > options.Value.IdleTimeout)
                    {
                        logger.LogInformation("Capture session for {DeviceId} idle for {Idle}; stopping its camera.", session.DeviceId, options.Value.IdleTimeout);
                        await session.StopAsync().ConfigureAwait(false);
                    }
                    else if (!session.IsRunning && now - session.LastAccess > options.Value.TokenLifetime)
                    {
                        sessions.TryRemove(new KeyValuePair<string, CaptureSession>(session.DeviceId, session));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }
}
