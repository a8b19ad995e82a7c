using System.Diagnostics;
using System.Globalization;
using SmartHomeCam.Media.Hls;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// Where the RTSP worker's resident memory goes, printed beside RSS so each MB is accounted for: the GC heap
/// (size, committed, fragmentation, per generation), the segment block pool, the bytes segments actually hold,
/// threads, and the kernel's split of RSS into anonymous and file-backed pages (code, mapped assemblies).
/// </summary>
public static class RtspWorkerMemory
{
    public static string Describe(IEnumerable<HlsSegmenter> segmenters)
    {
        static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
        var gc = GC.GetGCMemoryInfo();
        var generations = string.Join(
            " ",
            Enumerable.Range(0, gc.GenerationInfo.Length).Select(g => $"g{g}={Mb(gc.GenerationInfo[g].SizeAfterBytes)}"));
        long retained = 0;
        var segments = 0;
        foreach (var segmenter in segmenters)
        {
            foreach (var segment in segmenter.Window.Retained)
            {
                retained += segment.Length;
                segments++;
            }
        }

        var pool = SegmentBlockPool.Shared;
        var status = ProcStatus();
        using var self = Process.GetCurrentProcess();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"mem rss={Mb(status.GetValueOrDefault("VmRSS") * 1024)} anon={Mb(status.GetValueOrDefault("RssAnon") * 1024)} file={Mb(status.GetValueOrDefault("RssFile") * 1024)} MB; " +
            $"gc heap={Mb(gc.HeapSizeBytes)} committed={Mb(gc.TotalCommittedBytes)} fragmented={Mb(gc.FragmentedBytes)} [{generations}] " +
            $"totalMemory={Mb(GC.GetTotalMemory(false))} gcs={GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}; " +
            $"pool outstanding={pool.Outstanding} free={pool.FreeBlocks} blocks × {SegmentBlockPool.BlockSize} B = {Mb((pool.Outstanding + pool.FreeBlocks) * SegmentBlockPool.BlockSize)} MB; " +
            $"retained segments={segments} holding {Mb(retained)} MB; threads={self.Threads.Count}");
    }

    private static Dictionary<string, long> ProcStatus()
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var parts = line[(colon + 1)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (colon > 0 && parts.Length == 2 && parts[1] == "kB")
            {
                values[line[..colon]] = long.Parse(parts[0], CultureInfo.InvariantCulture);
            }
        }

        return values;
    }
}
