namespace SmartHomeCam.NestLegacy.Streaming;

/// <summary>
/// One channel's timeline: PTS (90 kHz) of its last packet, advanced by each packet's <c>timestamp_delta</c>
/// read in units of the channel's <c>sample_rate</c> from PLAYBACK_BEGIN (spec §4, §6: the units are not
/// documented; the channel clock is the reading that fits 90 000 Hz video and the audio sample rate).
/// </summary>
internal sealed class ChannelClock(uint sampleRate)
{
    public uint SampleRate { get; } = sampleRate == 0 ? 90_000 : sampleRate;

    public bool Started { get; set; }

    public long LastPts { get; set; }

    public long To90k(long delta) => delta * 90_000 / SampleRate;
}
