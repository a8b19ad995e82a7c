using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FFMpegCore;
using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>
/// What a fake RTSP server plays in a loop: H.264 access units (Annex B, SPS/PPS in band) at a fixed frame rate and
/// optional ADTS AAC frames. Read-only once built, so any number of sessions share one instance.
/// </summary>
public sealed class FakeRtspMedia
{
    private FakeRtspMedia(byte[] video, int fps, byte[]? audio)
    {
        Video = video;
        Fps = fps;
        var units = new List<(int, int, bool)>();
        foreach (var unit in AnnexB.EnumerateAccessUnits(video))
        {
            units.Add((unit.Offset, unit.Length, unit.IsKeyframe));
        }

        if (units.Count == 0)
        {
            throw new ArgumentException("The video holds no H.264 access unit.", nameof(video));
        }

        AccessUnits = units;
        foreach (var nal in AnnexB.EnumerateNalUnits(video))
        {
            var type = nal[0] & 0x1F;
            if (type == 7 && Sps is null)
            {
                Sps = nal.ToArray();
            }
            else if (type == 8 && Pps is null)
            {
                Pps = nal.ToArray();
            }

            if (Sps is not null && Pps is not null)
            {
                break;
            }
        }

        if (Sps is null || Pps is null)
        {
            throw new ArgumentException("The video carries no SPS/PPS in band.", nameof(video));
        }

        if (audio is not null)
        {
            Audio = FakeRtspAudio.FromAdts(audio);
        }
    }

    public byte[] Video { get; }

    public int Fps { get; }

    /// <summary>(offset, length, keyframe) of each access unit in <see cref="Video"/>.</summary>
    public IReadOnlyList<(int Offset, int Length, bool Keyframe)> AccessUnits { get; }

    public byte[]? Sps { get; }

    public byte[]? Pps { get; }

    public FakeRtspAudio? Audio { get; }

    /// <summary>RTP ticks (90 kHz) per video frame.</summary>
    public int FrameTicks => 90_000 / Fps;

    public static FakeRtspMedia FromAnnexB(byte[] h264, int fps, byte[]? adts = null)
    {
        ArgumentNullException.ThrowIfNull(h264);
        ArgumentOutOfRangeException.ThrowIfLessThan(fps, 1);
        return new FakeRtspMedia(h264, fps, adts);
    }

    /// <summary>
    /// A test pattern (and a tone) encoded by ffmpeg; cached in the temp directory by its parameters, so a test run
    /// encodes each variant once.
    /// </summary>
    public static async Task<FakeRtspMedia> GenerateAsync(FakeRtspMediaSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(spec.ToString())))[..16];
        var dir = Path.Combine(Path.GetTempPath(), "shc-fake-rtsp");
        Directory.CreateDirectory(dir);
        var videoPath = Path.Combine(dir, key + ".h264");
        var audioPath = Path.Combine(dir, key + ".aac");
        var inv = CultureInfo.InvariantCulture;
        if (!File.Exists(videoPath))
        {
            var tmp = videoPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await FFMpegArguments
                .FromFileInput($"testsrc2=size={spec.Width}x{spec.Height}:rate={spec.Fps}", false, o => o.ForceFormat("lavfi"))
                .OutputToFile(tmp, true, o => o
                    .WithVideoCodec("libx264")
                    .WithCustomArgument(string.Create(inv,
                        $"-t {spec.Seconds} -preset ultrafast -tune zerolatency -pix_fmt yuv420p -g {spec.Gop} -keyint_min {spec.Gop} -sc_threshold 0 -bf 0 -b:v {spec.BitrateKbps}k -maxrate {spec.BitrateKbps}k -bufsize {spec.BitrateKbps * 2}k"))
                    .ForceFormat("h264"))
                .ProcessAsynchronously(true, null, cancellationToken)
                .ConfigureAwait(false);
            File.Move(tmp, videoPath, true);
        }

        if (spec.Audio && !File.Exists(audioPath))
        {
            var tmp = audioPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await FFMpegArguments
                .FromFileInput(string.Create(inv, $"sine=frequency=440:sample_rate={spec.SampleRate}"), false, o => o.ForceFormat("lavfi"))
                .OutputToFile(tmp, true, o => o
                    .WithAudioCodec("aac")
                    .WithCustomArgument(string.Create(inv, $"-t {spec.Seconds} -ac 1 -b:a 64k"))
                    .ForceFormat("adts"))
                .ProcessAsynchronously(true, null, cancellationToken)
                .ConfigureAwait(false);
            File.Move(tmp, audioPath, true);
        }

        var video = await File.ReadAllBytesAsync(videoPath, cancellationToken).ConfigureAwait(false);
        var audio = spec.Audio ? await File.ReadAllBytesAsync(audioPath, cancellationToken).ConfigureAwait(false) : null;
        return new FakeRtspMedia(video, spec.Fps, audio);
    }
}
