using System.Buffers;

namespace SmartHomeCam.Media.Rtp;

/// <summary>
/// Puts RTP packets back in sequence-number order (16-bit, wrap-around) within a small window. A gap is waited
/// for until <see cref="Depth"/> later packets have arrived, then declared lost; a late or duplicate packet
/// (behind the window) is dropped; a jump beyond the window restarts it (everything in between is lost). Packets
/// are copied into pooled buffers, so nothing is allocated per packet once the pool is warm.
/// </summary>
public sealed class RtpReorderBuffer : IDisposable
{
    private const int Capacity = 64;
    private const int Mask = Capacity - 1;

    private readonly byte[]?[] _slots = new byte[]?[Capacity];
    private readonly int[] _lengths = new int[Capacity];
    private byte[]? _popped;
    private ushort _next;
    private bool _started;
    private int _buffered;
    private int _pendingLoss;

    /// <param name="depth">How many later packets may arrive before a missing one is given up (1 for TCP: no reordering there).</param>
    public RtpReorderBuffer(int depth = 8) => Depth = Math.Clamp(depth, 1, Capacity / 2);

    public int Depth { get; }

    /// <summary>Packets dropped because they came too late or twice.</summary>
    public long LateOrDuplicate { get; private set; }

    /// <summary>Sequence numbers given up as lost.</summary>
    public long Lost { get; private set; }

    /// <summary>Stores a copy of the packet; then call <see cref="TryPop"/> until it returns false.</summary>
    public void Push(ReadOnlySpan<byte> packet, ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _next = sequenceNumber;
        }

        var ahead = (ushort)(sequenceNumber - _next);
        if (ahead >= 0x8000)
        {
            var behind = 0x10000 - ahead;
            if (behind < Capacity * 4)
            {
                LateOrDuplicate++;
                return;
            }

            ahead = 0xFFFF; // far behind: the sender restarted its numbering
        }

        if (ahead >= Capacity)
        {
            // A jump past the window: what is buffered is older than a gap we can never fill; start over here.
            var skipped = ahead == 0xFFFF ? 1 : ahead - _buffered;
            Clear();
            _pendingLoss += skipped;
            Lost += skipped;
            _next = sequenceNumber;
        }

        var slot = sequenceNumber & Mask;
        if (_slots[slot] is not null)
        {
            LateOrDuplicate++;
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(packet.Length, 1));
        packet.CopyTo(buffer);
        _slots[slot] = buffer;
        _lengths[slot] = packet.Length;
        _buffered++;
    }

    /// <summary>
    /// The next in-order packet (valid until the next call), and how many packets were lost just before it.
    /// </summary>
    public bool TryPop(out ReadOnlySpan<byte> packet, out int lostBefore)
    {
        ReturnPopped();
        packet = default;
        lostBefore = 0;
        while (_buffered > 0)
        {
            var slot = _next & Mask;
            if (_slots[slot] is { } buffer)
            {
                _slots[slot] = null;
                _buffered--;
                _popped = buffer;
                packet = buffer.AsSpan(0, _lengths[slot]);
                lostBefore = _pendingLoss;
                _pendingLoss = 0;
                _next++;
                return true;
            }

            if (_buffered < Depth)
            {
                return false; // the gap may still be filled
            }

            _pendingLoss++;
            Lost++;
            _next++;
        }

        return false;
    }

    public void Dispose()
    {
        ReturnPopped();
        Clear();
    }

    private void Clear()
    {
        for (var i = 0; i < Capacity; i++)
        {
            if (_slots[i] is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                _slots[i] = null;
            }
        }

        _buffered = 0;
    }

    private void ReturnPopped()
    {
        if (_popped is not null)
        {
            ArrayPool<byte>.Shared.Return(_popped);
            _popped = null;
        }
    }
}
