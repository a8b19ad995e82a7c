using FFMpegCore;
using FFMpegCore.Enums;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Transcoding.Tests;

/// <summary>Inputs the Cast receiver cannot play, made with ffmpeg (through FFMpegCore) for each test run.</summary>
internal static class TestClips
{
    /// <summary>H.265 video (640x360, 25 fps, an IDR every second) with Opus audio at 48 kHz, in Matroska.</summary>
    public static async Task<string> MakeHevcOpusAsync(double seconds = 6)
    {
        var path = ExternalTool.TempFile(".mkv");
        await FFMpegArguments
            .FromDeviceInput("testsrc2=size=640x360:rate=25", i => i.ForceFormat("lavfi"))
            .AddDeviceInput("sine=frequency=440:sample_rate=48000", i => i.ForceFormat("lavfi"))
            .OutputToFile(path, overwrite: true, o => o
                .WithDuration(TimeSpan.FromSeconds(seconds))
                .WithVideoCodec(VideoCodec.LibX265).WithSpeedPreset("ultrafast").WithGopSize(25)
                .WithCustomArgument("-x265-params log-level=error -pix_fmt yuv420p")
                .WithAudioCodec("libopus", null)
                .ForceFormat("matroska"))
            .WithLogLevel(FFMpegLogLevel.Error)
            .ProcessAsynchronously();
        return path;
    }
}
