namespace SmartHomeCam.WebRtc.Rtp;

/// <summary>
/// Reads what a forwarder needs from an Opus packet without decoding it: its duration from the TOC byte and
/// frame count (RFC 6716 §3.1–§3.2), and whether it is well formed (§3.4 R1–R7, the length rules). A packet that
/// fails here is dropped, never passed on: a decoder must not be fed bytes its own checks would refuse.
/// </summary>
public static class OpusPacket
{
    /// <summary>§3.2.1: no frame may be longer than 1275 bytes.</summary>
    public const int MaxFrameBytes = 1275;

    /// <summary>§3.4 R5: at most 120 ms of audio per packet (5760 samples at 48 kHz).</summary>
    public const int MaxSamples = 5760;

    /// <summary>Samples at 48 kHz of one frame of each TOC configuration (§3.1, Table 2).</summary>
    private static ReadOnlySpan<short> FrameSamples =>
    [
        480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880, // SILK NB, MB, WB: 10, 20, 40, 60 ms
        480, 960, 480, 960, // Hybrid SWB, FB: 10, 20 ms
        120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, // CELT: 2.5, 5, 10, 20 ms
    ];

    /// <summary>The packet's duration in 48 kHz samples; false when it is malformed.</summary>
    public static bool TryGetDuration(ReadOnlySpan<byte> packet, out int samples)
    {
        samples = 0;
        if (packet.IsEmpty)
        {
            return false; // R1
        }

        var perFrame = FrameSamples[packet[0] >> 3];
        var body = packet.Length - 1;
        int frames;
        switch (packet[0] & 0x3)
        {
            case 0: // one frame
                frames = 1;
                if (body > MaxFrameBytes)
                {
                    return false; // R2
                }

                break;
            case 1: // two frames of equal size
                frames = 2;
                if (body % 2 != 0 || body / 2 > MaxFrameBytes)
                {
                    return false; // R3
                }

                break;
            case 2: // two frames, the first one's length coded
                frames = 2;
                if (!TryReadLength(packet[1..], out var first, out var used) || first > body - used || body - used - first > MaxFrameBytes)
                {
                    return false; // R4
                }

                break;
            default: // code 3: a frame count byte, optional padding, CBR or VBR
                if (!TryCheckCode3(packet, out frames))
                {
                    return false; // R5–R7
                }

                break;
        }

        samples = frames * perFrame;
        return samples <= MaxSamples;
    }

    private static bool TryCheckCode3(ReadOnlySpan<byte> packet, out int frames)
    {
        frames = 0;
        if (packet.Length < 2)
        {
            return false;
        }

        var vbr = (packet[1] & 0x80) != 0;
        var padded = (packet[1] & 0x40) != 0;
        frames = packet[1] & 0x3F;
        if (frames == 0)
        {
            return false; // R5: at least one frame
        }

        var at = 2;
        var padding = 0;
        while (padded)
        {
            if (at >= packet.Length)
            {
                return false;
            }

            var b = packet[at++];
            padding += b == 255 ? 254 : b;
            padded = b == 255;
        }

        var remaining = packet.Length - at - padding;
        if (remaining < 0)
        {
            return false;
        }

        if (!vbr)
        {
            return remaining % frames == 0 && remaining / frames <= MaxFrameBytes; // R6
        }

        for (var i = 0; i < frames - 1; i++)
        {
            if (!TryReadLength(packet[at..], out var length, out var used))
            {
                return false;
            }

            at += used;
            remaining -= used + length;
            if (remaining < 0)
            {
                return false; // R7
            }
        }

        return remaining <= MaxFrameBytes;
    }

    /// <summary>A frame length in one or two bytes (§3.2.1).</summary>
    private static bool TryReadLength(ReadOnlySpan<byte> data, out int length, out int used)
    {
        length = 0;
        used = 0;
        if (data.IsEmpty)
        {
            return false;
        }

        if (data[0] < 252)
        {
            (length, used) = (data[0], 1);
            return true;
        }

        if (data.Length < 2)
        {
            return false;
        }

        (length, used) = (data[0] + (4 * data[1]), 2);
        return true;
    }
}
