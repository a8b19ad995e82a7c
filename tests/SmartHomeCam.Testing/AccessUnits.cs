using SmartHomeCam.Media;
using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Testing;

/// <summary>Splits an Annex B file into timestamped frames, as a camera source would deliver them.</summary>
public static class AccessUnits
{
    public static List<(byte[] Data, bool Keyframe)> Split(ReadOnlySpan<byte> data)
    {
        var units = new List<(byte[], bool)>();
        foreach (var unit in AnnexB.EnumerateAccessUnits(data))
        {
            units.Add((data.Slice(unit.Offset, unit.Length).ToArray(), unit.IsKeyframe));
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
