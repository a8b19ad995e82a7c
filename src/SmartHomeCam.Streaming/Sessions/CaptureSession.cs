using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.Media.Hls;
using SmartHomeCam.Telemetry;
using SmartHomeCam.Streaming.ScaleOut;

namespace SmartHomeCam.Streaming.Sessions;

/// <summary>
/// One camera's live pipeline: source (tracks, then frames) → segmenter/muxer → shared segment window.
/// Restarts its source with jittered back-off after failures (marking a discontinuity), and always releases
/// the camera when stopped.
/// </summary>
public sealed class CaptureSession : ILiveFeed, IAsyncDisposable
{
    private readonly Func<ICameraSource> openSource;
    private readonly StreamingOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private CancellationTokenSource? stopping;
    private Task? loop;
    private HlsSegmenter segmenter;
    private TaskCompletionSource segmentSignal = NewSignal();
    private long lastAccessTicks;
    private int consecutiveFailures;
    private int state = (int)CaptureState.Stopped;
    private SessionStartTrace startTrace = SessionStartTrace.None;
    private CameraLease? lease;
    private IMediaFrameObserver[] observers = [];
    private MediaTracks? lastTracks;

    internal CaptureSession(string deviceId, string userId, Func<ICameraSource> openSource, StreamingOptions options, TimeProvider clock, ILogger logger)
    {
        DeviceId = deviceId;
        UserId = userId;
        this.openSource = openSource;
        this.options = options;
        this.clock = clock;
        this.logger = logger;
        segmenter = NewSegmenter(0);
        Touch();
    }

    public Guid Id { get; } = Guid.NewGuid();

    public string DeviceId { get; }

    public string UserId { get; }

    public string CorrelationId { get; private set; } = "";

    public DateTimeOffset StartedAt { get; private set; }

    public CaptureState State => (CaptureState)Volatile.Read(ref state);

    public bool IsRunning => State != CaptureState.Stopped;

    public int ConsecutiveFailures => Volatile.Read(ref consecutiveFailures);

    public HlsWindow Window => Volatile.Read(ref segmenter).Window;

    public DateTimeOffset LastAccess => new(Interlocked.Read(ref lastAccessTicks), TimeSpan.Zero);

    /// <summary>The camera's lease when replicas share coordination; null in one process.</summary>
    public CameraLease? Lease => Volatile.Read(ref lease);

    /// <summary>Running and, when leased, still holding the lease: safe to serve from this replica.</summary>
    public bool IsOwnedHere => IsRunning && (Lease is not { } held || held.IsHeld);
    /// <summary>Adds an observer of tracks and frames (told the current tracks at once); dispose to remove it.</summary>
    public IDisposable Observe(IMediaFrameObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (gate)
        {
            observers = [.. observers, observer];
        }

        if (Volatile.Read(ref lastTracks) is { } tracks)
        {
            observer.OnTracks(tracks);
        }

        return new Unobserve(this, observer);
    }

    /// <summary>Marks a viewer's fetch; keeps the session from idling out.</summary>
    public void Touch() => Interlocked.Exchange(ref lastAccessTicks, clock.GetUtcNow().UtcTicks);

    /// <summary>Starts the pipeline if it is not running. Never waits for the camera.</summary>
    /// <remarks>
    /// With a <paramref name="leased"/> camera the session keeps the lease while it runs, stops its reader the moment
    /// the lease is lost, and numbers its segments from the clock (tenths of a second), so a take-over on another
    /// replica continues above every sequence number the former owner published, after a discontinuity.
    /// </remarks>
    public void EnsureStarted(string correlationId, CameraLease? leased = null)
    {
        lock (gate)
        {
            CorrelationId = correlationId;
            if (loop is not null && !loop.IsCompleted)
            {
                if (leased is not null && lease is not { IsHeld: true })
                {
                    AdoptLease(leased);
                }

                return;
            }

            if (leased is not null)
            {
                AdoptLease(leased);
            }

            var firstSequence = leased is null ? 0 : clock.GetUtcNow().ToUnixTimeMilliseconds() / 100;
            var previous = Interlocked.Exchange(ref segmenter, NewSegmenter(firstSequence));
            previous.Dispose(); // its writer has stopped; its segments go back to the pool once no reader holds them
            Volatile.Write(ref consecutiveFailures, 0);
            Volatile.Write(ref state, (int)CaptureState.Starting);
            StartedAt = clock.GetUtcNow();
            startTrace = SessionStartTrace.Begin();
            stopping = new CancellationTokenSource();
            var token = stopping.Token;
            loop = Task.Run(() => RunAsync(token), CancellationToken.None);
        }
    }

