using SmartHomeCam.WebRtc.Rtp;

namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// The video packets a viewer sent lately, by sequence number, for answering NACKs (RFC 4585 §6.2.1). A slot names the
/// shared frame, the payload's index in it and the packet's timestamp instead of holding a copy of the packet: the
/// payload bytes are the ones every viewer shares and the header is rebuilt, so a viewer's history is a few kB, not
/// 512 packets. The history holds one reference per frame it names (taken in <see cref="BeginFrame"/>) and gives it
/// back once the sequence numbers have moved on by the history's size past the frame's last packet (no slot names it
/// any more). Video sequence numbers must be recorded consecutively. Used by one thread (the peer's send loop).
/// </summary>
internal sealed class VideoSendHistory : IDisposable
{
    private readonly Slot[] slots;
    private readonly int mask;
    private Held[] held = new Held[64];
    private int heldStart;
    private int heldCount;
    private ushort newest;
    private bool started;

    public VideoSendHistory(int size = 512)
    {
        if (size < 16 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), "A power of two, at least 16.");
        }

        slots = new Slot[size];
        mask = size - 1;
    }

    /// <summary>Frames the history holds a reference on (tests and diagnostics).</summary>
    public int FramesHeld => heldCount;

    /// <summary>The next <see cref="Record"/> calls are packets of <paramref name="frame"/>: takes a reference on it.</summary>
    public void BeginFrame(EncodedVideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        frame.AddRef();
        if (heldCount == held.Length)
        {
            var larger = new Held[held.Length * 2];
            for (var i = 0; i < heldCount; i++)
            {
                larger[i] = held[(heldStart + i) % held.Length];
            }

            held = larger;
            heldStart = 0;
        }

        held[(heldStart + heldCount) % held.Length] = new Held(frame, newest);
        heldCount++;
    }

    /// <summary>Remembers that <paramref name="sequence"/> (the one after the last recorded) carried payload <paramref name="index"/> of the current frame.</summary>
    public void Record(ushort sequence, int index, uint timestamp)
    {
        if (heldCount == 0)
        {
            throw new InvalidOperationException("BeginFrame first.");
        }

        ref var current = ref held[(heldStart + heldCount - 1) % held.Length];
        current = current with { Last = sequence };
        slots[sequence & mask] = new Slot(current.Frame, index, sequence, timestamp);
        newest = sequence;
        started = true;

        // Frames whose last packet's slot has been written over since: no slot names them now.
        while (heldCount > 1 && (ushort)(newest - held[heldStart].Last) > mask)
        {
            held[heldStart].Frame.Release();
            held[heldStart] = default;
            heldStart = (heldStart + 1) % held.Length;
            heldCount--;
        }
    }

    /// <summary>
    /// Writes the RTP packet sent as <paramref name="sequence"/> (header and shared payload) into <paramref name="packet"/>;
    /// 0 when it is no longer (or never was) in the history.
    /// </summary>
    public int Write(ushort sequence, Span<byte> packet, int payloadType, uint ssrc)
    {
        var slot = slots[sequence & mask];
        if (!started || slot.Frame is null || slot.Sequence != sequence || (ushort)(newest - sequence) > mask)
        {
            return 0;
        }

        return RtpHeader.Write(packet, payloadType, slot.Frame.Marker(slot.Index), sequence, slot.Timestamp, ssrc, slot.Frame.Payload(slot.Index));
    }

    /// <summary>Gives back every reference (the peer is closing).</summary>
    public void Dispose()
    {
        Array.Clear(slots);
        for (var i = 0; i < heldCount; i++)
        {
            held[(heldStart + i) % held.Length].Frame.Release();
        }

        Array.Clear(held);
        heldCount = 0;
        started = false;
    }

    private readonly record struct Slot(EncodedVideoFrame? Frame, int Index, ushort Sequence, uint Timestamp);

    private readonly record struct Held(EncodedVideoFrame Frame, ushort Last);
}
