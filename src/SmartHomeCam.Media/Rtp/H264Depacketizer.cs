using System.Buffers.Binary;
using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Media.Rtp;

/// <summary>
/// Rebuilds H.264 access units from in-order RTP payloads (RFC 6184): single NAL unit packets (§5.6), STAP-A
/// (§5.7.1) and FU-A (§5.8). An access unit ends at the marker bit or when the timestamp changes. SPS and PPS,
/// from the SDP or seen in-band, are put before every IDR that lacks them, so any segment can start there.
/// After a loss everything up to the next IDR is dropped (it would not decode) and that IDR is marked as a
/// discontinuity. Malformed payloads are dropped and counted; nothing here throws on input.
/// </summary>
public sealed class H264Depacketizer : IDisposable
{
    /// <summary>An access unit larger than this is dropped (a 4K IDR is well under it).</summary>
    public const int MaxAccessUnitLength = 8 * 1024 * 1024;

    private const int StapA = 24;
    private const int FuA = 28;

    private readonly AccessUnitHandler _handler;
    private readonly GrowableBuffer _unit = new(MaxAccessUnitLength);
    private readonly GrowableBuffer _withParameterSets = new(MaxAccessUnitLength + 1024);
    private byte[] _sps = [];
    private byte[] _pps = [];
    private uint _timestamp;
    private bool _hasUnit;
    private bool _hasVcl;
    private bool _hasIdr;
    private bool _hasSps;
    private bool _hasPps;
    private bool _inFragment;
    private bool _broken;
    private bool _waitForIdr = true;
    private bool _discontinuity;

    /// <param name="parameterSets">SPS/PPS in Annex B form from <c>sprop-parameter-sets</c>; may be empty.</param>
    public H264Depacketizer(ReadOnlySpan<byte> parameterSets, AccessUnitHandler handler)
    {
        _handler = handler;
        foreach (var nal in AnnexB.EnumerateNalUnits(parameterSets))
        {
            RememberParameterSet(nal);
        }
    }

    public long MalformedPackets { get; private set; }

    /// <summary>Access units dropped while waiting for an IDR after a loss (or at the start).</summary>
    public long DroppedAccessUnits { get; private set; }

    /// <summary>The latest SPS seen (SDP or in-band), without start code; empty until one is known.</summary>
    public ReadOnlySpan<byte> Sps => _sps;

    /// <summary>
    /// Feeds one payload. <paramref name="lostBefore"/> says packets were lost just before this one: the access
    /// unit in progress is dropped and frames are skipped until the next IDR.
    /// </summary>
    public void Push(ReadOnlySpan<byte> payload, uint timestamp, bool marker, int lostBefore = 0)
    {
        if (lostBefore > 0)
        {
            OnLoss();
        }

        if (_hasUnit && timestamp != _timestamp)
        {
            Complete(); // the marker of the previous unit was lost or never sent
        }

        if (!_hasUnit)
        {
            _hasUnit = true;
            _timestamp = timestamp;
        }

        if (payload.IsEmpty)
        {
            MalformedPackets++;
            return;
        }

        var type = payload[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                EndFragmentIfOpen();
                AppendNal(payload);
                break;
            case StapA:
                EndFragmentIfOpen();
                PushStapA(payload[1..]);
                break;
            case FuA:
                PushFuA(payload);
                break;
            default:
                MalformedPackets++; // 0, 30, 31 reserved; STAP-B, MTAP, FU-B need interleaved mode, which we never ask for
                break;
        }

        if (marker)
        {
            Complete();
        }
    }

    /// <summary>Forgets the unit in progress and waits for the next IDR (the caller saw a gap or restarted).</summary>
    public void OnLoss()
    {
        ResetUnit();
        _waitForIdr = true;
        _discontinuity = true;
    }

    public void Dispose()
    {
        _unit.Dispose();
        _withParameterSets.Dispose();
    }

