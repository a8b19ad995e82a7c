using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Cameras.Demo;

/// <summary>The embedded clip, split once into access units that every demo source shares read-only.</summary>
internal sealed class DemoClip
{
    public const int FrameDuration90k = 3600; // 25 fps: the clip's encode rate (its SPS carries no VUI timing)

    private static readonly Lazy<DemoClip> Shared = new(Load);

    private DemoClip(byte[] data, (int Offset, int Length, bool Keyframe)[] units)
    {
        Data = data;
        Units = units;
    }

    public static DemoClip Instance => Shared.Value;

    public ReadOnlyMemory<byte> Data { get; }

    public IReadOnlyList<(int Offset, int Length, bool Keyframe)> Units { get; }

    private static DemoClip Load()
    {
        using var stream = typeof(DemoClip).Assembly.GetManifestResourceStream("demo-clip.h264")
            ?? throw new InvalidOperationException("The demo clip resource is missing from the build.");
        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        return new DemoClip(data, Split(data));
    }

    /// <summary>Access-unit ranges (each starting at its first NAL's start code) with IDR flags.</summary>
    internal static (int Offset, int Length, bool Keyframe)[] Split(ReadOnlySpan<byte> data)
    {
        var units = new List<(int, int, bool)>();
        var boundary = default(AccessUnitBoundary);
        int start = -1;
        var keyframe = false;
        var nals = AnnexB.EnumerateNalUnits(data);
        while (nals.MoveNext())
        {
            var nal = nals.Current;
            var nalStart = StartCodeStart(data, nals.CurrentOffset);
            if (boundary.StartsNewUnit(nal) && start >= 0)
            {
                units.Add((start, nalStart - start, keyframe));
                start = -1;
                keyframe = false;
            }

            if (start < 0)
            {
                start = nalStart;
            }

            keyframe |= NalUnitType.Of(nal) == NalUnitType.IdrSlice;
        }

        if (start >= 0)
        {
            units.Add((start, data.Length - start, keyframe));
        }

        return [.. units];
    }

    private static int StartCodeStart(ReadOnlySpan<byte> data, int payloadOffset)
    {
        var i = payloadOffset - 3;
        return i > 0 && data[i - 1] == 0 ? i - 1 : i;
    }
}
