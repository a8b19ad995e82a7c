namespace SmartHomeCam.Media.H264;

/// <summary>
/// Reads an RBSP bit by bit, skipping emulation-prevention bytes (00 00 03 → 00 00) on the fly (H.264 §7.4.1).
/// Reading past the end throws <see cref="InvalidDataException"/>, which parsers turn into "malformed".
/// </summary>
public ref struct BitReader
{
    private readonly ReadOnlySpan<byte> data;
    private int bytePos;
    private int bitPos;
    private int zeros;
    private byte current;

    public BitReader(ReadOnlySpan<byte> data)
    {
        this.data = data;
        bytePos = -1;
        bitPos = 8;
    }

    public uint ReadBit()
    {
        if (bitPos == 8)
        {
            NextByte();
        }

        return (uint)(current >> (7 - bitPos++)) & 1;
    }

    public uint ReadBits(int count)
    {
        uint value = 0;
        for (var i = 0; i < count; i++)
        {
            value = (value << 1) | ReadBit();
        }

        return value;
    }

    public bool ReadFlag() => ReadBit() == 1;

    /// <summary>Exp-Golomb unsigned (ue(v)).</summary>
    public uint ReadUe()
    {
        var leadingZeros = 0;
        while (ReadBit() == 0)
        {
            if (++leadingZeros > 31)
            {
                throw new InvalidDataException("Exp-Golomb code longer than 32 bits.");
            }
        }

        return leadingZeros == 0 ? 0 : (uint)((1UL << leadingZeros) - 1 + ReadBits(leadingZeros));
    }

    /// <summary>Exp-Golomb signed (se(v)).</summary>
    public int ReadSe()
    {
        var k = ReadUe();
        return (k & 1) == 1 ? (int)((k + 1) / 2) : -(int)(k / 2);
    }

    public void SkipBits(int count)
    {
        for (var i = 0; i < count; i++)
        {
            ReadBit();
        }
    }

    private void NextByte()
    {
        bytePos++;
        if (bytePos < data.Length && zeros >= 2 && data[bytePos] == 3)
        {
            bytePos++;
            zeros = 0;
        }

        if (bytePos >= data.Length)
        {
            throw new InvalidDataException("Read past the end of the NAL unit.");
        }

        current = data[bytePos];
        zeros = current == 0 ? zeros + 1 : 0;
        bitPos = 0;
    }
}