    private void PushStapA(ReadOnlySpan<byte> data)
    {
        // Validate all sizes first, so a malformed aggregate adds nothing.
        var check = data;
        while (check.Length > 0)
        {
            if (check.Length < 2)
            {
                MalformedPackets++;
                return;
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(check);
            if (size == 0 || size > check.Length - 2)
            {
                MalformedPackets++;
                return;
            }

            check = check[(2 + size)..];
        }

        while (data.Length > 0)
        {
            var size = BinaryPrimitives.ReadUInt16BigEndian(data);
            AppendNal(data.Slice(2, size));
            data = data[(2 + size)..];
        }
    }

    private void PushFuA(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 3)
        {
            MalformedPackets++;
            return;
        }

        var header = payload[1];
        var start = (header & 0x80) != 0;
        var end = (header & 0x40) != 0;
        if (start)
        {
            EndFragmentIfOpen();
            var nalHeader = (byte)((payload[0] & 0xE0) | (header & 0x1F));
            _inFragment = true;
            NoteNalType(nalHeader & 0x1F, payload[2..], fragmentStart: true);
            Append(AnnexB.StartCode);
            Append([nalHeader]);
            Append(payload[2..]);
        }
        else if (_inFragment)
        {
            Append(payload[2..]);
        }
        else
        {
            // A middle or end without its start: the start was lost, so this unit is unusable.
            _broken = true;
            return;
        }

        if (end)
        {
            _inFragment = false;
            if (_lastFragmentWasParameterSet)
            {
                RememberLastNal();
            }
        }
    }

    private bool _lastFragmentWasParameterSet;
    private int _lastNalOffset;

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
        if (nal.IsEmpty)
        {
            return;
        }

        var type = nal[0] & 0x1F;
        NoteNalType(type, nal, fragmentStart: false);
        if (type is NalUnitType.Sps or NalUnitType.Pps)
        {
            RememberParameterSet(nal);
        }

        Append(AnnexB.StartCode);
        Append(nal);
    }

    private void NoteNalType(int type, ReadOnlySpan<byte> nal, bool fragmentStart)
    {
        _ = nal;
        _lastNalOffset = _unit.Length + AnnexB.StartCode.Length;
        _lastFragmentWasParameterSet = fragmentStart && type is NalUnitType.Sps or NalUnitType.Pps;
        switch (type)
        {
            case NalUnitType.IdrSlice:
                _hasIdr = true;
                _hasVcl = true;
                break;
            case >= 1 and <= 4:
                _hasVcl = true;
                break;
            case NalUnitType.Sps:
                _hasSps = true;
                break;
            case NalUnitType.Pps:
                _hasPps = true;
                break;
        }
    }

    private void RememberLastNal()
    {
        if (_lastNalOffset < _unit.Length)
        {
            RememberParameterSet(_unit.Span[_lastNalOffset..]);
        }
    }

    private void RememberParameterSet(ReadOnlySpan<byte> nal)
    {
        switch (NalUnitType.Of(nal))
        {
            case NalUnitType.Sps when !nal.SequenceEqual(_sps):
                _sps = nal.ToArray(); // only when it changes: once per stream in practice
                break;
            case NalUnitType.Pps when !nal.SequenceEqual(_pps):
                _pps = nal.ToArray();
                break;
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
            _waitForIdr = true;
            _discontinuity = true;
        }
        else if (_hasVcl)
        {
            if (_waitForIdr && !_hasIdr)
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
        _waitForIdr = false;
        _discontinuity = false;
        if (_hasIdr && (!_hasSps || !_hasPps) && _sps.Length > 0 && _pps.Length > 0)
        {
            _withParameterSets.Clear();
            var ok = (_hasSps || (_withParameterSets.TryAppend(AnnexB.StartCode) && _withParameterSets.TryAppend(_sps))) &&
                     (_hasPps || (_withParameterSets.TryAppend(AnnexB.StartCode) && _withParameterSets.TryAppend(_pps))) &&
                     _withParameterSets.TryAppend(_unit.Span);
            if (ok)
            {
                _handler(_withParameterSets.Span, _timestamp, true, discontinuity);
                return;
            }
        }

        _handler(_unit.Span, _timestamp, _hasIdr, discontinuity);
    }

    private void ResetUnit()
    {
        _unit.Clear();
        _hasUnit = false;
        _hasVcl = false;
        _hasIdr = false;
        _hasSps = false;
        _hasPps = false;
        _inFragment = false;
        _broken = false;
        _lastFragmentWasParameterSet = false;
    }
}
