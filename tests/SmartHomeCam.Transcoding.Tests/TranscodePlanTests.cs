using SmartHomeCam.Cameras;

namespace SmartHomeCam.Transcoding.Tests;

public sealed class TranscodePlanTests
{
    [Theory]
    [InlineData("h264", "aac", 48000, TrackAction.Copy, TrackAction.Copy, false)]
    [InlineData("h264", null, null, TrackAction.Copy, TrackAction.None, false)]
    [InlineData("hevc", "opus", 48000, TrackAction.Encode, TrackAction.Encode, true)]
    [InlineData("hevc", "aac", 16000, TrackAction.Encode, TrackAction.Copy, true)]
    [InlineData("h264", "pcm_mulaw", 8000, TrackAction.Copy, TrackAction.Encode, true)]
    [InlineData("h264", "pcm_alaw", 8000, TrackAction.Copy, TrackAction.Encode, true)]
    [InlineData("h264", "pcm_s16be", 16000, TrackAction.Copy, TrackAction.Encode, true)]
    [InlineData("h264", "aac", null, TrackAction.Copy, TrackAction.Encode, true)] // AAC of unknown rate is re-encoded to a known one
    public void Each_track_is_copied_or_converted_from_what_the_camera_declares(
        string video, string? audio, int? rate, TrackAction expectedVideo, TrackAction expectedAudio, bool transcodes)
    {
        var plan = TranscodePlan.For(new SourceCodecs(video, audio, rate, 1));

        Assert.Equal(expectedVideo, plan.Video);
        Assert.Equal(expectedAudio, plan.Audio);
        Assert.Equal(transcodes, plan.NeedsTranscoding);
    }

    [Theory]
    [InlineData("vp8", null, "'vp8' video")]
    [InlineData("mjpeg", "aac", "'mjpeg' video")]
    [InlineData("h264", "speex", "'speex' audio")]
    public void An_unhandled_codec_is_a_clear_error_naming_it(string video, string? audio, string named)
    {
        var error = Assert.Throws<CameraSourceException>(() => TranscodePlan.For(new SourceCodecs(video, audio, 8000, 1)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
