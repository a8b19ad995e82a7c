namespace SmartHomeCam.NestLegacy.Streaming;

/// <summary>
/// Turns <c>timestamp_delta</c>s into 90 kHz PTS that follow the camera's clock, not packet arrival (which
/// bunches up on a congested link). A channel's first packet on a connection is placed at its arrival time, so
/// timestamps keep rising across reconnects. When the deltas are implausible (negative, a jump over
/// <see cref="MaxStep90k"/>, or drifting further than the allowed drift from the arrival clock) the mapper
/// switches to the arrival clock for good and says so once, so the caller logs it once.
/// </summary>
internal sealed class NexusTimestampMapper(long maxDrift90k)
{
    /// <summary>5 s: no camera leaves that gap between two packets of one channel and keeps streaming.</summary>
    public const long MaxStep90k = 5 * 90_000;

    public bool UsingArrivalClock { get; private set; }

    /// <summary>The implausible value that caused the switch, for the one log line.</summary>
    public string? FallbackReason { get; private set; }

    /// <param name="justFellBack">True exactly once: on the packet that made the mapper give up on camera timestamps.</param>
    public long Map(ChannelClock channel, int delta, long arrival90k, out bool justFellBack)
    {
        ArgumentNullException.ThrowIfNull(channel);
        justFellBack = false;
        long pts;
        if (!channel.Started)
        {
            pts = Math.Max(arrival90k, channel.LastPts);
            channel.Started = true;
        }
        else if (UsingArrivalClock)
        {
            pts = Math.Max(arrival90k, channel.LastPts);
        }
        else
        {
            var step = channel.To90k(delta);
            pts = channel.LastPts + step;
            string? implausible = null;
            if (delta < 0)
            {
                implausible = $"negative timestamp_delta {delta}";
            }
            else if (step > MaxStep90k)
            {
                implausible = $"timestamp_delta {delta} at {channel.SampleRate} Hz jumps {step / 90_000.0:0.#} s";
            }
            else if (Math.Abs(pts - arrival90k) > maxDrift90k)
            {
                implausible = $"camera clock {Math.Abs(pts - arrival90k) / 90_000.0:0.#} s away from the arrival clock";
            }

            if (implausible is not null)
            {
                UsingArrivalClock = true;
                FallbackReason = implausible;
                justFellBack = true;
                pts = Math.Max(arrival90k, channel.LastPts);
            }
        }

        channel.LastPts = pts;
        return pts;
    }
}
