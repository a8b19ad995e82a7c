using SmartHomeCam.WebRtc.Ice;

namespace SmartHomeCam.WebRtc.Receive;

/// <summary>Settings of the receive-only peer (bound from <c>WebRtcReceive</c> by the hosts that use it).</summary>
public sealed class WebRtcReceiverOptions
{
    public IceControllingAgentOptions Ice { get; set; } = new();

    /// <summary>No RTP for this long ends the stream (the peer stopped at expiry or went away).</summary>
    public TimeSpan MediaTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Receiver reports at this interval (RFC 3550 §6.2 allows 5 s; a second keeps the sender's view current).</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A PLI is repeated at most this often while a key frame is awaited (start, after loss).</summary>
    public TimeSpan PliInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// No key frame for this long: ask for one (PLI). Google's senders make key frames only when asked, and HLS can
    /// cut a segment only at a key frame, so without this the first segment (and every one after it) would wait for
    /// the sender's own, tens of seconds apart. Zero: only at the start and after a loss.
    /// </summary>
    public TimeSpan KeyframeInterval { get; set; } = TimeSpan.FromSeconds(2);
}
