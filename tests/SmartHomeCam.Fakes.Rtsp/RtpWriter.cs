using System.Buffers.Binary;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>
/// Builds RTP packets (RFC 3550 §5.1) into one reusable buffer: H.264 per RFC 6184 (single NAL unit or FU-A) and
/// AAC per RFC 3640 AAC-hbr (one AU per packet, 13-bit size + 3-bit index).
/// </summary>
internal sealed class RtpWriter(int payloadType, uint ssrc, int maxPayload)
{
    private readonly byte[] _packet = new byte[12 + maxPayload + 4];

    public ushort Sequence { get; private set; } = (ushort)Random.Shared.Next(ushort.MaxValue);

    public uint Ssrc { get; } = ssrc;

    public long Packets { get; private set; }

    public long Octets { get; private set; }

    /// <summary>Sends every NAL unit of one access unit; the marker goes on the last packet.</summary>
    public async ValueTask WriteAccessUnitAsync(ReadOnlyMemory<byte> accessUnit, uint timestamp, Func<ReadOnlyMemory<byte>, ValueTask> send)
    {
        var nals = SplitNals(accessUnit);
        for (var n = 0; n < nals.Count; n++)
        {
            var nal = nals[n];
            var lastNal = n == nals.Count - 1;
            if (nal.Length <= maxPayload)
            {
                var length = Header(timestamp, lastNal);
                nal.Span.CopyTo(_packet.AsSpan(length));
                await SendAsync(length + nal.Length, nal.Length, send).ConfigureAwait(false);
                continue;
            }

            var indicator = (byte)((nal.Span[0] & 0xE0) | 28);
            var type = (byte)(nal.Span[0] & 0x1F);
            var offset = 1;
            while (offset < nal.Length)
            {
                var chunk = Math.Min(maxPayload - 2, nal.Length - offset);
                var end = offset + chunk == nal.Length;
                var length = Header(timestamp, end && lastNal);
                _packet[length] = indicator;
                _packet[length + 1] = (byte)(type | (offset == 1 ? 0x80 : 0) | (end ? 0x40 : 0));
                nal.Span.Slice(offset, chunk).CopyTo(_packet.AsSpan(length + 2));
                await SendAsync(length + 2 + chunk, chunk + 2, send).ConfigureAwait(false);
                offset += chunk;
            }
        }
    }

    /// <summary>One raw AAC frame with its AU header section.</summary>
    public ValueTask WriteAacAsync(ReadOnlyMemory<byte> frame, uint timestamp, Func<ReadOnlyMemory<byte>, ValueTask> send)
    {
        var length = Header(timestamp, true);
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(length), 16); // AU-headers-length in bits
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(length + 2), (ushort)(frame.Length << 3));
        var payload = Math.Min(frame.Length, _packet.Length - length - 4);
        frame.Span[..payload].CopyTo(_packet.AsSpan(length + 4));
        return SendAsync(length + 4 + payload, payload + 4, send);
    }

    private async ValueTask SendAsync(int length, int payload, Func<ReadOnlyMemory<byte>, ValueTask> send)
    {
        Packets++;
        Octets += payload;
        await send(_packet.AsMemory(0, length)).ConfigureAwait(false);
    }

    private int Header(uint timestamp, bool marker)
    {
        _packet[0] = 0x80;
        _packet[1] = (byte)(payloadType | (marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), Sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), Ssrc);
        return 12;
    }

    private static List<ReadOnlyMemory<byte>> SplitNals(ReadOnlyMemory<byte> accessUnit)
    {
        var list = new List<ReadOnlyMemory<byte>>(4);
        var span = accessUnit.Span;
        var start = -1;
        var i = 0;
        while (i + 2 < span.Length)
        {
            if (span[i] == 0 && span[i + 1] == 0 && span[i + 2] == 1)
            {
                if (start >= 0)
                {
                    list.Add(Trim(accessUnit[start..i]));
                }

                i += 3;
                start = i;
                continue;
            }

            i++;
        }

        if (start >= 0 && start < span.Length)
        {
            list.Add(Trim(accessUnit[start..]));
        }

        list.RemoveAll(n => n.IsEmpty);
        return list;
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> nal)
    {
        var end = nal.Length;
        while (end > 0 && nal.Span[end - 1] == 0)
        {
            end--;
        }

        return nal[..end];
    }
}
