using System.Diagnostics;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Fakes.HomeGraph;
using SmartHomeCam.Testing;

namespace SmartHomeCam.HomeGraph.Tests;

/// <summary>HomeGraph down (503 on every call, retried with back-off) must not slow what Google asks us.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task QUERY_and_EXECUTE_latency_is_unchanged_while_HomeGraph_is_down()
    {
        await using var h = await ReportingHarness.StartAsync(s => s["HomeGraph:RetryDelay"] = "00:00:00.200");
        var flappy = await h.AddDemoCameraAsync("Outage camera");
        var devices = await h.SyncedDeviceIdsAsync();
        await MeasureAsync(h, devices, 20, flappy); // warm-up: JIT, first capture session

        var baseline = await MeasureAsync(h, devices, 100, flappy);
        h.Fake.Down = true;
        var during = await MeasureAsync(h, devices, 100, flappy);

        // Flapping can stop where the last report left the camera (no net change, nothing to report): leave it in
        // each state once, so at least one is a real change the reporter must try to send while HomeGraph is down.
        foreach (var kind in new[] { CameraEventKind.Offline, CameraEventKind.Online })
        {
            if (h.Fake.Calls.Any(c => c.Status == 503))
            {
                break;
            }

            await h.RaiseAsync(flappy, kind);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        // The outage was really exercised: the reporter tried (and got 503) while HomeGraph was down.
        await Poll.UntilAsync(() => h.Fake.Calls.Any(c => c.Status == 503), TimeSpan.FromSeconds(30), "a HomeGraph call during the outage");
        // Tolerant: a loaded machine moves both runs; an outage leaking into the request path costs seconds.
        Assert.True(Percentile(during, 0.5) <= Percentile(baseline, 0.5) * 3 + 30,
            $"median {Percentile(during, 0.5):0.0} ms during the outage vs {Percentile(baseline, 0.5):0.0} ms before");
        Assert.True(Percentile(during, 0.9) <= Percentile(baseline, 0.9) * 3 + 100,
            $"p90 {Percentile(during, 0.9):0.0} ms during the outage vs {Percentile(baseline, 0.9):0.0} ms before");
    }

    /// <summary>Alternating QUERY and EXECUTE, one at a time, while the camera flaps in the background (reports queue up).</summary>
    private static async Task<List<double>> MeasureAsync(ReportingHarness h, List<string> devices, int count, string flappy)
    {
        using var stop = new CancellationTokenSource();
        var flapping = Task.Run(async () =>
        {
            var online = false;
            while (!stop.IsCancellationRequested)
            {
                await h.RaiseAsync(flappy, online ? CameraEventKind.Online : CameraEventKind.Offline);
                online = !online;
                await Task.Delay(150);
            }
        });
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var body = i % 2 == 0 ? FulfillmentClient.Query([.. devices]) : FulfillmentClient.Execute(devices[0]);
            var watch = Stopwatch.StartNew();
            var (status, _) = await h.Google.PostAsync(body);
            times.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(200, status);
        }

        await stop.CancelAsync();
        await flapping;
        return times;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }
}
