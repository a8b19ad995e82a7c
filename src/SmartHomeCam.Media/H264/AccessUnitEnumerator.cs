namespace SmartHomeCam.Media.H264;

/// <summary>Where one access unit sits in an Annex B buffer (from its first start code) and whether it holds an IDR.</summary>
public readonly record struct AccessUnitRange(int Offset, int Length, bool IsKeyframe);

/// <summary>
/// Splits an Annex B buffer into access units (H.264 §7.4.1.2.3, see <see cref="AccessUnitBoundary"/>) without
/// copying or allocating: the one splitter behind the demo clip, the tests' inputs and the benchmarks.
/// </summary>
public ref struct AccessUnitEnumerator
{
    private readonly ReadOnlySpan<byte> data;
    private AnnexB.NalUnitEnumerator nals;
    private AccessUnitBoundary boundary;
    private int start;
    private bool keyframe;

    internal AccessUnitEnumerator(ReadOnlySpan<byte> data)
    {
        this.data = data;
        nals = AnnexB.EnumerateNalUnits(data);
        boundary = default;
        start = -1;
        keyframe = false;
        Current = default;
    }

    public AccessUnitRange Current { get; private set; }

    public readonly AccessUnitEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        while (nals.MoveNext())
        {
            var nal = nals.Current;
            var nalStart = StartCodeStart(nals.CurrentOffset);
            var isIdr = NalUnitType.Of(nal) == NalUnitType.IdrSlice;
            if (boundary.StartsNewUnit(nal) && start >= 0)
            {
                Current = new AccessUnitRange(start, nalStart - start, keyframe);
                start = nalStart;
                keyframe = isIdr;
                return true;
            }

            if (start < 0)
            {
                start = nalStart;
            }

            keyframe |= isIdr;
        }

        if (start < 0)
        {
            return false;
        }

        Current = new AccessUnitRange(start, data.Length - start, keyframe);
        start = -1;
        return true;
    }

    /// <summary>The start code in front of a NAL payload: 00 00 01, or 00 00 00 01.</summary>
    private readonly int StartCodeStart(int payloadOffset)
    {
        var i = payloadOffset - 3;
        return i > 0 && data[i - 1] == 0 ? i - 1 : i;
    }
}
