using System.Buffers.Binary;

namespace SmartHomeCam.WebRtc.Rtp;

/// <summary>
/// The RTP payloads of one frame in one growable buffer (reused frame after frame), each with its marker bit.
/// Written by <see cref="H264Packetizer"/>; read by every viewer's sender.
/// </summary>
public sealed class RtpPayloadList
{
    private byte[] data = new byte[64 * 1024];
    private readonly List<(int Offset, int Length, bool Marker)> items = [];
    private int used;

    public int Count => items.Count;

    public int TotalBytes => used;

    public ReadOnlySpan<byte> Payload(int index) => data.AsSpan(items[index].Offset, items[index].Length);

    public bool Marker(int index) => items[index].Marker;

    public void Clear()
    {
        items.Clear();
        used = 0;
    }

    /// <summary>Starts a new payload; returns its index.</summary>
    internal int Begin()
    {
        items.Add((used, 0, false));
        return items.Count - 1;
    }

    internal int CurrentLength(int index) => items[index].Length;

    internal void AppendToLast(ReadOnlySpan<byte> bytes, bool withLengthPrefix = false)
    {
        var extra = bytes.Length + (withLengthPrefix ? 2 : 0);
        Ensure(extra);
        if (withLengthPrefix)
        {
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(used), (ushort)bytes.Length);
            used += 2;
        }

        bytes.CopyTo(data.AsSpan(used));
        used += bytes.Length;
        var last = items[^1];
        items[^1] = (last.Offset, last.Length + extra, false);
    }

    /// <summary>A STAP-A's NRI is the highest of its units' (RFC 6184 §5.7.1).</summary>
    internal void RaiseNri(byte nalHeader)
    {
        var first = items[^1].Offset;
        if ((nalHeader & 0x60) > (data[first] & 0x60))
        {
            data[first] = (byte)((data[first] & 0x9F) | (nalHeader & 0x60));
        }
    }

    internal void UnwrapSingleStapA(int index)
    {
        var (offset, length, marker) = items[index];
        // [STAP-A][len:2][nal…] → [nal…]
        data.AsSpan(offset + 3, length - 3).CopyTo(data.AsSpan(offset));
        items[index] = (offset, length - 3, marker);
        if (index == items.Count - 1)
        {
            used -= 3;
        }
    }

    internal void MarkLast()
    {
        if (items.Count > 0)
        {
            var last = items[^1];
            items[^1] = (last.Offset, last.Length, true);
        }
    }

    private void Ensure(int extra)
    {
        if (used + extra > data.Length)
        {
            Array.Resize(ref data, Math.Max(data.Length * 2, used + extra));
        }
    }
}
