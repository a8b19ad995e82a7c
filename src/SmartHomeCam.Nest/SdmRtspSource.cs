using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.Rtsp;

namespace SmartHomeCam.Nest;

/// <summary>
/// A Nest camera's RTSP stream as one uninterrupted capture source. The RTSP session underneath is replaced at
/// every extension (the old one dies at its original expiry, spec §4): the next session is opened with the new
/// <c>auth</c> while the old still plays, and the output switches to it at its first IDR with timestamps carried
/// on, so the HLS output shows neither a gap nor a discontinuity. Only when the old session died before the new
/// one had an IDR is the first new frame marked as a discontinuity.
/// </summary>
internal sealed class SdmRtspSource(SdmRtspStream stream, ISdmRtspConnector connector, bool audio, TimeSpan spliceWait, ILogger logger) : ICameraSource
{
    private readonly CancellationTokenSource life = new();
    private SdmInnerSession? live;
    private SdmSpliceCandidate? next;
    private SdmSpliceTimeline timeline = SdmSpliceTimeline.Create();
    private readonly RetiredSessions retired = new(logger);

    /// <summary>Switches made so far, and how many of them needed a discontinuity (tests and the soak read these).</summary>
    public int Splices { get; private set; }

    public int Discontinuities { get; private set; }

    public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        var url = await stream.GenerateAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            live = await SdmInnerSession.OpenAsync(connector.Create(url, audio), life.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (CameraSourceException e) when (e.InnerException is RtspStatusException { StatusCode: 403 or 404 })
        {
            // [obs] DESCRIBE 404/403: the stream is invalid or expired already; one new stream, then give up.
            logger.LogInformation("The new Nest stream URL was refused ({Reason}); generating another.", e.Message);
            url = await stream.GenerateAsync(cancellationToken).ConfigureAwait(false);
            live = await SdmInnerSession.OpenAsync(connector.Create(url, audio), life.Token, cancellationToken).ConfigureAwait(false);
        }

        stream.StartExtending();
        return live.Tracks;
    }

    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var current = live ?? throw new InvalidOperationException("OpenAsync must be called before ReadAsync.");
        List<BufferedFrame>? replay = null;
        var replayIndex = 0;
        var replayDiscontinuity = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (replay is not null)
            {
                // The new session's frames buffered from its IDR on go out first; their arrays go back once passed.
                if (replayIndex < replay.Count)
                {
                    var frame = replay[replayIndex++].Frame;
                    if (timeline.TryMap(frame, replayDiscontinuity, out var mapped))
                    {
                        replayDiscontinuity = false;
                        yield return mapped;
                    }

                    continue;
                }

                foreach (var used in replay)
                {
                    used.Return();
                }

                replay = null;
            }

            if (next is null && stream.NextUrls.TryRead(out var url))
            {
                next = SdmSpliceCandidate.Start(connector.Create(url, audio), logger, life.Token);
            }

            if (next is { Ready.IsCompleted: true, Failure: not null })
            {
                await DropCandidateAsync().ConfigureAwait(false);
                continue;
            }

            if (next is { Ready.IsCompleted: true })
            {
                (current, replay, replayDiscontinuity) = await SwitchAsync(current, false).ConfigureAwait(false);
                replayIndex = 0;
                continue;
            }

            var (got, failure) = await MoveNextAsync(current).ConfigureAwait(false);
            if (got is null)
            {
                continue; // the candidate became ready while we waited: switch at the top of the loop
            }

            if (got == false)
            {
                // The old session is gone: splice if the new one comes in time, with a discontinuity (there was a gap).
                // With no successor pending yet (an extension still in flight, or a dropped connection) take the next URL.
                if (next is null && await stream.AwaitNextUrlAsync(spliceWait, cancellationToken).ConfigureAwait(false) is { } successor)
                {
                    logger.LogInformation("The Nest stream session ended before its successor was ready; opening the next one.");
                    next = SdmSpliceCandidate.Start(connector.Create(successor, audio), logger, life.Token);
                }

                if (next is null || !await WaitForCandidateAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new CameraSourceException("The Nest stream ended.", failure!);
                }

                Discontinuities++;
                (current, replay, replayDiscontinuity) = await SwitchAsync(current, true).ConfigureAwait(false);
                replayIndex = 0;
                continue;
            }

            if (timeline.TryMap(current.Frames.Current, false, out var output))
            {
                yield return output;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await life.CancelAsync().ConfigureAwait(false);
        if (next is not null)
        {
            await next.DisposeAsync().ConfigureAwait(false);
        }

        if (live is not null)
        {
            await live.DisposeAsync().ConfigureAwait(false);
        }

        await retired.DrainAsync().ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
        life.Dispose();
    }

    /// <summary>true: a frame; false: the session ended (with the reason); null: the candidate became ready first.</summary>
    private async Task<(bool? Got, Exception? Failure)> MoveNextAsync(SdmInnerSession current)
    {
        try
        {
            var move = current.Frames.MoveNextAsync();
            if (next is null || move.IsCompleted)
            {
                return (await move.ConfigureAwait(false), new CameraSourceException("The Nest stream session ended."));
            }

            // Only while a splice is pending: wait for whichever comes first (one Task per frame for a second or two).
            var frame = move.AsTask();
            if (await Task.WhenAny(frame, next.Ready).ConfigureAwait(false) != frame)
            {
                // Leave the pending read to the old session's disposal (it is cancelled there).
                current.PendingRead = frame;
                return (null, null);
            }

            return (await frame.ConfigureAwait(false), new CameraSourceException("The Nest stream session ended."));
        }
        catch (Exception e) when (e is CameraSourceException or IOException || (e is OperationCanceledException && !life.IsCancellationRequested))
        {
            return (false, e);
        }
    }

    private async Task<bool> WaitForCandidateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await next!.Ready.WaitAsync(spliceWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }

        return next.Failure is null;
    }

    private async Task<(SdmInnerSession, List<BufferedFrame>, bool)> SwitchAsync(SdmInnerSession old, bool discontinuity)
    {
        var candidate = next!;
        next = null;
        var (session, frames) = await candidate.ClaimAsync().ConfigureAwait(false);
        await candidate.DisposeAsync().ConfigureAwait(false);
        if (session.Tracks.HasAudio != old.Tracks.HasAudio)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw new CameraSourceException("The extended Nest stream changed its tracks; restarting.");
        }

        live = session;
        retired.Retire(old);
        if (frames.Count > 0)
        {
            timeline.SpliceAt(frames[0].Dts);
        }

        Splices++;
        return (session, frames, discontinuity);
    }

    private async Task DropCandidateAsync()
    {
        var failed = next!;
        next = null;
        logger.LogInformation("The extended Nest stream could not be opened ({Reason}); asking for a new stream.", failed.Failure?.Message);
        await failed.DisposeAsync().ConfigureAwait(false);
        stream.RequestRegenerate();
    }
}
