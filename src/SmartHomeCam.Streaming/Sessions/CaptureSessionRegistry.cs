using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Streaming.ScaleOut;

namespace SmartHomeCam.Streaming.Sessions;

/// <summary>
/// The capture sessions of this process: at most one per camera, shared by every viewer, started on demand and
/// always stopped on shutdown. Idle reaping and linking-ended notices act through it.
/// </summary>
public sealed class CaptureSessionRegistry(
    ICameraCatalog catalog, IOptions<StreamingOptions> options, TimeProvider clock, ILoggerFactory loggers)
    : IStreamSessions, IHostedService
{
    private readonly ConcurrentDictionary<string, CaptureSession> sessions = new(StringComparer.Ordinal);

    /// <summary>Every session, running or not (a snapshot).</summary>
    public IReadOnlyCollection<CaptureSession> All => [.. sessions.Values];

    /// <summary>
    /// The camera's session, created or restarted when needed (in the background: never waits for video). With
    /// replicas, <paramref name="lease"/> is this replica's claim on the camera, kept by the session while it runs.
    /// </summary>
    public CaptureSession GetOrStart(CatalogCamera camera, string correlationId, CameraLease? lease = null)
    {
        ArgumentNullException.ThrowIfNull(camera);
        CaptureSession? replaced = null;
        var session = sessions.AddOrUpdate(
            camera.DeviceId,
            _ => Create(camera),
            (_, existing) =>
            {
                if (existing.UserId == camera.UserId)
                {
                    return existing;
                }

                replaced = existing;
                return Create(camera);
            });
        if (replaced is not null)
        {
            _ = replaced.StopAsync();
        }

        session.Touch();
        session.EnsureStarted(correlationId, lease);
        return session;
    }

    /// <summary>The camera's session if it belongs to the account.</summary>
    public CaptureSession? Find(string deviceId, string userId) =>
        sessions.TryGetValue(deviceId, out var session) && session.UserId == userId ? session : null;

    /// <summary>Stops and forgets this process's sessions of the account.</summary>
    public async Task StopLocalAsync(string userId)
    {
        foreach (var session in sessions.Values.Where(s => s.UserId == userId).ToList())
        {
            sessions.TryRemove(new KeyValuePair<string, CaptureSession>(session.DeviceId, session));
            await session.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Forgets a stopped session (its token may still bring it back through <see cref="GetOrStart"/>).</summary>
    public void Forget(CaptureSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        sessions.TryRemove(new KeyValuePair<string, CaptureSession>(session.DeviceId, session));
    }

    public IReadOnlyList<CaptureSessionInfo> List(string userId) =>
        sessions.Values.Where(s => s.UserId == userId && s.IsRunning)
            .Select(s => new CaptureSessionInfo(s.DeviceId, s.State, s.Window.Segments.Count, s.StartedAt, s.LastAccess))
            .OrderBy(s => s.DeviceId, StringComparer.Ordinal).ToList();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Shutdown hands the sessions over: every reader stops, then its lease ends, so the next viewer's request on
    /// another replica opens the camera without waiting for a lease to lapse. Bounded by
    /// <see cref="StreamingOptions.ShutdownGrace"/>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(sessions.Values.Select(s => s.StopAsync()));
        await all.WaitAsync(options.Value.ShutdownGrace, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        sessions.Clear();
    }

    private CaptureSession Create(CatalogCamera camera) =>
        new(camera.DeviceId, camera.UserId, () => catalog.OpenSource(camera), options.Value, clock, loggers.CreateLogger<CaptureSession>());
}
