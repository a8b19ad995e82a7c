using System.Buffers;
using SmartHomeCam.Media.Aac;
using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Media.TsDemux;

/// <summary>
/// Turns an MPEG-TS byte stream (ISO/IEC 13818-1) carrying H.264 (stream type 0x1B) and ADTS AAC (0x0F) back
/// into <see cref="MediaFrame"/>s with the stream's own PTS/DTS: PAT → PMT → PES reassembly per PID, a PES
/// complete when the next one on its PID starts. Audio PES are split into their ADTS frames (one frame each,
/// timestamps advanced by 1024 samples). Anything it cannot parse is skipped at packet granularity: a corrupt
/// packet loses that frame, never the stream. Frames in <see cref="Completed"/> point into the demuxer's
/// (pooled, reused) buffers and stay valid until the next <see cref="Write"/>, which is why a write stops after
/// the first packet that completes a frame.
/// </summary>
public sealed class TsDemuxer : IDisposable
{
    public const int PacketSize = 188;
    private const byte SyncByte = 0x47;
    private const byte StreamTypeH264 = 0x1B;
    private const byte StreamTypeAdtsAac = 0x0F;

    private readonly byte[] carry = new byte[PacketSize];
    private readonly List<MediaFrame> completed = [];
    private readonly PesAssembler video = new(MediaKind.Video);
    private readonly PesAssembler audio = new(MediaKind.Audio);
    private int carried;
    private int pmtPid = -1;
    private int videoPid = -1;
    private int audioPid = -1;

    /// <summary>Frames completed by the last <see cref="Write"/>, in stream order per track.</summary>
    public IReadOnlyList<MediaFrame> Completed => completed;

    /// <summary>The PMT has been seen: the stream's tracks are known.</summary>
    public bool HasProgram => videoPid >= 0 || audioPid >= 0;

    public bool HasVideo => videoPid >= 0;

    public bool HasAudio => audioPid >= 0;

    /// <summary>Packets dropped as malformed (lost sync, bad section, bad PES header).</summary>
    public long DroppedPackets { get; private set; }

    /// <summary>
    /// Consumes bytes (split anywhere) up to and including the first packet that completes a frame; returns how
    /// many it consumed. <see cref="Completed"/> then holds that packet's frames. Call again with the rest.
    /// </summary>
    public int Write(ReadOnlySpan<byte> data)
    {
        completed.Clear();
        var consumed = 0;
        if (carried > 0)
        {
            var take = Math.Min(PacketSize - carried, data.Length);
            data[..take].CopyTo(carry.AsSpan(carried));
            carried += take;
            consumed += take;
            if (carried < PacketSize)
            {
                return consumed;
            }

            carried = 0;
            Packet(carry);
            if (completed.Count > 0)
            {
                return consumed;
            }
        }

        while (consumed < data.Length)
        {
            var rest = data[consumed..];
            if (rest[0] != SyncByte)
            {
                // Lost sync: skip to the next sync byte (resynchronise rather than give up).
                var next = rest.IndexOf(SyncByte);
                DroppedPackets++;
                consumed += next < 0 ? rest.Length : next;
                continue;
            }

            if (rest.Length < PacketSize)
            {
                rest.CopyTo(carry);
                carried = rest.Length;
                return data.Length;
            }

            Packet(rest[..PacketSize]);
            consumed += PacketSize;
            if (completed.Count > 0)
            {
                return consumed;
            }
        }

        return consumed;
    }

    /// <summary>End of stream: emits the PES still being assembled.</summary>
    public void Flush()
    {
        completed.Clear();
        video.Complete(completed);
        audio.Complete(completed);
    }

    public void Dispose()
    {
        video.Dispose();
        audio.Dispose();
    }

    private void Packet(ReadOnlySpan<byte> packet)
    {
        var transportError = (packet[1] & 0x80) != 0;
        var unitStart = (packet[1] & 0x40) != 0;
        var pid = ((packet[1] & 0x1F) << 8) | packet[2];
        var adaptation = (packet[3] >> 4) & 0x03;
        if (transportError || adaptation == 0)
        {
            DroppedPackets++;
            return;
        }

        var offset = 4;
        var randomAccess = false;
        if ((adaptation & 0x02) != 0)
        {
            var length = packet[4];
            if (5 + length > PacketSize)
            {
                DroppedPackets++;
                return;
            }

            randomAccess = length > 0 && (packet[5] & 0x40) != 0;
            offset = 5 + length;
        }

        if ((adaptation & 0x01) == 0 || offset >= PacketSize)
        {
            return; // adaptation field only (PCR, stuffing)
        }

        var payload = packet[offset..];
        if (pid == 0)
        {
            ParsePat(payload, unitStart);
        }
        else if (pid == pmtPid)
        {
            ParsePmt(payload, unitStart);
        }
        else if (pid == videoPid)
        {
            Pes(video, payload, unitStart, randomAccess);
        }
        else if (pid == audioPid)
        {
            Pes(audio, payload, unitStart, randomAccess);
        }
    }

    private void Pes(PesAssembler assembler, ReadOnlySpan<byte> payload, bool unitStart, bool randomAccess)
    {
        if (unitStart)
        {
            assembler.Complete(completed);
            if (!assembler.Begin(payload, randomAccess))
            {
                DroppedPackets++;
            }
        }
        else
        {
            assembler.Append(payload);
        }
    }

    private void ParsePat(ReadOnlySpan<byte> payload, bool unitStart)
    {
        if (!TrySection(payload, unitStart, 0x00, out var body))
        {
            return;
        }

        // Program loop: program_number(16) reserved(3) PID(13); program 0 is the network PID.
        for (var i = 0; i + 4 <= body.Length; i += 4)
        {
            var program = (body[i] << 8) | body[i + 1];
            if (program != 0)
            {
                pmtPid = ((body[i + 2] & 0x1F) << 8) | body[i + 3];
                return;
            }
        }
    }

