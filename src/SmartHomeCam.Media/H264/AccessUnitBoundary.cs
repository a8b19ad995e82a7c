namespace SmartHomeCam.Media.H264;

/// <summary>
/// Detects where a new access unit starts (H.264 §7.4.1.2.3): at an AUD, at SPS/PPS/SEI once the current unit
/// has a picture, or at a slice with first_mb_in_slice == 0 once the current unit has a picture.
/// </summary>
public struct AccessUnitBoundary
{
    private bool sawVcl;

    /// <summary>Call for each NAL in order; true when <paramref name="nal"/> begins a new access unit.</summary>
    public bool StartsNewUnit(ReadOnlySpan<byte> nal)
    {
        var type = NalUnitType.Of(nal);
        bool boundary;
        if (type == NalUnitType.AccessUnitDelimiter)
        {
            boundary = true;
        }
        else if (type is NalUnitType.Sps or NalUnitType.Pps or NalUnitType.Sei or (>= 14 and <= 18))
        {
            boundary = sawVcl;
        }
        else if (NalUnitType.IsVcl(type))
        {
            // first_mb_in_slice is ue(v); it is 0 exactly when the first payload bit is 1.
            boundary = sawVcl && nal.Length > 1 && (nal[1] & 0x80) != 0;
        }
        else
        {
            boundary = false;
        }

        if (boundary)
        {
            sawVcl = false;
        }

        if (NalUnitType.IsVcl(type))
        {
            sawVcl = true;
        }

        return boundary;
    }

    public void Reset() => sawVcl = false;
}
