namespace SmartHomeCam.Rtsp.Transcoded;

/// <summary>
/// The camera's presentation timestamps of the pictures handed to the encoder, in order. The encoder (x264,
/// zero-latency: no B-frames, frame-rate passthrough) emits exactly one picture per input picture in the same
/// order, so each output picture takes the next queued timestamp and the camera's clock survives the transcode.
/// Bounded: if the encoder ever drops pictures, the oldest entries go and the mapping resynchronises.
/// </summary>
internal sealed class TimestampQueue
{
    private const int Capacity = 256;
    private readonly Queue<long> _queue = new(Capacity);
    private readonly Lock _lock = new();
    private long _last = long.MinValue;

    public void Enqueue(long pts)
    {
        lock (_lock)
        {
            if (_queue.Count == Capacity)
            {
                _queue.Dequeue();
            }

            _queue.Enqueue(pts);
        }
    }

    /// <summary>The next queued timestamp, or one frame (at 25 fps) after the last if the encoder ran ahead.</summary>
    public long Next()
    {
        lock (_lock)
        {
            _last = _queue.TryDequeue(out var pts) ? pts : _last == long.MinValue ? 0 : _last + 3600;
            return _last;
        }
    }
}
