using System.Buffers;
using System.Buffers.Binary;
using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Media.Ts;

/// <summary>
/// MPEG-TS muxer for one program with H.264 video and optional ADTS AAC audio. Video access units get an AUD
/// and, on IDR, SPS/PPS when the source left them out (both are required for TS/HLS decoders to join
/// mid-stream). One scratch buffer is reused for every frame: no per-frame allocation.
/// </summary>
public sealed class TsMuxer
{
    private const int PesHeaderReserve = 19;
    private static readonly byte[] AudNal = [0, 0, 0, 1, 0x09, 0xF0];

    private bool hasAudio;
    private byte[] scratch = new byte[256 * 1024];
    private byte[] parameterSets = new byte[512];
    private int parameterSetsLength;
    private byte[] staging = new byte[512];
    private byte ccPat, ccPmt, ccVideo, ccAudio;

    public TsMuxer(bool hasAudio = false) => this.hasAudio = hasAudio;

    public TsMuxer(MediaTracks tracks) => Configure(tracks);

    /// <summary>
    /// Declares the source's tracks (before its first frame): the PMT lists audio only when there is some, and
    /// parameter sets known up front are inserted before IDRs that lack them, from the very first one.
    /// Takes effect with the next <see cref="WriteTables"/>.
    /// </summary>
    public void Configure(MediaTracks tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        hasAudio = tracks.HasAudio;
        var stagedLength = 0;
        var spsAt = -1;
        var spsLength = 0;
        var hasPps = false;
        foreach (var nal in AnnexB.EnumerateNalUnits(tracks.Video.ParameterSets.Span))
        {
            var type = NalUnitType.Of(nal);
            if (type == NalUnitType.Sps && spsAt < 0)
            {
                spsAt = stagedLength + 4;
                spsLength = nal.Length;
            }

            if (type is NalUnitType.Sps or NalUnitType.Pps)
            {
                hasPps |= type == NalUnitType.Pps;
                Stage(nal, ref stagedLength);
            }
        }

        if (spsAt >= 0)
        {
            RememberParameterSets(stagedLength, spsAt, spsLength, keep: hasPps);
        }
    }

    /// <summary>Whether the PMT declares an audio stream.</summary>
    public bool HasAudio => hasAudio;

    /// <summary>The latest SPS seen in the stream, if any.</summary>
    public SequenceParameterSet? Sps { get; private set; }

