using SmartHomeCam.Testing;
using SmartHomeCam.WebRtc.Peers;
using Xunit.Abstractions;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>The camera's hot path into WebRTC: once warm, publishing a frame takes its buffers from pools, not the heap.</summary>
public sealed class BroadcastAllocationTests(ITestOutputHelper output)
{
    internal static List<(byte[] Data, bool Keyframe)> DemoClip()
    {
        using var stream = typeof(SmartHomeCam.Cameras.Demo.DemoCameraProvider).Assembly.GetManifestResourceStream("demo-clip.h264")!;
        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        return AccessUnits.Split(data);
    }

    [Fact]
    public void Publishing_frames_allocates_next_to_nothing_per_frame_once_warm()
    {
        var units = DemoClip();
        var broadcaster = new VideoBroadcaster();
        long pts = 0;
        void PublishAll()
        {
            foreach (var (data, key) in units)
            {
                broadcaster.Publish(data, pts += 3600, key);
            }
        }

        PublishAll(); // warm: pools and the packetizer's lists fill
        var frames = 0;
        var bytes = 0L;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var loop = 0; loop < 4; loop++)
        {
            PublishAll();
            frames += units.Count;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        bytes = units.Sum(u => (long)u.Data.Length) * 4;
        var perFrame = (double)allocated / frames;
        output.WriteLine($"{frames} frames ({bytes / frames} B average access unit): {allocated} B allocated, {perFrame:0.0} B per frame");

        // A new group of pictures (one small object and its list) per key frame is all that remains.
        Assert.True(perFrame < 64, $"{perFrame:0.0} bytes allocated per published frame");
    }
}
