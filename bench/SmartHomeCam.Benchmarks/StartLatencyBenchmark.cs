using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// EXECUTE → multivariant playlist → media playlist → first segment downloaded, as a receiver would do it.
/// Cold: a camera nobody watches (the demo source starts with an IDR; one 1 s segment must complete).
/// Warm: a camera whose session is running.
/// </summary>
public static class StartLatencyBenchmark
{
    private const int ColdRuns = 20;
    private const int WarmRuns = 50;

    public static async Task RunAsync(Report report)
    {
        var settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" };
        for (var i = 0; i < ColdRuns; i++)
        {
            settings[$"Cameras:Demo:Names:{i}"] = $"Bench camera {i}";
        }

        await using var server = await ServerInstance.StartAsync(settings, minimumLevel: LogLevel.Warning);
        var email = await TestAccounts.CreateAsync(server);
        using var client = await FulfillmentClient.LinkAsync(server, email);
        using var http = server.CreateClient();
        var (_, sync) = await client.PostAsync(FulfillmentClient.Sync());
        var devices = JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .Select(d => d.GetProperty("id").GetString()!).ToList();

        async Task<double> PlayOnceAsync(string device)
        {
            var started = Stopwatch.GetTimestamp();
            var (_, body) = await client.PostAsync(FulfillmentClient.Execute(device));
            var url = new Uri(JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0]
                .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
            await http.GetStringAsync(url);
            var media = await http.GetStringAsync(new Uri(url, "live.m3u8"));
            var first = media.Split('\n').First(l => l.EndsWith(".ts", StringComparison.Ordinal));
            await http.GetByteArrayAsync(new Uri(url, first));
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        await PlayOnceAsync(devices[^1]); // JIT warm-up on a camera not measured cold
        var cold = new List<double>();
        foreach (var device in devices.Take(ColdRuns - 1))
        {
            cold.Add(await PlayOnceAsync(device));
        }

        var warm = new List<double>();
        for (var i = 0; i < WarmRuns; i++)
        {
            warm.Add(await PlayOnceAsync(devices[0]));
        }

        report.Section("Start: EXECUTE → playable segment",
            "Sequential, loopback. Cold = camera not yet streaming (demo source: IDR at once, 1 s segments). Warm = session already running.");
        report.Table(["case", "runs", "p50", "p95", "target"],
        [
            ["warm", warm.Count.ToString(CultureInfo.InvariantCulture), $"{Percentile(warm, 50):0.0} ms", $"{Percentile(warm, 95):0.0} ms", "≤ 100 ms"],
            ["cold", cold.Count.ToString(CultureInfo.InvariantCulture), $"{Percentile(cold, 50):0.0} ms", $"{Percentile(cold, 95):0.0} ms", "≤ first IDR (0 ms) + 1 segment (1000 ms) + 200 ms = 1200 ms"],
        ]);
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
