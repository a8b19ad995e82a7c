namespace SmartHomeCam.Media;

/// <summary>
/// An Opus audio track (RFC 7587): its RTP clock is always 48 kHz whatever the coded bandwidth (§4.1), and the
/// frames carry that time converted to the 90 kHz clock every frame shares, so audio and video stay in sync
/// through the capture session. 48 kHz → 90 kHz is × 15 / 8 (exact for every Opus frame size: 2.5 ms = 120
/// samples = 225 ticks); a sender converts back with <see cref="ToRtpClock"/>.
/// </summary>
public sealed record OpusTrack(int Channels = 2)
{
    public const int ClockRate = 48_000;

    /// <summary>A 48 kHz sample count (or RTP timestamp difference) in 90 kHz units.</summary>
    public static long To90k(long samples48k) => samples48k * 15 / 8;

    /// <summary>A 90 kHz time in 48 kHz RTP units.</summary>
    public static long ToRtpClock(long pts90k) => pts90k * 8 / 15;
}
