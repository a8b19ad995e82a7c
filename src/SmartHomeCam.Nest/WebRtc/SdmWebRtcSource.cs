using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;

namespace SmartHomeCam.Nest;

/// <summary>
/// A WEB_RTC Nest camera as one uninterrupted capture source. A wired camera's session is extended for as long as it
/// is watched; a battery doorbell's cannot be (spec §4), so when its session says so a new one is generated and
/// connected while the old still plays and spliced in at its first IDR, as in the RTSP case (<see cref="SdmSplicer"/>),
/// after which the old session is stopped. A session that dies with no successor pending ends the source.
/// </summary>
internal sealed class SdmWebRtcSource : ICameraSource, ISdmSpliceSessions
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(2);
    private readonly Func<SdmWebRtcSession> newSession;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly SdmSplicer splicer;
    private int disposed;
    private SdmWebRtcSession? liveSession;
    private SdmWebRtcSession? nextSession;
    private long retryAfter;

    public SdmWebRtcSource(Func<SdmWebRtcSession> newSession, TimeSpan spliceWait, TimeProvider clock, ILogger logger)
    {
        this.newSession = newSession;
        this.clock = clock;
        this.logger = logger;
        splicer = new SdmSplicer(this, "Nest WebRTC stream", spliceWait, logger);
    }

    public int Splices => splicer.Splices;

    public int Discontinuities => splicer.Discontinuities;

    public SdmWebRtcSession? LiveSession => liveSession;

    public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        liveSession = newSession();
        return await splicer.OpenAsync(liveSession, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<MediaFrame> ReadAsync(CancellationToken cancellationToken) => splicer.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // A failed open disposes the session itself and its owner disposes it again: the second call is a no-op.
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        var opened = splicer.HasLive;
        await splicer.DisposeAsync().ConfigureAwait(false);
        if (!opened && liveSession is not null)
        {
            await liveSession.DisposeAsync().ConfigureAwait(false);
        }
    }

    ICameraSource? ISdmSpliceSessions.NextCandidate()
    {
        if (!liveSession!.ReplacementDue.IsCompleted || clock.GetTimestamp() < retryAfter)
        {
            return null;
        }

        nextSession = newSession();
        return nextSession;
    }

    void ISdmSpliceSessions.CandidateFailed(Exception failure)
    {
        logger.LogInformation("The next Nest WebRTC session could not be opened ({Reason}); trying again.", failure.Message);
        nextSession = null;
        retryAfter = clock.GetTimestamp() + (long)(RetryPause.TotalSeconds * clock.TimestampFrequency);
    }

    Task<ICameraSource?> ISdmSpliceSessions.SuccessorAfterEndAsync(CancellationToken cancellationToken) => Task.FromResult<ICameraSource?>(null);

    void ISdmSpliceSessions.Switching(MediaTracks live, MediaTracks successor)
    {
        liveSession = nextSession; // StopWebRtcStream for the old one goes out when the splicer retires it
        nextSession = null;
    }
}
