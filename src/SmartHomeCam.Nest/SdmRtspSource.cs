using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.Rtsp;

namespace SmartHomeCam.Nest;

/// <summary>
/// A Nest camera's RTSP stream as one uninterrupted capture source. The RTSP session underneath is replaced at
/// every extension (the old one dies at its original expiry, spec §4): the next session is opened with the new
/// <c>auth</c> while the old still plays and spliced in at its first IDR (<see cref="SdmSplicer"/>). A session cut
/// with no successor pending waits for the next URL; a successor that cannot be opened asks for a new stream.
/// </summary>
internal sealed class SdmRtspSource : ICameraSource, ISdmSpliceSessions
{
    private readonly SdmRtspStream stream;
    private readonly ISdmRtspConnector connector;
    private readonly bool audio;
    private readonly TimeSpan spliceWait;
    private readonly ILogger logger;
    private readonly SdmSplicer splicer;

    public SdmRtspSource(SdmRtspStream stream, ISdmRtspConnector connector, bool audio, TimeSpan spliceWait, ILogger logger)
    {
        this.stream = stream;
        this.connector = connector;
        this.audio = audio;
        this.spliceWait = spliceWait;
        this.logger = logger;
        splicer = new SdmSplicer(this, "Nest stream", spliceWait, logger);
    }

    /// <summary>Switches made so far, and how many of them needed a discontinuity (tests and the soak read these).</summary>
    public int Splices => splicer.Splices;

    public int Discontinuities => splicer.Discontinuities;

    public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        var url = await stream.GenerateAsync(cancellationToken).ConfigureAwait(false);
        MediaTracks tracks;
        try
        {
            tracks = await splicer.OpenAsync(connector.Create(url, audio), cancellationToken).ConfigureAwait(false);
        }
        catch (CameraSourceException e) when (e.InnerException is RtspStatusException { StatusCode: 403 or 404 })
        {
            // [obs] DESCRIBE 404/403: the stream is invalid or expired already; one new stream, then give up.
            logger.LogInformation("The new Nest stream URL was refused ({Reason}); generating another.", e.Message);
            url = await stream.GenerateAsync(cancellationToken).ConfigureAwait(false);
            tracks = await splicer.OpenAsync(connector.Create(url, audio), cancellationToken).ConfigureAwait(false);
        }

        stream.StartExtending();
        return tracks;
    }

    public IAsyncEnumerable<MediaFrame> ReadAsync(CancellationToken cancellationToken) => splicer.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await splicer.DisposeAsync().ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
    }

    ICameraSource? ISdmSpliceSessions.NextCandidate() => stream.NextUrls.TryRead(out var url) ? connector.Create(url, audio) : null;

    void ISdmSpliceSessions.CandidateFailed(Exception failure)
    {
        logger.LogInformation("The extended Nest stream could not be opened ({Reason}); asking for a new stream.", failure.Message);
        stream.RequestRegenerate();
    }

    // An extension still in flight, or a dropped connection: take the next URL (a new stream if none is coming).
    async Task<ICameraSource?> ISdmSpliceSessions.SuccessorAfterEndAsync(CancellationToken cancellationToken) =>
        await stream.AwaitNextUrlAsync(spliceWait, cancellationToken).ConfigureAwait(false) is { } url ? connector.Create(url, audio) : null;

    void ISdmSpliceSessions.Switching(MediaTracks live, MediaTracks successor)
    {
        if (successor.HasAudio != live.HasAudio)
        {
            throw new CameraSourceException("The extended Nest stream changed its tracks; restarting.");
        }
    }
}
