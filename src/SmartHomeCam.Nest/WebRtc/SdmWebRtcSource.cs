using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;

namespace SmartHomeCam.Nest;

/// <summary>
/// A WEB_RTC Nest camera as one uninterrupted capture source. A wired camera's session is extended for as long as it
/// is watched; a battery doorbell's cannot be (spec §4), so when its session says so a new one is generated and
/// connected while the old still plays, and the output switches at the new session's first IDR with timestamps
/// carried on (the same splice as the RTSP case), after which the old session is stopped. Only when the old session
/// died before the new one had an IDR is the first new frame marked as a discontinuity.
/// </summary>
internal sealed class SdmWebRtcSource(Func<SdmWebRtcSession> newSession, TimeSpan spliceWait, TimeProvider clock, ILogger logger) : ICameraSource
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource life = new();
    private int disposed;
    private SdmInnerSession? live;
    private SdmWebRtcSession? liveSession;
    private SdmSpliceCandidate? next;
    private SdmWebRtcSession? nextSession;
    private SdmSpliceTimeline timeline = SdmSpliceTimeline.Create();
    private long retryAfter;
    private readonly RetiredSessions retired = new(logger);

    public int Splices { get; private set; }

    public int Discontinuities { get; private set; }

    public SdmWebRtcSession? LiveSession => liveSession;

    public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        liveSession = newSession();
        live = await SdmInnerSession.OpenAsync(liveSession, life.Token, cancellationToken).ConfigureAwait(false);
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
                if (replayIndex < replay.Count)
                {
                    if (timeline.TryMap(replay[replayIndex++].Frame, replayDiscontinuity, out var mapped))
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

            if (next is null && liveSession!.ReplacementDue.IsCompleted && clock.GetTimestamp() >= retryAfter)
            {
                nextSession = newSession();
                next = SdmSpliceCandidate.Start(nextSession, logger, life.Token);
            }

            if (next is { Ready.IsCompleted: true, Failure: not null })
            {
                logger.LogInformation("The next Nest WebRTC session could not be opened ({Reason}); trying again.", next.Failure.Message);
                await next.DisposeAsync().ConfigureAwait(false);
                next = null;
                retryAfter = clock.GetTimestamp() + (long)(RetryPause.TotalSeconds * clock.TimestampFrequency);
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
                continue;
            }

            if (got == false)
            {
                if (next is null || !await WaitForCandidateAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new CameraSourceException("The Nest WebRTC stream ended.", failure!);
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
        // A failed open disposes the session itself and its owner disposes it again: the second call is a no-op.
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await life.CancelAsync().ConfigureAwait(false);
        if (next is not null)
        {
            await next.DisposeAsync().ConfigureAwait(false);
        }

        if (live is not null)
        {
            await live.DisposeAsync().ConfigureAwait(false);
        }
        else if (liveSession is not null)
        {
            await liveSession.DisposeAsync().ConfigureAwait(false);
        }

        await retired.DrainAsync().ConfigureAwait(false);
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
                return (await move.ConfigureAwait(false), new CameraSourceException("The Nest WebRTC session ended."));
            }

            var frame = move.AsTask();
            if (await Task.WhenAny(frame, next.Ready).ConfigureAwait(false) != frame)
            {
                current.PendingRead = frame;
                return (null, null);
            }

            return (await frame.ConfigureAwait(false), new CameraSourceException("The Nest WebRTC session ended."));
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
        live = session;
        liveSession = nextSession;
        nextSession = null;
        retired.Retire(old); // StopWebRtcStream for the old session, off the frame path
        if (frames.Count > 0)
        {
            timeline.SpliceAt(frames[0].Dts);
        }

        Splices++;
        return (session, frames, discontinuity);
    }
}
