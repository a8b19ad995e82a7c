namespace SmartHomeCam.WebRtc.Srtp;

/// <summary>The 64-packet sliding replay window of RFC 3711 §3.3.2 over 48-bit (SRTP) or 31-bit (SRTCP) indices.</summary>
public sealed class ReplayWindow
{
    private const int Size = 64;
    private ulong mask;
    private long highest = -1;

    /// <summary>True when <paramref name="index"/> is new and not too old; does not record it.</summary>
    public bool Check(long index)
    {
        if (highest < 0 || index > highest)
        {
            return true;
        }

        var behind = highest - index;
        return behind < Size && (mask & (1UL << (int)behind)) == 0;
    }

    /// <summary>Records an authenticated index.</summary>
    public void Accept(long index)
    {
        if (highest < 0)
        {
            highest = index;
            mask = 1;
        }
        else if (index > highest)
        {
            var shift = index - highest;
            mask = shift >= Size ? 1 : (mask << (int)shift) | 1;
            highest = index;
        }
        else
        {
            var behind = highest - index;
            if (behind < Size)
            {
                mask |= 1UL << (int)behind;
            }
        }
    }
}
