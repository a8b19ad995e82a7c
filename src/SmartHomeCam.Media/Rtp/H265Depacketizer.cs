using System.Buffers.Binary;
using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Media.Rtp;

/// <summary>
/// Rebuilds H.265 access units (Annex B) from in-order RTP payloads per RFC 7798 without decoding-order numbers:
/// single NAL unit packets (§4.4.1), aggregation packets (§4.4.2) and fragmentation units (§4.4.3). An access unit
/// ends at the marker bit or when the timestamp changes. VPS, SPS and PPS (SDP <c>sprop-*</c> or in-band) are put
/// before every IRAP picture that lacks them. After a loss everything up to the next IRAP is dropped and that IRAP
/// is marked as a discontinuity. Malformed payloads are dropped and counted; nothing here throws on input.
/// </summary>
public sealed class H265Depacketizer : IDisposable
{
    /// <summary>An access unit larger than this is dropped.</summary>
    public const int MaxAccessUnitLength = 8 * 1024 * 1024;

    private const int HeaderLength = 2;

    private readonly AccessUnitHandler _handler;
    private readonly GrowableBuffer _unit = new(MaxAccessUnitLength);
    private readonly GrowableBuffer _withParameterSets = new(MaxAccessUnitLength + 4096);
    private readonly byte[][] _parameterSets = [[], [], []]; // VPS, SPS, PPS without start codes
    private readonly bool[] _inUnit = new bool[3];
    private uint _timestamp;
    private bool _hasUnit;
    private bool _hasVcl;
    private bool _hasIrap;
    private bool _inFragment;
    private int _fragmentType;
    private int _fragmentOffset;
    private bool _broken;
    private bool _waitForIrap = true;
    private bool _discontinuity;

    /// <param name="parameterSets">VPS/SPS/PPS in Annex B form (from <see cref="H265FormatParameters"/>); may be empty.</param>
    public H265Depacketizer(ReadOnlySpan<byte> parameterSets, AccessUnitHandler handler)
    {
        _handler = handler;
        foreach (var nal in AnnexB.EnumerateNalUnits(parameterSets))
        {
            Remember(nal);
        }
    }

    public long MalformedPackets { get; private set; }

    /// <summary>Access units dropped while waiting for an IRAP picture after a loss (or at the start).</summary>
    public long DroppedAccessUnits { get; private set; }

    /// <summary>The latest SPS (SDP or in-band) without start code; empty until one is known.</summary>
    public ReadOnlySpan<byte> Sps => _parameterSets[1];

    /// <summary>True once VPS, SPS and PPS are all known, so an IRAP can be decoded on its own.</summary>
    public bool HasParameterSets => _parameterSets[0].Length > 0 && _parameterSets[1].Length > 0 && _parameterSets[2].Length > 0;

    /// <summary>
    /// Feeds one payload. <paramref name="lostBefore"/> says packets were lost just before this one: the access
    /// unit in progress is dropped and pictures are skipped until the next IRAP.
    /// </summary>
    public void Push(ReadOnlySpan<byte> payload, uint timestamp, bool marker, int lostBefore = 0)
    {
        if (lostBefore > 0)
        {
            OnLoss();
        }

        if (_hasUnit && timestamp != _timestamp)
        {
            Complete(); // the previous unit's marker was lost or never sent
        }

        if (!_hasUnit)
        {
            _hasUnit = true;
            _timestamp = timestamp;
        }

        if (payload.Length <= HeaderLength || (payload[0] & 0x80) != 0)
        {
            MalformedPackets++; // too short for header + data, or the forbidden_zero_bit is set (§1.1.4)
            return;
        }

        switch (H265NalType.Of(payload))
        {
            case < H265NalType.AggregationPacket:
                EndFragmentIfOpen();
                AppendNal(payload);
                break;
            case H265NalType.AggregationPacket:
                EndFragmentIfOpen();
                PushAggregation(payload[HeaderLength..]);
                break;
            case H265NalType.FragmentationUnit:
                PushFragment(payload);
                break;
            default:
                MalformedPackets++; // PACI and the reserved 51–63: never negotiated
                break;
        }

        if (marker)
        {
            Complete();
        }
    }

    /// <summary>Forgets the unit in progress and waits for the next IRAP (the caller saw a gap or fell behind).</summary>
    public void OnLoss()
    {
        ResetUnit();
        _waitForIrap = true;
        _discontinuity = true;
    }

    public void Dispose()
    {
        _unit.Dispose();
        _withParameterSets.Dispose();
    }

