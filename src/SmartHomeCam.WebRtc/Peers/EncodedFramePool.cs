using System.Collections.Concurrent;

namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// Released encoded frames (<see cref="EncodedVideoFrame"/>, <see cref="EncodedAudioFrame"/>) of one camera, for reuse
/// (bounded: a burst of slow viewers holding many frames must not pin them all forever).
/// </summary>
internal sealed class EncodedFramePool<T>(int capacity = 1024)
    where T : class
{
    private readonly ConcurrentQueue<T> free = new();
    private int count;

    public T? TryTake()
    {
        if (free.TryDequeue(out var frame))
        {
            Interlocked.Decrement(ref count);
            return frame;
        }

        return null;
    }

    public void Return(T frame)
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
