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
        await using var cloud = await FakeNestCloud.StartAsync();
        await using var rtsps = await FakeNestRtspsServer.StartAsync(cloud);
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSmartHomeCamNest(new ConfigurationBuilder().AddInMemoryCollection(cloud.ServerSettings()).Build().GetSection("Nest"));
        collection.PostConfigure<SdmOptions>(o => o.RtspCertificateValidation = rtsps.CertificateValidation);
        await using var services = collection.BuildServiceProvider();
        var provider = services.GetRequiredService<SdmCameraProvider>();
        var connection = new ProviderConnectionContext(Guid.NewGuid(), "u", "nest", "Nest", new Dictionary<string, string>(), cloud.IssueRefreshToken(cloud.DefaultAccount));
        await provider.ListAsync(connection, CancellationToken.None);
        await using var source = (SdmRtspSource)provider.CreateSource(connection, "rtsp-cam");
        await source.OpenAsync(CancellationToken.None);

        long frames = 0, stalls = 0, jumps = 0, discontinuities = 0, lastDts = long.MinValue;
        var stallLog = new List<string>();
        var spliceTimes = new List<string>();
        long splicesSeen = 0;
        var watch = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        try
        {
            await foreach (var frame in source.ReadAsync(cts.Token))
            {
                var now = watch.Elapsed;
                if (frames > 0 && now - last > TimeSpan.FromSeconds(1))
                {
                    stalls++;
                    // When, how long, how many splices had happened, and how busy the machine was: a stall at a splice is
                    // ours, one under a load average far above the core count is the machine's.
                    stallLog.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {now.TotalMinutes:0.00} min | {(now - last).TotalSeconds:0.00} s | {source.Splices} | {LoadAverage()} |"));
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

        var report = string.Create(CultureInfo.InvariantCulture,
            $"| soak-nest | {minutes} min | {frames} video frames | {cloud.Streams.Sum(s => s.Extensions)} extensions | {source.Splices} splices | {stalls} stalls > 1 s | {jumps} DTS gaps | {discontinuities} discontinuities |");
        output.WriteLine(report);
        var results = Path.Combine(RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(results);
        var stallTable = $"\nSplices at (min): {string.Join(", ", spliceTimes)}\n" + (stallLog.Count == 0 ? "" : "\n| stall at | length | splices so far | load average (1 min) |\n|---|---|---|---|\n" + string.Join('\n', stallLog) + "\n");
        output.WriteLine(stallTable);
        await File.WriteAllTextAsync(Path.Combine(results, "soak-nest.md"),
            $"{Environment.ProcessorCount} cores, load average at the end {LoadAverage()}\n\n| case | length | frames | extensions | splices | stalls | gaps | discontinuities |\n|---|---|---|---|---|---|---|---|\n{report}\n{stallTable}");
        Assert.Equal((0L, 0L, 0L), (stalls, jumps, discontinuities));
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