    /// <summary>PAT and PMT; HLS needs them at the start of every segment.</summary>
    public void WriteTables(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> section = stackalloc byte[64];

        // PAT: one program → PMT PID.
        var n = 0;
        section[n++] = 0; // pointer_field
        section[n++] = 0x00; // table_id
        var patLengthAt = n;
        n += 2;
        BinaryPrimitives.WriteUInt16BigEndian(section[n..], 1); // transport_stream_id
        n += 2;
        section[n++] = 0xC1; // reserved, version 0, current_next 1
        section[n++] = 0;
        section[n++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(section[n..], TsConstants.ProgramNumber);
        n += 2;
        BinaryPrimitives.WriteUInt16BigEndian(section[n..], (ushort)(0xE000 | TsConstants.PmtPid));
        n += 2;
        n = FinishSection(section, patLengthAt, n);
        TsPacketizer.Write(output, TsConstants.PatPid, ref ccPat, section[..n], pcr: null, randomAccess: false);

        // PMT: video (PCR carrier) and maybe audio.
        n = 0;
        section[n++] = 0;
        section[n++] = 0x02;
        var pmtLengthAt = n;
        n += 2;
        BinaryPrimitives.WriteUInt16BigEndian(section[n..], TsConstants.ProgramNumber);
        n += 2;
        section[n++] = 0xC1;
        section[n++] = 0;
        section[n++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(section[n..], (ushort)(0xE000 | TsConstants.VideoPid)); // PCR_PID
        n += 2;
        BinaryPrimitives.WriteUInt16BigEndian(section[n..], 0xF000); // program_info_length 0
        n += 2;
        n = WriteStream(section, n, TsConstants.StreamTypeH264, TsConstants.VideoPid);
        if (hasAudio)
        {
            n = WriteStream(section, n, TsConstants.StreamTypeAdtsAac, TsConstants.AudioPid);
        }

        n = FinishSection(section, pmtLengthAt, n);
        TsPacketizer.Write(output, TsConstants.PmtPid, ref ccPmt, section[..n], pcr: null, randomAccess: false);
    }

    /// <summary>
    /// Writes one H.264 access unit. Returns false (and writes nothing) when the input holds no NAL unit.
    /// </summary>
    public bool WriteVideo(IBufferWriter<byte> output, ReadOnlySpan<byte> accessUnit, long pts, long dts, bool keyframe)
    {
        ArgumentNullException.ThrowIfNull(output);
        var hasAud = false;
        var hasSps = false;
        var hasPps = false;
        var nalCount = 0;
        var firstNalIsAud = false;
        var afterAud = 0; // offset in accessUnit where the NAL after a leading AUD starts (its start code)
        var stagedLength = 0;
        var spsAt = -1;
        var spsLength = 0;
        var nals = AnnexB.EnumerateNalUnits(accessUnit);
        while (nals.MoveNext())
        {
            var type = NalUnitType.Of(nals.Current);
            if (nalCount == 0 && type == NalUnitType.AccessUnitDelimiter)
            {
                firstNalIsAud = true;
                afterAud = nals.CurrentOffset + nals.Current.Length;
            }

            hasAud |= type == NalUnitType.AccessUnitDelimiter;
            if (type is NalUnitType.Sps or NalUnitType.Pps)
            {
                // Staged in this same pass; kept only if the unit carries both (see RememberParameterSets).
                if (type == NalUnitType.Sps && spsAt < 0)
                {
                    spsAt = stagedLength + 4;
                    spsLength = nals.Current.Length;
                }

                Stage(nals.Current, ref stagedLength);
                hasSps |= type == NalUnitType.Sps;
                hasPps |= type == NalUnitType.Pps;
            }

            nalCount++;
        }

        if (nalCount == 0)
        {
            return false;
        }

        if (hasSps)
        {
            RememberParameterSets(stagedLength, spsAt, spsLength, keep: hasPps);
        }

        var insertParams = keyframe && !(hasSps && hasPps) && parameterSetsLength > 0;
        var needed = PesHeaderReserve + AudNal.Length + (insertParams ? parameterSetsLength : 0) + accessUnit.Length;
        if (scratch.Length < needed)
        {
            scratch = new byte[Math.Max(needed, scratch.Length * 2)];
        }

        var w = PesHeaderReserve;
        if (firstNalIsAud)
        {
            accessUnit[..afterAud].CopyTo(scratch.AsSpan(w));
            w += afterAud;
            accessUnit = accessUnit[afterAud..];
        }
        else if (!hasAud)
        {
            AudNal.CopyTo(scratch, w);
            w += AudNal.Length;
        }

        if (insertParams)
        {
            parameterSets.AsSpan(0, parameterSetsLength).CopyTo(scratch.AsSpan(w));
            w += parameterSetsLength;
        }

        accessUnit.CopyTo(scratch.AsSpan(w));
        w += accessUnit.Length;

        var payloadLength = w - PesHeaderReserve;
        var headerLength = WritePesHeader(scratch, TsConstants.VideoStreamId, payloadLength, Ts(pts), Ts(dts), videoUnbounded: true);
        var start = PesHeaderReserve - headerLength;
        var pcr = Math.Max(0, Ts(dts) - TsConstants.PcrLead);
        TsPacketizer.Write(output, TsConstants.VideoPid, ref ccVideo, scratch.AsSpan(start, headerLength + payloadLength), pcr, keyframe);
        return true;
    }

    /// <summary>Writes one or more ADTS AAC frames as one PES. Returns false for empty input or a muxer without audio.</summary>
    public bool WriteAudio(IBufferWriter<byte> output, ReadOnlySpan<byte> adts, long pts)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!hasAudio || adts.Length < 7 || adts[0] != 0xFF || (adts[1] & 0xF0) != 0xF0)
        {
            return false;
        }

        var needed = PesHeaderReserve + adts.Length;
        if (scratch.Length < needed)
        {
            scratch = new byte[Math.Max(needed, scratch.Length * 2)];
        }

        adts.CopyTo(scratch.AsSpan(PesHeaderReserve));
        var headerLength = WritePesHeader(scratch, TsConstants.AudioStreamId, adts.Length, Ts(pts), dts: null, videoUnbounded: false);
        var start = PesHeaderReserve - headerLength;
        TsPacketizer.Write(output, TsConstants.AudioPid, ref ccAudio, scratch.AsSpan(start, headerLength + adts.Length), pcr: null, randomAccess: false);
        return true;
    }

