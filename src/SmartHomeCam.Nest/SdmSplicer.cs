using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;

namespace SmartHomeCam.Nest;

/// <summary>
/// One uninterrupted output over a Nest stream's successive sessions (RTSP and WebRTC alike, spec §4): the live
/// session is read until its successor has an IDR, then the output switches there with timestamps carried on (no gap,
/// no discontinuity); only when the live session died before the successor was ready is its first frame marked as a
/// discontinuity. Replaced sessions are released off the frame path.
/// </summary>
internal sealed class SdmSplicer(ISdmSpliceSessions sessions, string name, TimeSpan spliceWait, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource life = new();
    private readonly RetiredSessions retired = new(logger);
    private SdmInnerSession? live;
    private SdmSpliceCandidate? next;
    private SdmSpliceTimeline timeline = SdmSpliceTimeline.Create();

    /// <summary>Switches made so far, and how many of them needed a discontinuity.</summary>
    public int Splices { get; private set; }

    public int Discontinuities { get; private set; }

    /// <summary>Whether a session was opened (its disposal is then ours).</summary>
    public bool HasLive => live is not null;

    /// <summary>Opens the first session (the source is disposed when that fails).</summary>
    public async Task<MediaTracks> OpenAsync(ICameraSource source, CancellationToken cancellationToken)
    {
        live = await SdmInnerSession.OpenAsync(source, life.Token, cancellationToken).ConfigureAwait(false);
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
                // The successor's frames buffered from its IDR on go out first; their arrays go back once passed.
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

            if (next is null && sessions.NextCandidate() is { } candidate)
            {
                next = SdmSpliceCandidate.Start(candidate, logger, life.Token);
            }

            if (next is { Ready.IsCompleted: true, Failure: { } failed })
            {
                await next.DisposeAsync().ConfigureAwait(false);
                next = null;
                sessions.CandidateFailed(failed);
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
                continue; // the successor became ready while we waited: switch at the top of the loop
            }

            if (got == false)
            {
                // The live session is gone: splice if the successor comes in time, with a discontinuity (there was a gap).
                if (next is null && await sessions.SuccessorAfterEndAsync(cancellationToken).ConfigureAwait(false) is { } successor)
                {
                    logger.LogInformation("The {Stream} session ended before its successor was ready; opening the next one.", name);
                    next = SdmSpliceCandidate.Start(successor, logger, life.Token);
                }

                if (next is null || !await WaitForCandidateAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new CameraSourceException($"The {name} ended.", failure!);
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
        life.Dispose();
    }

    /// <summary>true: a frame; false: the session ended (with the reason); null: the successor became ready first.</summary>
    private async Task<(bool? Got, Exception? Failure)> MoveNextAsync(SdmInnerSession current)
    {
        try
        {
            var move = current.Frames.MoveNextAsync();
            if (next is null || move.IsCompleted)
            {
                return (await move.ConfigureAwait(false), new CameraSourceException($"The {name} session ended."));
            }

            // Only while a splice is pending: wait for whichever comes first (one Task per frame for a second or two).
            var frame = move.AsTask();
            if (await Task.WhenAny(frame, next.Ready).ConfigureAwait(false) != frame)
            {
                // Leave the pending read to the old session's disposal (it is cancelled there).
                current.PendingRead = frame;
                return (null, null);
            }

            return (await frame.ConfigureAwait(false), new CameraSourceException($"The {name} session ended."));
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
        try
        {
            sessions.Switching(old.Tracks, session.Tracks);
        }
        catch (CameraSourceException)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            foreach (var frame in frames)
            {
                frame.Return();
            }

            throw;
        }

        live = session;
        retired.Retire(old); // TEARDOWN / StopWebRtcStream for the old session, off the frame path
        if (frames.Count > 0)
        {
            timeline.SpliceAt(frames[0].Dts);
        }

        Splices++;
        return (session, frames, discontinuity);
    }
}
