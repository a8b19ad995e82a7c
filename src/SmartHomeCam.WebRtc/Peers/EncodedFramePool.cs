using System.Collections.Concurrent;

namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// Released <see cref="EncodedVideoFrame"/> objects of one camera, for reuse (bounded: a burst of slow viewers
/// holding many frames must not pin them all forever).
/// </summary>
internal sealed class EncodedFramePool(int capacity = 1024)
{
    private readonly ConcurrentQueue<EncodedVideoFrame> free = new();
    private int count;

    public EncodedVideoFrame? TryTake()
    {
        if (free.TryDequeue(out var frame))
        {
            Interlocked.Decrement(ref count);
            return frame;
        }

        return null;
    }

    public void Return(EncodedVideoFrame frame)
    {
        if (Interlocked.Increment(ref count) <= capacity)
        {
            free.Enqueue(frame);
        }
        else
        {
            Interlocked.Decrement(ref count);
        }
    }
}