    private void ParsePmt(ReadOnlySpan<byte> payload, bool unitStart)
    {
        if (!TrySection(payload, unitStart, 0x02, out var body) || body.Length < 4)
        {
            return;
        }

        var programInfoLength = ((body[2] & 0x0F) << 8) | body[3];
        var i = 4 + programInfoLength;
        while (i + 5 <= body.Length)
        {
            var type = body[i];
            var pid = ((body[i + 1] & 0x1F) << 8) | body[i + 2];
            var infoLength = ((body[i + 3] & 0x0F) << 8) | body[i + 4];
            if (type == StreamTypeH264 && videoPid < 0)
            {
                videoPid = pid;
            }
            else if (type == StreamTypeAdtsAac && audioPid < 0)
            {
                audioPid = pid;
            }

            i += 5 + infoLength;
        }
    }

    /// <summary>
    /// A PSI section that starts and ends in this packet (PAT and PMT of a two-track stream always fit): checks the
    /// table id and CRC, returns what follows the 5-byte extension header, without the CRC.
    /// </summary>
    private bool TrySection(ReadOnlySpan<byte> payload, bool unitStart, byte tableId, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!unitStart || payload.Length < 1)
        {
            return false;
        }

        var pointer = payload[0];
        if (1 + pointer + 3 > payload.Length)
        {
            DroppedPackets++;
            return false;
        }

        var section = payload[(1 + pointer)..];
        var length = ((section[1] & 0x0F) << 8) | section[2];
        if (section[0] != tableId || length < 9 || 3 + length > section.Length)
        {
            DroppedPackets++;
            return false;
        }

        var whole = section[..(3 + length)];
        var crc = (uint)((whole[^4] << 24) | (whole[^3] << 16) | (whole[^2] << 8) | whole[^1]);
        if (Ts.Crc32Mpeg.Compute(whole[..^4]) != crc)
        {
            DroppedPackets++;
            return false;
        }

        body = whole[8..^4];
        return true;
    }

    /// <summary>One elementary stream's PES being reassembled, double-buffered so an emitted frame stays readable.</summary>
    private sealed class PesAssembler(MediaKind kind) : IDisposable
    {
        private byte[] filling = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private byte[] emitted = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private int length;
        private bool active;
        private bool randomAccess;
        private long pts;
        private long dts;

        /// <summary>Starts a PES: parses its header (PTS, DTS) and keeps the payload after it.</summary>
        public bool Begin(ReadOnlySpan<byte> payload, bool randomAccessIndicator)
        {
            active = false;
            length = 0;
            // packet_start_code_prefix 00 00 01, stream id, PES_packet_length, flags, flags, header length.
            if (payload.Length < 9 || payload[0] != 0 || payload[1] != 0 || payload[2] != 1)
            {
                return false;
            }

            var ptsDtsFlags = payload[7] >> 6;
            var headerLength = payload[8];
            if (9 + headerLength > payload.Length || ptsDtsFlags is 0 or 1 || (ptsDtsFlags == 3 && headerLength < 10) || headerLength < 5)
            {
                return false;
            }

            pts = Timestamp(payload[9..]);
            dts = ptsDtsFlags == 3 ? Timestamp(payload[14..]) : pts;
            randomAccess = randomAccessIndicator;
            active = true;
            Append(payload[(9 + headerLength)..]);
            return true;
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            if (!active)
            {
                return; // the start of this PES was lost: drop until the next one begins
            }

            if (length + data.Length > filling.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(filling.Length * 2, length + data.Length));
                filling.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(filling);
                filling = bigger;
            }

            data.CopyTo(filling.AsSpan(length));
            length += data.Length;
        }

        /// <summary>Emits the PES assembled so far (if any) into <paramref name="output"/>.</summary>
        public void Complete(List<MediaFrame> output)
        {
            if (!active || length == 0)
            {
                active = false;
                return;
            }

            active = false;
            (filling, emitted) = (emitted, filling);
            var data = emitted.AsMemory(0, length);
            length = 0;
            if (kind == MediaKind.Video)
            {
                output.Add(new MediaFrame(data, pts, dts, randomAccess || ContainsIdr(data.Span)));
                return;
            }

            // One ADTS frame per MediaFrame; ffmpeg packs several into one PES.
            var at = 0;
            var framePts = pts;
            while (at < data.Length && AdtsHeader.TryParse(data.Span[at..], out var header))
            {
                output.Add(new MediaFrame(data.Slice(at, header.FrameLength), framePts, framePts, true, Kind: MediaKind.Audio));
                framePts += 1024L * 90_000 / header.SampleRate;
                at += header.FrameLength;
            }
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(filling);
            ArrayPool<byte>.Shared.Return(emitted);
        }

        /// <summary>33-bit timestamp in the 5-byte PES encoding (marker bits ignored).</summary>
        private static long Timestamp(ReadOnlySpan<byte> b) =>
            ((long)(b[0] & 0x0E) << 29) | ((long)b[1] << 22) | ((long)(b[2] & 0xFE) << 14) | ((long)b[3] << 7) | ((long)b[4] >> 1);

        private static bool ContainsIdr(ReadOnlySpan<byte> accessUnit)
        {
            foreach (var nal in AnnexB.EnumerateNalUnits(accessUnit))
            {
                if (nal.Length > 0 && (nal[0] & 0x1F) == NalUnitType.IdrSlice)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
