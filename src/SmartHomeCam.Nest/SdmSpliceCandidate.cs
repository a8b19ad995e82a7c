using System.Buffers;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;

namespace SmartHomeCam.Nest;

/// <summary>
/// The next RTSP session of a Nest stream, opened with the extended <c>auth</c> while the old session still plays
/// (spec §4: the old one dies at its original expiry). It is read in the background up to its first IDR and then
/// buffered (copies in pooled arrays, only for the instant of the splice) until the reader claims it and switches.
/// </summary>
internal sealed class SdmSpliceCandidate : IAsyncDisposable
{
    private const int MaxBufferedFrames = 2_000;
    private readonly List<BufferedFrame> buffered = [];
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopPump = new();
    private readonly Lock gate = new();
    private readonly Task pump;
    private SdmInnerSession? session;
    private volatile bool claimed;

    private SdmSpliceCandidate(ICameraSource source, ILogger logger, CancellationToken lifetime)
    {
        pump = PumpAsync(source, logger, lifetime);
    }

    /// <summary>Completes when the new session delivered its first IDR (or failed: see <see cref="Failure"/>).</summary>
    public Task Ready => ready.Task;

    public Exception? Failure { get; private set; }

    public static SdmSpliceCandidate Start(ICameraSource source, ILogger logger, CancellationToken lifetime) => new(source, logger, lifetime);

    /// <summary>Stops the background reading and hands over the session and the frames buffered from its first IDR on.</summary>
    public async Task<(SdmInnerSession Session, List<BufferedFrame> Frames)> ClaimAsync()
    {
        claimed = true;
        await pump.ConfigureAwait(false);
        var taken = Interlocked.Exchange(ref session, null) ?? throw new CameraSourceException("The new Nest stream session was lost.", Failure!);
        lock (gate)
        {
            var frames = new List<BufferedFrame>(buffered);
            buffered.Clear();
            return (taken, frames);
        }
    }

    public async ValueTask DisposeAsync()
    {
        claimed = true;
        await stopPump.CancelAsync().ConfigureAwait(false);
        // Release the session first: that also ends a read the pump may be waiting in.
        if (Interlocked.Exchange(ref session, null) is { } s)
        {
            await s.DisposeAsync().ConfigureAwait(false);
        }

        await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (Interlocked.Exchange(ref session, null) is { } late)
        {
            await late.DisposeAsync().ConfigureAwait(false);
        }

        lock (gate)
        {
            foreach (var frame in buffered)
            {
                frame.Return();
            }

            buffered.Clear();
        }

        stopPump.Dispose();
    }

    private async Task PumpAsync(ICameraSource source, ILogger logger, CancellationToken lifetime)
    {
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(lifetime, stopPump.Token);
            var opened = await SdmInnerSession.OpenAsync(source, lifetime, linked.Token).ConfigureAwait(false);
            session = opened;
            var sawIdr = false;
            while (!claimed)
            {
                if (!await opened.Frames.MoveNextAsync().ConfigureAwait(false))
                {
                    throw new CameraSourceException("The new Nest stream session ended before its first key frame.");
                }

                linked.Token.ThrowIfCancellationRequested();
                var frame = opened.Frames.Current;
                if (!sawIdr && (frame.Kind != MediaKind.Video || !frame.IsKeyframe))
                {
                    continue; // a splice can only start on an IDR
                }

                sawIdr = true;
                lock (gate)
                {
                    if (buffered.Count >= MaxBufferedFrames)
                    {
                        throw new CameraSourceException("The new Nest stream session was never claimed.");
                    }

                    buffered.Add(BufferedFrame.Copy(frame));
                }

                ready.TrySetResult();
            }
        }
        catch (Exception e)
        {
            if (!claimed)
            {
                logger.LogWarning("Opening the extended Nest stream failed: {Reason}", e.Message);
            }

            Failure = e;
            ready.TrySetResult();
        }
    }
}

/// <summary>A frame copied out of a session's reusable buffer into a pooled array.</summary>
internal readonly record struct BufferedFrame(byte[] Buffer, int Length, long Pts, long Dts, bool IsKeyframe, MediaKind Kind)
{
    public MediaFrame Frame => new(Buffer.AsMemory(0, Length), Pts, Dts, IsKeyframe, false, Kind);

    public static BufferedFrame Copy(in MediaFrame frame)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(frame.Data.Length);
        frame.Data.Span.CopyTo(buffer);
        return new BufferedFrame(buffer, frame.Data.Length, frame.Pts, frame.Dts, frame.IsKeyframe, frame.Kind);
    }

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}
