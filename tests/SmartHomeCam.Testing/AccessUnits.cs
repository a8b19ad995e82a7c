using SmartHomeCam.Media;
using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Testing;

/// <summary>Splits an Annex B file into timestamped frames, as a camera source would deliver them.</summary>
public static class AccessUnits
{
    public static List<(byte[] Data, bool Keyframe)> Split(ReadOnlySpan<byte> data)
    {
        var units = new List<(byte[], bool)>();
        var boundary = default(AccessUnitBoundary);
        var current = new MemoryStream();
        var keyframe = false;
        var nals = AnnexB.EnumerateNalUnits(data);
        while (nals.MoveNext())
        {
            if (boundary.StartsNewUnit(nals.Current) && current.Length > 0)
            {
                units.Add((current.ToArray(), keyframe));
                current.SetLength(0);
                keyframe = false;
            }

            current.Write(AnnexB.StartCode);
            current.Write(nals.Current);
            keyframe |= NalUnitType.Of(nals.Current) == NalUnitType.IdrSlice;
        }

        if (current.Length > 0)
        {
            units.Add((current.ToArray(), keyframe));
        }

        return units;
    }

    public static List<MediaFrame> Frames(ReadOnlySpan<byte> data, int fps, long startDts = 0) =>
        Split(data).Select((u, i) =>
        {
            var ts = startDts + i * 90_000L / fps;
            return new MediaFrame(u.Data, ts, ts, u.Keyframe);
        }).ToList();
}