    /// <summary>§4.4.2: 16-bit sizes, each followed by one NAL unit; all sizes are checked before anything is added.</summary>
    private void PushAggregation(ReadOnlySpan<byte> data)
    {
        var check = data;
        var count = 0;
        while (check.Length > 0)
        {
            if (check.Length < 2)
            {
                MalformedPackets++;
                return;
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(check);
            if (size <= HeaderLength || size > check.Length - 2)
            {
                MalformedPackets++;
                return;
            }

            check = check[(2 + size)..];
            count++;
        }

        if (count < 2)
        {
            MalformedPackets++; // an AP carries at least two aggregation units
            return;
        }

        while (data.Length > 0)
        {
            var size = BinaryPrimitives.ReadUInt16BigEndian(data);
            AppendNal(data.Slice(2, size));
            data = data[(2 + size)..];
        }
    }

    /// <summary>§4.4.3: payload header, FU header (S, E, type), then a piece of the NAL unit without its header.</summary>
    private void PushFragment(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < HeaderLength + 2)
        {
            MalformedPackets++;
            return;
        }

        var fu = payload[HeaderLength];
        var start = (fu & 0x80) != 0;
        var end = (fu & 0x40) != 0;
        var type = fu & 0x3F;
        var data = payload[(HeaderLength + 1)..];
        if (start && end)
        {
            MalformedPackets++; // S and E in one FU is forbidden (§4.4.3)
            _broken |= _inFragment;
            _inFragment = false;
            return;
        }

        if (start)
        {
            EndFragmentIfOpen();
            _inFragment = true;
            _fragmentType = type;
            _fragmentOffset = _unit.Length + AnnexB.StartCode.Length;
            NoteType(type);
            Append(AnnexB.StartCode);
            Span<byte> header = [(byte)((payload[0] & 0x81) | (type << 1)), payload[1]];
            Append(header);
            Append(data);
        }
        else if (_inFragment && type == _fragmentType)
        {
            Append(data);
        }
        else
        {
            _broken = true; // a middle or end without its start: this unit is unusable
            _inFragment = false;
            return;
        }

        if (end)
        {
            _inFragment = false;
            if (H265NalType.IsParameterSet(_fragmentType) && !_broken && _fragmentOffset < _unit.Length)
            {
                Remember(_unit.Span[_fragmentOffset..]);
            }
        }
    }

    private void EndFragmentIfOpen()
    {
        if (_inFragment)
        {
            _inFragment = false;
            _broken = true; // the end fragment never came
        }
    }

    private void AppendNal(ReadOnlySpan<byte> nal)
    {
        var type = H265NalType.Of(nal);
        if (H265NalType.IsParameterSet(type))
        {
            Remember(nal);
            if (_hasVcl)
            {
                return; // after the first slice they would split the picture; kept for later IRAPs
            }
        }

        NoteType(type);
        Append(AnnexB.StartCode);
        Append(nal);
    }

    private void NoteType(int type)
    {
        if (H265NalType.IsVcl(type))
        {
            _hasVcl = true;
            _hasIrap |= H265NalType.IsIrap(type);
        }
        else if (H265NalType.IsParameterSet(type))
        {
            _inUnit[type - H265NalType.Vps] = true;
        }
    }

    private void Remember(ReadOnlySpan<byte> nal)
    {
        var type = H265NalType.Of(nal);
        if (H265NalType.IsParameterSet(type) && nal.Length > HeaderLength && !nal.SequenceEqual(_parameterSets[type - H265NalType.Vps]))
        {
            _parameterSets[type - H265NalType.Vps] = nal.ToArray(); // only when it changes: once per stream in practice
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (!_unit.TryAppend(data))
        {
            _broken = true;
        }
    }

    private void Complete()
    {
        if (_inFragment)
        {
            _broken = true;
        }

        if (_broken)
        {
            DroppedAccessUnits++;
            _waitForIrap = true;
            _discontinuity = true;
        }
        else if (_hasVcl)
        {
            if (_waitForIrap && !_hasIrap)
            {
                DroppedAccessUnits++;
            }
            else
            {
                Emit();
            }
        }

        ResetUnit();
    }

    private void Emit()
    {
        var discontinuity = _discontinuity;
        _waitForIrap = false;
        _discontinuity = false;
        if (_hasIrap && (!_inUnit[0] || !_inUnit[1] || !_inUnit[2]) && HasParameterSets)
        {
            _withParameterSets.Clear();
            var ok = true;
            for (var i = 0; i < 3 && ok; i++)
            {
                ok = _inUnit[i] || (_withParameterSets.TryAppend(AnnexB.StartCode) && _withParameterSets.TryAppend(_parameterSets[i]));
            }

            if (ok && _withParameterSets.TryAppend(_unit.Span))
            {
                _handler(_withParameterSets.Span, _timestamp, true, discontinuity);
                return;
            }
        }

        _handler(_unit.Span, _timestamp, _hasIrap, discontinuity);
    }

    private void ResetUnit()
    {
        _unit.Clear();
        _hasUnit = false;
        _hasVcl = false;
        _hasIrap = false;
        _inFragment = false;
        _broken = false;
        Array.Clear(_inUnit);
    }
}