    private static long Ts(long sourceTimestamp) => (sourceTimestamp + TsConstants.TimestampOffset) & TsConstants.TimestampMask;

    /// <summary>Writes the PES header so that it ends exactly at <see cref="PesHeaderReserve"/>; returns its length.</summary>
    private static int WritePesHeader(byte[] buffer, byte streamId, int payloadLength, long pts, long? dts, bool videoUnbounded)
    {
        var withDts = dts.HasValue && dts.Value != pts;
        var optionalLength = withDts ? 10 : 5;
        var headerLength = 9 + optionalLength;
        var h = buffer.AsSpan(PesHeaderReserve - headerLength, headerLength);
        h[0] = 0;
        h[1] = 0;
        h[2] = 1;
        h[3] = streamId;
        var pesLength = 3 + optionalLength + payloadLength;
        BinaryPrimitives.WriteUInt16BigEndian(h[4..], (ushort)(pesLength > 0xFFFF || (videoUnbounded && pesLength > 0xFFFF) ? 0 : pesLength));
        h[6] = 0x84; // '10', data_alignment_indicator
        h[7] = (byte)(withDts ? 0xC0 : 0x80);
        h[8] = (byte)optionalLength;
        WriteTimestamp(h[9..], withDts ? 0x3 : 0x2, pts);
        if (withDts)
        {
            WriteTimestamp(h[14..], 0x1, dts!.Value);
        }

        return headerLength;
    }

    private static void WriteTimestamp(Span<byte> dest, int prefix, long ts)
    {
        dest[0] = (byte)((prefix << 4) | (int)((ts >> 29) & 0x0E) | 1);
        dest[1] = (byte)(ts >> 22);
        dest[2] = (byte)(((ts >> 14) & 0xFE) | 1);
        dest[3] = (byte)(ts >> 7);
        dest[4] = (byte)(((ts << 1) & 0xFE) | 1);
    }

    private static int WriteStream(Span<byte> section, int n, byte streamType, ushort pid)
    {
        section[n++] = streamType;
        BinaryPrimitives.WriteUInt16BigEndian(section[n..], (ushort)(0xE000 | pid));
        n += 2;
        BinaryPrimitives.WriteUInt16BigEndian(section[n..], 0xF000); // ES_info_length 0
        return n + 2;
    }

    /// <summary>Fills section_length and appends the CRC; returns the new end.</summary>
    private static int FinishSection(Span<byte> section, int lengthAt, int end)
    {
        var sectionLength = end - (lengthAt + 2) + 4;
        BinaryPrimitives.WriteUInt16BigEndian(section[lengthAt..], (ushort)(0xB000 | sectionLength));
        var crc = Crc32Mpeg.Compute(section[1..end]);
        BinaryPrimitives.WriteUInt32BigEndian(section[end..], crc);
        return end + 4;
    }

    /// <summary>Appends one SPS/PPS (with a 4-byte start code) to the staging buffer.</summary>
    private void Stage(ReadOnlySpan<byte> nal, ref int stagedLength)
    {
        var needed = stagedLength + 4 + nal.Length;
        if (needed > staging.Length)
        {
            Array.Resize(ref staging, Math.Max(needed, staging.Length * 2));
        }

        AnnexB.StartCode.CopyTo(staging.AsSpan(stagedLength));
        nal.CopyTo(staging.AsSpan(stagedLength + 4));
        stagedLength = needed;
    }

    /// <summary>
    /// Keeps the staged SPS and PPS for IDRs that arrive without them (when <paramref name="keep"/>), and parses
    /// the SPS only when the headers changed: the same headers repeated on every IDR cost one compare.
    /// </summary>
    private void RememberParameterSets(int stagedLength, int spsAt, int spsLength, bool keep)
    {
        if (staging.AsSpan(0, stagedLength).SequenceEqual(parameterSets.AsSpan(0, parameterSetsLength)))
        {
            return;
        }

        Sps = SpsParser.TryParse(staging.AsSpan(spsAt, spsLength)) ?? Sps;
        if (keep)
        {
            (parameterSets, staging) = (staging, parameterSets);
            parameterSetsLength = stagedLength;
        }
    }
}
