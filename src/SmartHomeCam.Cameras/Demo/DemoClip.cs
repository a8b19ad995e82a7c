using SmartHomeCam.Media;
using SmartHomeCam.Media.Aac;
using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Cameras.Demo;

/// <summary>
/// The embedded clip (H.264 video and its AAC sound), split once into access units and ADTS frames that every
/// demo source shares read-only.
/// </summary>
internal sealed class DemoClip
{
    public const int FrameDuration90k = 3600; // 25 fps: the clip's encode rate (its SPS carries no VUI timing)

    private static readonly Lazy<DemoClip> Shared = new(Load);

    private DemoClip(byte[] video, AccessUnitRange[] units, byte[] audio, AudioFrameRange[] audioFrames, AacTrack audioTrack)
    {
        Data = video;
        Units = units;
        Audio = audio;
        AudioFrames = audioFrames;
        AudioTrack = audioTrack;
        VideoOnly = MediaTracks.VideoOnly;
        WithAudio = new MediaTracks(H264Track.InBand, audioTrack);
    }

    public static DemoClip Instance => Shared.Value;

    public ReadOnlyMemory<byte> Data { get; }

    public IReadOnlyList<AccessUnitRange> Units { get; }

    public ReadOnlyMemory<byte> Audio { get; }

    /// <summary>ADTS frames covering exactly the video's length, so every loop starts both tracks together.</summary>
    public IReadOnlyList<AudioFrameRange> AudioFrames { get; }

    public AacTrack AudioTrack { get; }

    public MediaTracks VideoOnly { get; }

    public MediaTracks WithAudio { get; }

    private static DemoClip Load()
    {
        var video = ReadResource("demo-clip.h264");
        var audio = ReadResource("demo-clip.aac");
        var units = Split(video);
        if (!AdtsHeader.TryParse(audio, out var first))
        {
            throw new InvalidOperationException("The demo clip's audio is not ADTS AAC.");
        }

        var track = first.ToTrack();
        var loop = (long)units.Length * FrameDuration90k;
        var frames = SplitAdts(audio, (int)(loop / track.FrameDuration90k));
        return new DemoClip(video, units, audio, frames, track);
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(DemoClip).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The demo clip resource {name} is missing from the build.");
        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        return data;
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

    /// <summary>The first <paramref name="max"/> whole ADTS frames (the encoder's trailing priming frame is dropped).</summary>
    internal static AudioFrameRange[] SplitAdts(ReadOnlySpan<byte> data, int max)
    {
        var frames = new List<AudioFrameRange>();
        var offset = 0;
        while (frames.Count < max && AdtsHeader.TryParse(data[offset..], out var header))
        {
            frames.Add(new AudioFrameRange(offset, header.FrameLength));
            offset += header.FrameLength;
        }

        return [.. frames];
    }
}

/// <summary>Where one ADTS frame sits in the clip's audio.</summary>
internal readonly record struct AudioFrameRange(int Offset, int Length);
