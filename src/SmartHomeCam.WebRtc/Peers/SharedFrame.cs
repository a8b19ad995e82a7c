namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// The reference count of a pooled frame every viewer of a camera shares (<see cref="EncodedVideoFrame"/>,
/// <see cref="EncodedAudioFrame"/>): the last <see cref="Release"/> hands its buffers back through
/// <see cref="Free"/>. A holder must never touch a frame it released; doing so throws rather than corrupting a
/// buffer another camera already reuses.
/// </summary>
public abstract class SharedFrame
{
    private int references;

    /// <summary>Live references (tests and diagnostics).</summary>
    public int References => Volatile.Read(ref references);

    /// <summary>Takes one more reference; only valid while the caller (or someone it acts for) holds one.</summary>
    public void AddRef()
    {
        if (Interlocked.Increment(ref references) <= 1)
        {
            throw new InvalidOperationException("A released frame was referenced again.");
        }
    }

    /// <summary>Gives one reference back; the last one frees the frame.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref references);
        if (left > 0)
        {
            return;
        }

        if (left < 0)
        {
            throw new InvalidOperationException("A frame was released more often than referenced.");
        }

        Free();
    }

    /// <summary>A frame (new or from its pool) starts with the one reference its creator holds.</summary>
    protected void TakeFirstReference() => references = 1;

    /// <summary>Returns the buffers to their pools and the frame to its own.</summary>
    protected abstract void Free();
}
