using SmartHomeCam.Media.Sdp;

namespace SmartHomeCam.Media.Rtp;

/// <summary>
/// AAC access units from <c>mpeg4-generic</c> RTP payloads (RFC 3640 §3.2-3.3): a 16-bit AU-headers-length (in
/// bits), AU headers of sizelength + indexlength (first) or indexdeltalength (later) bits, then the units back to
/// back; a unit larger than one packet is fragmented over packets with the same timestamp. Each unit comes out
/// as an ADTS frame (ISO/IEC 14496-3 §1.A.2), the form the TS muxer and HLS want. Unit i of a packet plays at
/// the packet's timestamp + i × 1024 samples.
/// </summary>
public sealed class AacDepacketizer : IDisposable
{
    private const int SamplesPerFrame = 1024;
    private const int MaxFrameLength = 8191 - AdtsWriter.HeaderLength; // ADTS frame_length is 13 bits

    private readonly AacFormatParameters _format;
    private readonly AudioFrameHandler _handler;
    private readonly byte[] _frame = new byte[8192];
    private int _fragmentSize;
    private int _fragmentFilled;
    private uint _fragmentTimestamp;
    private bool _discontinuity;

    public AacDepacketizer(AacFormatParameters format, AudioFrameHandler handler)
    {
        _format = format;
        _handler = handler;
    }

    public long MalformedPackets { get; private set; }

    public void Push(ReadOnlySpan<byte> payload, uint timestamp, bool marker, int lostBefore = 0)
    {
        _ = marker;
        if (lostBefore > 0)
        {
            _fragmentSize = 0;
            _discontinuity = true;
        }

        if (payload.Length < 2)
        {
            MalformedPackets++;
            return;
        }

        var headerBits = (payload[0] << 8) | payload[1];
        var headerBytes = (headerBits + 7) / 8;
        if (headerBits == 0 || 2 + headerBytes > payload.Length)
        {
            MalformedPackets++;
            return;
        }

        var headers = payload.Slice(2, headerBytes);
        var data = payload[(2 + headerBytes)..];

        // A continuation of a fragmented unit carries one header with the whole unit's size (§3.2.3.1).
        if (_fragmentSize > 0 && timestamp == _fragmentTimestamp)
        {
            var room = _fragmentSize - _fragmentFilled;
            var take = Math.Min(room, data.Length);
            data[..take].CopyTo(_frame.AsSpan(AdtsWriter.HeaderLength + _fragmentFilled));
            _fragmentFilled += take;
            if (_fragmentFilled == _fragmentSize)
            {
                EmitFrame(_fragmentSize, _fragmentTimestamp);
                _fragmentSize = 0;
            }

            return;
        }

        _fragmentSize = 0;
        var reader = new BitReaderLite(headers, headerBits);
        var index = 0;
        var firstHeader = true;
        while (reader.Remaining >= _format.SizeLength + (firstHeader ? _format.IndexLength : _format.IndexDeltaLength))
        {
            var size = reader.Read(_format.SizeLength);
            reader.Read(firstHeader ? _format.IndexLength : _format.IndexDeltaLength);
            firstHeader = false;
            if (size == 0 || size > MaxFrameLength)
            {
                MalformedPackets++;
                return;
            }

            var frameTimestamp = timestamp + (uint)(index * SamplesPerFrame);
            if (size > data.Length)
            {
                if (index == 0 && reader.Remaining < _format.SizeLength)
                {
                    // The first fragment of a unit that continues in the next packets.
                    data.CopyTo(_frame.AsSpan(AdtsWriter.HeaderLength));
                    _fragmentSize = size;
                    _fragmentFilled = data.Length;
                    _fragmentTimestamp = frameTimestamp;
                    return;
                }

                MalformedPackets++;
                return;
            }

            data[..size].CopyTo(_frame.AsSpan(AdtsWriter.HeaderLength));
            EmitFrame(size, frameTimestamp);
            data = data[size..];
            index++;
        }
    }

    public void Dispose()
    {
    }

    private void EmitFrame(int size, uint timestamp)
    {
        AdtsWriter.WriteHeader(_frame, _format.Track, size);
        var discontinuity = _discontinuity;
        _discontinuity = false;
        _handler(_frame.AsSpan(0, AdtsWriter.HeaderLength + size), timestamp, discontinuity);
    }

    /// <summary>MSB-first reader over at most <c>bits</c> bits of the AU-header section.</summary>
    private ref struct BitReaderLite(ReadOnlySpan<byte> data, int bits)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly int Remaining => bits - _position;

        public int Read(int count)
        {
            var value = 0;
            for (var i = 0; i < count; i++)
            {
                var bit = (_data[_position >> 3] >> (7 - (_position & 7))) & 1;
                value = (value << 1) | bit;
                _position++;
            }

            return value;
        }
    }
}
