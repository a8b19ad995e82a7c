using SmartHomeCam.Media;

namespace SmartHomeCam.Nest.Tests;

public sealed class SdmStreamGrantTests
{
    [Fact]
    public void Extending_rewrites_only_the_auth_parameter_of_the_url()
    {
        var grant = new SdmStreamGrant(new Uri("rtsps://stream-eu1-a.dropcam.com:443/sdm_live_stream/CiUA?auth=OLD&x=1"), "OLD", "ext1", DateTimeOffset.UnixEpoch);
        var next = grant.Extended("NEW/+=", "ext2", DateTimeOffset.UnixEpoch.AddMinutes(5));
        Assert.Equal("rtsps://stream-eu1-a.dropcam.com:443/sdm_live_stream/CiUA?x=1&auth=NEW%2F%2B%3D", next.RtspUrl.AbsoluteUri);
        Assert.Equal(("ext2", "NEW/+="), (next.ExtensionToken, next.StreamToken));
        Assert.DoesNotContain("NEW", next.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_splice_timeline_continues_dts_one_frame_after_the_last_and_drops_overlapping_audio()
    {
        var timeline = SdmSpliceTimeline.Create();
        for (long i = 0; i < 5; i++)
        {
            Assert.True(timeline.TryMap(new MediaFrame(default, 1000 + i * 3600, 1000 + i * 3600, i == 0), false, out _));
        }

        Assert.True(timeline.TryMap(new MediaFrame(default, 15_000, 15_000, true, Kind: MediaKind.Audio), false, out _));
        // The next session's clock starts anywhere; its IDR lands one frame after the last video frame.
        timeline.SpliceAt(9_000_000);
        Assert.True(timeline.TryMap(new MediaFrame(default, 9_000_000, 9_000_000, true), false, out var idr));
        Assert.Equal(1000 + 5 * 3600, idr.Dts);
        Assert.False(idr.Discontinuity);
        Assert.False(timeline.TryMap(new MediaFrame(default, 9_000_000 - 4000, 0, true, Kind: MediaKind.Audio), false, out _));
        Assert.True(timeline.TryMap(new MediaFrame(default, 9_000_000 + 1920, 0, true, Kind: MediaKind.Audio), false, out var audio));
        Assert.Equal(idr.Dts + 1920, audio.Pts);
    }
}
