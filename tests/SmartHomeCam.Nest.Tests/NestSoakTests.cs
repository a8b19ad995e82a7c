using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.Media;
using Xunit.Abstractions;

namespace SmartHomeCam.Nest.Tests;

/// <summary>
/// bench/run soak-nest: a Nest stream for SHC_NEST_SOAK_MINUTES (60) in real time with Google's real timing (5-minute
/// streams, production lead time) over RTSPS against the strict fake; reports gaps (output stalls over 1 s, DTS jumps
/// over two frames), discontinuities and splices. Target: zero gaps.
/// </summary>
public sealed class NestSoakTests(ITestOutputHelper output)
{
    [SoakFact]
    public async Task Soak_a_nest_stream_in_real_time()
    {
        var minutes = double.Parse(Environment.GetEnvironmentVariable("SHC_NEST_SOAK_MINUTES")!, CultureInfo.InvariantCulture);
        using var headroom = TestHostThreadPoolHeadroom.Reserve();
        await using var cloud = await FakeNestCloud.StartAsync();
        await using var rtsps = await FakeNestRtspsServer.StartAsync(cloud);
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSmartHomeCamNest(new ConfigurationBuilder().AddInMemoryCollection(cloud.ServerSettings()).Build().GetSection("Nest"));
        collection.PostConfigure<SdmOptions>(o => o.RtspCertificateValidation = rtsps.CertificateValidation);
        collection.AddSingleton<ISdmRtspConnector>(sp => new NestSoakConnector(ActivatorUtilities.CreateInstance<RtspSdmConnector>(sp)));
        await using var services = collection.BuildServiceProvider();
        var taps = (NestSoakConnector)services.GetRequiredService<ISdmRtspConnector>();
        var provider = services.GetRequiredService<SdmCameraProvider>();
        var connection = new ProviderConnectionContext(Guid.NewGuid(), "u", "nest", "Nest", new Dictionary<string, string>(), cloud.IssueRefreshToken(cloud.DefaultAccount));
        await provider.ListAsync(connection, CancellationToken.None);
        await using var source = (SdmRtspSource)provider.CreateSource(connection, "rtsp-cam");
        await source.OpenAsync(CancellationToken.None);

        long frames = 0, jumps = 0, discontinuities = 0, lastDts = long.MinValue;
        var spliceTimes = new List<string>();
        long splicesSeen = 0;
        var watch = Stopwatch.StartNew();
        long yielded = 0;
        using var probe = new NestSoakProbe(
            watch,
            ("fake server sent RTP", () => rtsps.Counters.RtpPackets),
            ("client received RTP", () => taps.PacketsReceived),
            ("client frames out", () => taps.FramesOut),
            ("SdmRtspSource out", () => Interlocked.Read(ref yielded)));
        var stalls = new List<(TimeSpan End, TimeSpan Length, int Splices, string Load)>();
        var last = TimeSpan.Zero;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        try
        {
            await foreach (var frame in source.ReadAsync(cts.Token))
            {
                var now = watch.Elapsed;
                Interlocked.Increment(ref yielded);
                if (frames > 0 && now - last > TimeSpan.FromSeconds(1))
                {
                    // When, how long, how many splices had happened, and how busy the machine was; which stage paused
                    // is asked of the probe at the end (its gaps upstream close when they do).
                    stalls.Add((now, now - last, source.Splices, LoadAverage()));
                }

                last = now;
                if (source.Splices != splicesSeen)
                {
                    splicesSeen = source.Splices;
                    spliceTimes.Add(now.TotalMinutes.ToString("0.00", CultureInfo.InvariantCulture));
                }

                if (frame.Discontinuity)
                {
                    discontinuities++;
                }

                if (frame.Kind == MediaKind.Video)
                {
                    if (lastDts != long.MinValue && (frame.Dts <= lastDts || frame.Dts - lastDts > 2 * 3600))
                    {
                        jumps++;
                    }

                    lastDts = frame.Dts;
                    frames++;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }

        probe.Dispose();
        var stallLog = stalls.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"| {s.End.TotalMinutes:0.00} min | {s.Length.TotalSeconds:0.00} s | {s.Splices} | {s.Load} | {probe.Attribute(s.End, s.Length)} |")).ToList();
        var report = string.Create(CultureInfo.InvariantCulture,
            $"| soak-nest | {minutes} min | {frames} video frames | {cloud.Streams.Sum(s => s.Extensions)} extensions | {source.Splices} splices | {stalls.Count} stalls > 1 s | {jumps} DTS gaps | {discontinuities} discontinuities |");
        output.WriteLine(report);
        var results = Path.Combine(RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(results);
        var stallTable = $"\nSplices at (min): {string.Join(", ", spliceTimes)}\n" + (stallLog.Count == 0 ? "" : "\n| stall at | length | splices so far | load average (1 min) | stage that paused first |\n|---|---|---|---|---|\n" + string.Join('\n', stallLog) + "\n")
            + string.Create(CultureInfo.InvariantCulture, $"\nGaps between consecutive advances of each stage (the probe samples every 1 ms; its own longest lateness {probe.SamplerLate.TotalMilliseconds:0} ms):\n\n")
            + probe.HistogramTable() + "\nEvery gap of 250 ms or more:\n\n" + probe.LongGapTable();
        output.WriteLine(stallTable);
        await File.WriteAllTextAsync(Path.Combine(results, "soak-nest.md"),
            $"{Environment.ProcessorCount} cores, load average at the end {LoadAverage()}\n\n| case | length | frames | extensions | splices | stalls | gaps | discontinuities |\n|---|---|---|---|---|---|---|---|\n{report}\n{stallTable}");
        Assert.Equal((0L, 0L, 0L), ((long)stalls.Count, jumps, discontinuities));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmartHomeCam.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
