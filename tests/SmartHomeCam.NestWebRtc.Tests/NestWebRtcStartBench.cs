using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>
/// bench/run nest-webrtc: time from opening a WEB_RTC Nest camera (what EXECUTE does) to its first frame, over 20
/// starts against the fake SDM + aiortc, side by side with the bare receiver against aiortc (no SDM call) as the
/// baseline. Writes bench/results/nest-webrtc.md.
/// </summary>
[Collection(AiortcGroup.Name)]
public sealed class NestWebRtcStartBench(AiortcFixture aiortc, ITestOutputHelper output)
{
    private const int Starts = 20;

    [NestWebRtcBenchFact]
    public async Task First_frame_after_execute_p50_p95_over_20_starts()
    {
        aiortc.Peer.DropRate = 0;
        await using var nest = await NestWebRtcHarness.StartAsync(aiortc.Peer, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(45));
        await nest.Provider.ListAsync(nest.Connection, CancellationToken.None);
        var viaNest = new List<double>();
        var direct = new List<double>();
        for (var i = 0; i < Starts; i++)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var watch = Stopwatch.StartNew();
            await using (var source = nest.Provider.CreateSource(nest.Connection, "webrtc-wired"))
            {
                await source.OpenAsync(cts.Token);
                await using var frames = source.ReadAsync(cts.Token).GetAsyncEnumerator(cts.Token);
                Assert.True(await frames.MoveNextAsync());
                viaNest.Add(watch.Elapsed.TotalMilliseconds);
            }

            watch.Restart();
            await using (var receiver = AiortcReceiveTests.NewReceiver())
            {
                var answer = await aiortc.Peer.AnswerAsync("bench-" + i.ToString(CultureInfo.InvariantCulture), receiver.CreateOffer(), TimeSpan.FromSeconds(30));
                await receiver.ConnectAsync(answer, cts.Token);
                await using var frames = receiver.ReadAsync(cts.Token).GetAsyncEnumerator(cts.Token);
                Assert.True(await frames.MoveNextAsync());
                direct.Add(watch.Elapsed.TotalMilliseconds);
                await aiortc.Peer.StopAsync("bench-" + i.ToString(CultureInfo.InvariantCulture));
            }
        }

        var report = string.Create(CultureInfo.InvariantCulture,
            $"""
            # nest-webrtc: first frame after EXECUTE ({Starts} starts, fake SDM + aiortc on loopback)

            | path | p50 ms | p95 ms |
            |---|---|---|
            | Nest WEB_RTC camera (Generate + ICE + DTLS + PLI) | {P(viaNest, 50):0} | {P(viaNest, 95):0} |
            | baseline: bare receiver against aiortc | {P(direct, 50):0} | {P(direct, 95):0} |

            ratio p50 (Nest / baseline): {P(viaNest, 50) / P(direct, 50):0.00}
            """);
        output.WriteLine(report);
        var results = Path.Combine(SmartHomeCam.Testing.RepositoryPaths.Root, "bench", "results");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, "nest-webrtc.md"), report);
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
