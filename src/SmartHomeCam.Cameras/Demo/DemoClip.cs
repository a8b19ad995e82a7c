using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Cameras.Demo;

/// <summary>The embedded clip, split once into access units that every demo source shares read-only.</summary>
internal sealed class DemoClip
{
    public const int FrameDuration90k = 3600; // 25 fps: the clip's encode rate (its SPS carries no VUI timing)

    private static readonly Lazy<DemoClip> Shared = new(Load);

    private DemoClip(byte[] data, AccessUnitRange[] units)
    {
        Data = data;
        Units = units;
    }

    public static DemoClip Instance => Shared.Value;

    public ReadOnlyMemory<byte> Data { get; }

    public IReadOnlyList<AccessUnitRange> Units { get; }

    private static DemoClip Load()
    {
        using var stream = typeof(DemoClip).Assembly.GetManifestResourceStream("demo-clip.h264")
            ?? throw new InvalidOperationException("The demo clip resource is missing from the build.");
        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        return new DemoClip(data, Split(data));
    }

    internal static AccessUnitRange[] Split(ReadOnlySpan<byte> data)
    {
        var units = new List<AccessUnitRange>();
        foreach (var unit in AnnexB.EnumerateAccessUnits(data))
        {
            units.Add(unit);
        }

        return [.. units];
    }
}
