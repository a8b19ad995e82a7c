namespace SmartHomeCam.Media.H264;

/// <summary>Annex B byte-stream helpers: start codes (00 00 01 and 00 00 00 01) and NAL iteration.</summary>
public static class AnnexB
{
    public static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    /// <summary>Index of the next start code at or after <paramref name="from"/>, or -1; <paramref name="length"/> is 3 or 4.</summary>
    public static int FindStartCode(ReadOnlySpan<byte> data, int from, out int length)
    {
        length = 0;
        var i = from;
        while (i + 3 <= data.Length)
        {
            // Jump to the next candidate 0x01 quickly, then look back for the zeros.
            var rel = data[(i + 2)..].IndexOf((byte)1);
            if (rel < 0)
            {
                return -1;
            }

            var one = i + 2 + rel;
            if (data[one - 1] == 0 && data[one - 2] == 0)
            {
                if (one - 3 >= from && data[one - 3] == 0)
                {
                    length = 4;
                    return one - 3;
                }

                length = 3;
                return one - 2;
            }

            i = one - 1;
        }

        return -1;
    }

    /// <summary>Iterates the NAL units (without start codes, trailing zero bytes trimmed) of an Annex B buffer.</summary>
    public static NalUnitEnumerator EnumerateNalUnits(ReadOnlySpan<byte> data) => new(data);

    /// <summary>Iterates the access units of an Annex B buffer as (offset, length, IDR) ranges.</summary>
    public static AccessUnitEnumerator EnumerateAccessUnits(ReadOnlySpan<byte> data) => new(data);

    /// <summary>Allocation-free enumerator over NAL units; <see cref="CurrentOffset"/> is the payload's offset in the buffer.</summary>
    public ref struct NalUnitEnumerator
    {
        private readonly ReadOnlySpan<byte> data;
        private int next;

        internal NalUnitEnumerator(ReadOnlySpan<byte> data)
        {
            this.data = data;
            next = FindStartCode(data, 0, out var length);
            next = next < 0 ? data.Length : next + length;
            Current = default;
        }

        public ReadOnlySpan<byte> Current { get; private set; }

        public int CurrentOffset { get; private set; }

        public readonly NalUnitEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (next < data.Length)
            {
                var start = next;
                var sc = FindStartCode(data, start, out var length);
                var end = sc < 0 ? data.Length : sc;
                next = sc < 0 ? data.Length : sc + length;
                while (end > start && data[end - 1] == 0)
                {
                    end--; // trailing_zero_8bits belong to no NAL
                }

                if (end > start)
                {
                    CurrentOffset = start;
                    Current = data[start..end];
                    return true;
                }
            }

            return false;
        }
    }
}
