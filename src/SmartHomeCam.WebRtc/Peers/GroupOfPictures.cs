namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// The frames from one IDR up to the newest, bounded in count and bytes (a camera with long key-frame
/// intervals must not grow memory without limit; past the bound, late joiners wait for the next IDR).
/// Holds a reference on each frame it keeps until <see cref="Close"/> (the next IDR started a new GOP).
/// </summary>
public sealed class GroupOfPictures(int maxFrames = 600, long maxBytes = 16 * 1024 * 1024)
{
    private readonly Lock gate = new();
    private readonly List<EncodedVideoFrame> frames = new(64);
    private long bytes;
    private bool closed;

    /// <summary>False once a frame could not be kept: replaying this GOP would skip references.</summary>
    public bool Complete { get; private set; } = true;

    internal int Append(EncodedVideoFrame frame)
    {
        lock (gate)
        {
            if (closed || !Complete || frames.Count >= maxFrames || bytes + frame.ByteCount > maxBytes)
            {
                Complete = false;
                return -1;
            }

            frame.AddRef();
            frames.Add(frame);
            bytes += frame.ByteCount;
            return frames.Count - 1;
        }
    }

    /// <summary>
    /// Adds the frames before <paramref name="count"/>, starting with the IDR, to <paramref name="into"/>, each with a
    /// reference the caller releases; nothing when the GOP is incomplete or already closed.
    /// </summary>
    public void Take(int count, List<EncodedVideoFrame> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        lock (gate)
        {
            if (closed || !Complete || count > frames.Count)
            {
                return;
            }

            for (var i = 0; i < count; i++)
            {
                frames[i].AddRef();
                into.Add(frames[i]);
            }
        }
    }

    /// <summary>The GOP is no longer current: its references go (frames still queued at viewers live on until sent).</summary>
    internal void Close()
    {
        lock (gate)
        {
            if (closed)
            {
                return;
            }

            closed = true;
            foreach (var frame in frames)
            {
                frame.Release();
            }

            frames.Clear();
        }
    }
}
