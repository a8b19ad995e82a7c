namespace SmartHomeCam.Media.Rtp;

/// <summary>Extends 32-bit RTP timestamps to 64 bits across wrap-around (the nearest value to the previous one).</summary>
public struct RtpTimestampUnwrapper
{
    private long _last;
    private bool _started;

    public long Unwrap(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            _last = timestamp;
            return _last;
        }

        _last += (int)(timestamp - (uint)_last);
        return _last;
    }

    /// <summary>The extended value of a timestamp near the last one, without moving the reference.</summary>
    public readonly long Peek(uint timestamp) => _started ? _last + (int)(timestamp - (uint)_last) : timestamp;
}