    /// <summary>
    /// Waits until the window lists at least <paramref name="segments"/> segments; false on timeout. A waiting
    /// viewer counts as activity, so a slow-starting camera is not stopped as idle under it.
    /// </summary>
    public async Task<bool> WaitForSegmentsAsync(int segments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + timeout;
        var requestStart = DateTimeOffset.UtcNow;
        while (Window.Segments.Count < segments)
        {
            Touch();
            var remaining = deadline - clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            var signal = Volatile.Read(ref segmentSignal).Task;
            if (Window.Segments.Count >= segments)
            {
                break;
            }

            var slice = remaining < TimeSpan.FromMilliseconds(250) ? remaining : TimeSpan.FromMilliseconds(250);
            try
            {
                await signal.WaitAsync(slice, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // next slice
            }
        }

        Touch();
        startTrace.FirstPlaylist(requestStart);
        return true;
    }

    public async Task StopAsync()
    {
        Task? running;
        CameraLease? stoppedLease;
        lock (gate)
        {
            stopping?.Cancel();
            running = loop;
            stoppedLease = lease;
        }

        if (running is not null)
        {
            // The loop disposes the source (TEARDOWN / STOP_PLAYBACK) before it ends; give it a moment.
            await running.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Volatile.Write(ref state, (int)CaptureState.Stopped);

        // Only after the reader stopped: hand-over (the lease ends, the next replica may open the camera at once).
        // A reader that did not stop in time keeps the lease: better no hand-over than two readers.
        CameraLease? ended = null;
        lock (gate)
        {
            if ((running is null || running.IsCompleted) && loop == running && lease == stoppedLease)
            {
                ended = lease;
                lease = null;
            }
        }

        if (ended is not null)
        {
            await ended.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["GoogleRequestId"] = CorrelationId, ["DeviceId"] = DeviceId });
        logger.LogInformation("Capture session {SessionId} starting for {DeviceId}.", Id, DeviceId);
        var restarted = Lease is not null; // leased: a former owner's segments may precede ours in the player
        SmartHomeCamTelemetry.ActiveSessions.Add(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            var delay = await RunSourceOnceAsync(restarted, cancellationToken).ConfigureAwait(false);
            if (delay is null)
            {
                break;
            }

            // The failed source is already released: a battery camera is not kept awake through the back-off.
            restarted = true;
            try
            {
                await Task.Delay(delay.Value, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Volatile.Write(ref state, (int)CaptureState.Stopped);
        SmartHomeCamTelemetry.ActiveSessions.Add(-1);
        logger.LogInformation("Capture session {SessionId} for {DeviceId} stopped.", Id, DeviceId);
    }

    /// <summary>
    /// Connects once and pumps frames until the source fails (returns the back-off before the next attempt) or
    /// the session is stopped (returns null). The source is disposed before this returns, either way.
    /// </summary>
    private async Task<TimeSpan?> RunSourceOnceAsync(bool restarted, CancellationToken cancellationToken)
    {
        ICameraSource? source = null;
        var attemptStart = DateTimeOffset.UtcNow;
        SmartHomeCamTelemetry.SourceStarts.Add(1);
        if (restarted)
        {
            SmartHomeCamTelemetry.SourceRestarts.Add(1);
        }

        try
        {
            if (Lease is { } held && !await held.ConfirmAsync(cancellationToken).ConfigureAwait(false))
            {
                logger.LogWarning("Capture session for {DeviceId} no longer holds the camera's lease; not opening it.", DeviceId);
                return null;
            }

            source = openSource();
            var tracks = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            startTrace.SourceOpened(attemptStart);
            // TS HLS has no place for Opus: the segmenter never sees that track or its frames; WebRTC observers do.
            Volatile.Read(ref segmenter).DeclareTracks(tracks.WithoutOpus);
            Volatile.Write(ref lastTracks, tracks);
            foreach (var observer in Volatile.Read(ref observers))
            {
                observer.OnTracks(tracks);
            }

            var pendingBreak = restarted; // the discontinuity goes to the segmenter's first frame after a restart
            await foreach (var frame in source.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var current = pendingBreak ? frame with { Discontinuity = true } : frame;
                if (frame.Kind != MediaKind.Opus)
                {
                    pendingBreak = false;
                    Volatile.Read(ref segmenter).Write(current);
                }

                foreach (var observer in Volatile.Read(ref observers))
                {
                    observer.OnFrame(current);
                }
            }

            throw new CameraSourceException("The camera ended the stream.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            var failures = Interlocked.Increment(ref consecutiveFailures);
            SmartHomeCamTelemetry.SourceFailures.Add(1);
            startTrace.SourceOpened(attemptStart, e);
            var delay = Backoff(failures);
            logger.LogWarning("Camera source for {DeviceId} failed ({Failures} in a row): {Reason}. Retrying in {Delay} ms.",
                DeviceId, failures, e.Message, (int)delay.TotalMilliseconds);
            return delay;
        }
        finally
        {
            if (source is not null)
            {
                await DisposeQuietlyAsync(source).ConfigureAwait(false);
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                Volatile.Write(ref state, (int)CaptureState.Failing); // set after the release, so "Failing" means "released, waiting"
            }
        }
    }

    private void AdoptLease(CameraLease leased)
    {
        lease = leased;
        leased.Keep(() =>
        {
            // Not awaited: stopping disposes the lease, which waits for this very keeper to finish.
            _ = StopAsync();
            return Task.CompletedTask;
        });
    }

    private HlsSegmenter NewSegmenter(long firstSequence)
    {
        var created = new HlsSegmenter(new HlsSegmenterOptions(options.SegmentTargetDuration, options.PlaylistSegments, FirstSequence: firstSequence));
        created.SegmentPublished += _ =>
        {
            Volatile.Write(ref consecutiveFailures, 0);
            Volatile.Write(ref state, (int)CaptureState.Live);
            startTrace.FirstSegment();
            Interlocked.Exchange(ref segmentSignal, NewSignal()).TrySetResult();
        };
        return created;
    }

    /// <summary>Exponential back-off with full jitter between the configured bounds.</summary>
    private TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(options.RestartDelayMax.TotalMilliseconds, options.RestartDelayMin.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16)));
        var jittered = options.RestartDelayMin.TotalMilliseconds + Random.Shared.NextDouble() * (ceiling - options.RestartDelayMin.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Max(0, jittered));
    }

    private async Task DisposeQuietlyAsync(ICameraSource source)
    {
        try
        {
            await source.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning("Releasing the camera source for {DeviceId} failed: {Reason}", DeviceId, e.Message);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Unobserve(CaptureSession session, IMediaFrameObserver observer) : IDisposable
    {
        public void Dispose()
        {
            lock (session.gate)
            {
                session.observers = Array.FindAll(session.observers, o => o != observer);
            }
        }
    }
}
