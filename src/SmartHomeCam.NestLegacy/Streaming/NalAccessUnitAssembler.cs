using System.Buffers;
using SmartHomeCam.Media.H264;

namespace SmartHomeCam.NestLegacy.Streaming;

/// <summary>
/// Joins the one-NAL-per-packet video of spec §6 into Annex B access units: each NAL gets a 4-byte start code,
/// and a unit is complete when the next one begins (H.264 §7.4.1.2.3 via <see cref="AccessUnitBoundary"/>).
/// Two pooled buffers take turns, so a completed unit stays valid while the next is built and nothing is
/// allocated per frame.
/// </summary>
internal sealed class NalAccessUnitAssembler : IDisposable
{
    private const int MaxUnitLength = 8 * 1024 * 1024;
    private AccessUnitBoundary boundary;
    private byte[] building = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private byte[] completed = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int buildingLength;
    private long buildingPts;
    private bool buildingKeyframe;
    private bool buildingHasPicture;

    /// <summary>
    /// Adds one NAL (no start code) and its PTS; true when it closed the previous unit, which <paramref name="unit"/>
    /// then describes (valid until the call after next).
    /// </summary>
    public bool Add(ReadOnlySequence<byte> nal, long pts, out AssembledUnit unit)
    {
        unit = default;
        if (nal.IsEmpty)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[2];
        var headLength = (int)Math.Min(2, nal.Length);
        nal.Slice(0, headLength).CopyTo(head);
        var type = NalUnitType.Of(head);
        var closed = false;
        if (boundary.StartsNewUnit(head[..headLength]) && buildingLength > 0)
        {
            closed = Complete(out unit);
        }

        if (buildingLength + 4 + nal.Length > MaxUnitLength)
        {
            // A unit this large is garbage; drop what was gathered rather than grow without bound.
            buildingLength = 0;
            buildingHasPicture = false;
            buildingKeyframe = false;
        }

        if (buildingLength == 0)
        {
            buildingPts = pts;
        }

        Ensure(buildingLength + 4 + (int)nal.Length);
        building.AsSpan(buildingLength, 4).Clear();
        building[buildingLength + 3] = 1;
        nal.CopyTo(building.AsSpan(buildingLength + 4));
        buildingLength += 4 + (int)nal.Length;
        buildingHasPicture |= NalUnitType.IsVcl(type);
        buildingKeyframe |= type == NalUnitType.IdrSlice;
        return closed;
    }

    /// <summary>Forgets the unit being built (a new connection starts fresh).</summary>
    public void Reset()
    {
        buildingLength = 0;
        buildingHasPicture = false;
        buildingKeyframe = false;
        boundary.Reset();
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(building);
        ArrayPool<byte>.Shared.Return(completed);
        building = completed = [];
    }

    private bool Complete(out AssembledUnit unit)
    {
        unit = default;
        var hasPicture = buildingHasPicture;
        (building, completed) = (completed, building);
        var length = buildingLength;
        buildingLength = 0;
        buildingHasPicture = false;
        var keyframe = buildingKeyframe;
        buildingKeyframe = false;
        if (!hasPicture)
        {
            return false; // parameter sets alone are no frame; the next unit carries them again with its IDR
        }

        unit = new AssembledUnit(completed.AsMemory(0, length), buildingPts, keyframe);
        return true;
    }

    private void Ensure(int length)
    {
        if (building.Length >= length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(length, building.Length * 2));
        building.AsSpan(0, buildingLength).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(building);
        building = larger;
    }
}

/// <summary>A completed access unit in Annex B form.</summary>
internal readonly record struct AssembledUnit(ReadOnlyMemory<byte> Data, long Pts, bool IsKeyframe);
