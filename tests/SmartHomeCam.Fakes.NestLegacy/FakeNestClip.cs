using SmartHomeCam.Media.Aac;
using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Fakes.NestLegacy;

/// <summary>
/// Real media for the fake camera: the service's own demo clip (H.264 640x360 25 fps, AAC-LC 48 kHz mono),
/// split into the NAL units and ADTS frames a Nest camera sends one per playback packet (spec §6).
/// </summary>
public sealed class FakeNestClip
{
    public const int FrameDuration90k = 3600;

    private static readonly Lazy<FakeNestClip> Shared = new(Load);

    private FakeNestClip(IReadOnlyList<IReadOnlyList<byte[]>> frames, IReadOnlyList<byte[]> audioFrames, int audioSampleRate)
    {
        Frames = frames;
        AudioFrames = audioFrames;
        AudioSampleRate = audioSampleRate;
    }

    public static FakeNestClip Instance => Shared.Value;

    /// <summary>Access units, each as its NAL units without start codes.</summary>
    public IReadOnlyList<IReadOnlyList<byte[]>> Frames { get; }

    public IReadOnlyList<byte[]> AudioFrames { get; }

    public int AudioSampleRate { get; }

    private static FakeNestClip Load()
    {
        var video = Resource("demo-clip.h264");
        var frames = new List<IReadOnlyList<byte[]>>();
        foreach (var unit in AnnexB.EnumerateAccessUnits(video))
        {
            var nals = new List<byte[]>();
            foreach (var nal in AnnexB.EnumerateNalUnits(video.AsSpan(unit.Offset, unit.Length)))
            {
                nals.Add(nal.ToArray());
            }

            frames.Add(nals);
        }

        var audio = Resource("demo-clip.aac");
        var audioFrames = new List<byte[]>();
        var offset = 0;
        var rate = 48_000;
        while (AdtsHeader.TryParse(audio.AsSpan(offset), out var header))
        {
            rate = header.SampleRate;
            audioFrames.Add(audio.AsSpan(offset, header.FrameLength).ToArray());
            offset += header.FrameLength;
        }

        return new FakeNestClip(frames, audioFrames, rate);
    }

    private static byte[] Resource(string name)
    {
        using var stream = typeof(SmartHomeCam.Cameras.Demo.DemoCameraProvider).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Resource {name} missing.");
        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        return data;
    }
}
