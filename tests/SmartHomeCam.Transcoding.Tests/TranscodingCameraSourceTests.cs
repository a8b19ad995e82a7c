using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.Media.Aac;
using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Transcoding.Tests;

/// <summary>The fallback against a real ffmpeg: an H.265 + Opus input comes out as H.264 High and AAC frames.</summary>
public sealed class TranscodingCameraSourceTests
{
    [Fact]
    public async Task Hevc_and_opus_come_out_as_h264_high_and_aac_with_rising_timestamps()
    {
        var clip = await TestClips.MakeHevcOpusAsync(4);
        try
        {
            await using var source = new TranscodingCameraSource(new TranscodingSourceOptions { Input = clip });

            var tracks = await source.OpenAsync(CancellationToken.None);

            Assert.Equal(new TranscodePlan(TrackAction.Encode, TrackAction.Encode), source.Plan);
            Assert.Equal(new AacTrack(48000, 1), tracks.Audio);
            var video = new List<MediaFrame>();
            var audio = new List<MediaFrame>();
            SequenceParameterSet? sps = null;
            try
            {
                await foreach (var frame in source.ReadAsync(CancellationToken.None))
                {
                    if (frame.Kind == MediaKind.Audio)
                    {
                        Assert.True(AdtsHeader.TryParse(frame.Data.Span, out var header) && header.SampleRate == 48000);
                        audio.Add(frame with { Data = Array.Empty<byte>() });
                        continue;
                    }

                    foreach (var nal in AnnexB.EnumerateNalUnits(frame.Data.Span))
                    {
                        if (NalUnitType.Of(nal) == NalUnitType.Sps)
                        {
                            sps ??= SpsParser.TryParse(nal);
                        }
                    }

                    video.Add(frame with { Data = Array.Empty<byte>() });
                }
            }
            catch (CameraSourceException)
            {
                // A file ends: the source reports the end as a failure, as a camera that hung up.
            }

            Assert.InRange(video.Count, 95, 105); // 4 s at 25 fps
            Assert.InRange(video.Count(f => f.IsKeyframe), 4, 6); // an IDR every second
            Assert.True(video[0].IsKeyframe);
            Assert.NotNull(sps);
            Assert.Equal(100, sps.ProfileIdc); // High
            Assert.Equal(41, sps.LevelIdc);
            Assert.True(video.Zip(video.Skip(1)).All(p => p.Second.Dts > p.First.Dts));
            Assert.InRange(audio.Count, 180, 195); // 4 s of 1024-sample frames at 48 kHz: 187.5
            Assert.True(audio.Zip(audio.Skip(1)).All(p => p.Second.Pts > p.First.Pts));
        }
        finally
        {
            File.Delete(clip);
        }
    }

    [Fact]
    public async Task An_unreachable_camera_fails_to_open_with_a_camera_error()
    {
        await using var source = new TranscodingCameraSource(new TranscodingSourceOptions { Input = "rtsp://127.0.0.1:9/nothing", ProbeTimeout = TimeSpan.FromSeconds(10) });

        await Assert.ThrowsAsync<CameraSourceException>(async () => await source.OpenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Disposing_stops_the_ffmpeg_process()
    {
        var clip = await TestClips.MakeHevcOpusAsync(2);
        try
        {
            var source = new TranscodingCameraSource(new TranscodingSourceOptions { Input = clip, Realtime = true, Loop = true });
            await source.OpenAsync(CancellationToken.None);
            await using var frames = source.ReadAsync(CancellationToken.None).GetAsyncEnumerator();
            Assert.True(await frames.MoveNextAsync());

            var stopping = source.DisposeAsync().AsTask();

            await stopping.WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            File.Delete(clip);
        }
    }
}
