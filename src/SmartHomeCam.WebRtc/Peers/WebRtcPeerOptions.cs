namespace SmartHomeCam.WebRtc.Peers;

/// <summary>Timers of one peer.</summary>
public sealed record WebRtcPeerOptions
{
    /// <summary>ICE and DTLS must both complete within this time of the answer.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>RFC 7675 §5.1: consent lapses 30 s after the last authenticated check from the peer.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the peer's timers and authorization are checked.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);
}
