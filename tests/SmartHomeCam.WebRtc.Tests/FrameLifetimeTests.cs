using SmartHomeCam.WebRtc.Peers;
using SmartHomeCam.WebRtc.Rtp;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>Reference counting of pooled frames: a frame lives while anyone holds it, and only then goes back to the pool.</summary>
public sealed class FrameLifetimeTests
{
    [Fact]
    public void A_frame_held_past_its_gop_keeps_its_bytes_until_the_last_release_then_returns_to_the_pool()
    {
        var idr = BroadcastAllocationTests.DemoClip().First(u => u.Keyframe).Data;
        var list = new RtpPayloadList();
        new H264Packetizer().Packetize(idr, list);
        var expected = Enumerable.Range(0, list.Count).Select(i => list.Payload(i).ToArray()).ToList();
        var pool = new EncodedFramePool<EncodedVideoFrame>();
        var gop = new GroupOfPictures();

        var frame = EncodedVideoFrame.Create(pool, list, 1234, isKeyFrame: true, gop);
        Assert.Equal(2, frame.References); // the publisher's and the GOP's
        var held = new List<EncodedVideoFrame>();
        gop.Take(1, held); // a viewer replaying the GOP
        Assert.Same(frame, Assert.Single(held));
        frame.Release(); // the publisher is done
        gop.Close(); // the next IDR arrived

        Assert.Equal(1, frame.References);
        list.Clear(); // the packetizer's list is reused for the next frame: the frame has its own copy
        Assert.Equal(expected.Count, frame.PayloadCount);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(frame.Payload(i).SequenceEqual(expected[i]), $"payload {i} changed while held");
        }

        Assert.Null(pool.TryTake());
        held[0].Release();
        Assert.Equal(0, frame.References);
        Assert.Same(frame, pool.TryTake());
        Assert.Throws<InvalidOperationException>(frame.Release); // a double release is caught, not silently corrupting

        var none = new List<EncodedVideoFrame>();
        gop.Take(1, none);
        Assert.Empty(none); // a closed GOP replays nothing: the viewer waits for the next IDR
    }

    [Fact]
    public void A_released_frame_cannot_be_referenced_again()
    {
        var list = new RtpPayloadList();
        new H264Packetizer().Packetize(BroadcastAllocationTests.DemoClip()[0].Data, list);
        var frame = EncodedVideoFrame.Create(null, list, 0, isKeyFrame: true, new GroupOfPictures(maxFrames: 0));
        Assert.Equal(-1, frame.IndexInGop);
        frame.Release();
        Assert.Throws<InvalidOperationException>(frame.AddRef);
    }
}
