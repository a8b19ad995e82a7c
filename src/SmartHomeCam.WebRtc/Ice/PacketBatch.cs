using System.Runtime.InteropServices;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>
/// Datagrams to one remote address laid end to end in one pinned buffer, so that a run of equal-sized datagrams
/// (the last may be shorter) leaves in one system call with UDP segmentation offload (<see cref="UdpMux.SendBatch"/>).
/// A frame's FU-A fragments are exactly such a run. Owned by one sender (a peer's send loop); the buffer never moves,
/// so the kernel can be handed its address.
/// </summary>
public sealed class PacketBatch
{
    /// <summary>Segments per send: well inside the kernel's limit (64 before Linux 5.x, 128 after) and 64 kB.</summary>
    public const int MaxSegments = 40;

    /// <summary>Room at the start of the buffer for the native message header's parts (iovec, control message, address).</summary>
    internal const int ScratchLength = 128;

    private readonly byte[] buffer;
    private int start = ScratchLength;
    private int end = ScratchLength;
    private bool closed;

    public PacketBatch(int capacity = 60 * 1024)
    {
        buffer = GC.AllocateArray<byte>(ScratchLength + capacity, pinned: true);
    }

    /// <summary>Datagrams waiting.</summary>
    public int Count { get; private set; }

    /// <summary>The size of the first waiting datagram: every one but the last has it.</summary>
    public int SegmentSize { get; private set; }

    /// <summary>The waiting datagrams, end to end.</summary>
    public ReadOnlySpan<byte> Pending => buffer.AsSpan(start, end - start);

    /// <summary>Sends the pending datagrams one by one on <paramref name="path"/> (where no segmented send is possible).</summary>
    public void SendEach(IPacketPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var pending = Pending;
        for (var at = 0; at < pending.Length; at += SegmentSize)
        {
            path.Send(pending.Slice(at, Math.Min(SegmentSize, pending.Length - at)));
        }
    }

    /// <summary>The space after the waiting datagrams for the next one; empty when less than <paramref name="maxLength"/> is left (send first, then <see cref="Reset"/>).</summary>
    public Span<byte> Tail(int maxLength) => end + maxLength <= buffer.Length ? buffer.AsSpan(end, maxLength) : default;

    /// <summary>Whether a datagram of <paramref name="length"/> bytes written at <see cref="Tail"/> may join the waiting ones in one send.</summary>
    public bool CanJoin(int length) => Count == 0 || (!closed && length <= SegmentSize && Count < MaxSegments);

    /// <summary>The datagram written at <see cref="Tail"/> joins the batch (check <see cref="CanJoin"/> first; else send and <see cref="Skip"/>).</summary>
    public void Commit(int length)
    {
        if (!CanJoin(length) || end + length > buffer.Length)
        {
            throw new InvalidOperationException("This datagram cannot join the batch.");
        }

        if (Count == 0)
        {
            SegmentSize = length;
        }
        else if (length < SegmentSize)
        {
            closed = true; // a shorter datagram can only be the last of a segmented send
        }

        end += length;
        Count++;
    }

    /// <summary>The waiting datagrams were sent: the next batch begins at the tail (where a datagram may already be written).</summary>
    public void Skip()
    {
        start = end;
        Count = 0;
        SegmentSize = 0;
        closed = false;
    }

    /// <summary>Nothing waits and nothing is written at the tail: start again at the front of the buffer.</summary>
    public void Reset()
    {
        Skip();
        start = end = ScratchLength;
    }

    internal Span<byte> Scratch => buffer.AsSpan(0, ScratchLength);

    internal nint Address(int offset) => Marshal.UnsafeAddrOfPinnedArrayElement(buffer, offset);

    internal nint PendingAddress => Address(start);
}
