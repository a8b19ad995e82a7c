using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// Two replicas (in this process) on one Redis and one PostgreSQL. Per segment: latency and CPU through the owner
/// (the baseline) vs through the other replica, which forwards over the internal hop. Then EXECUTE on the non-owner
/// → first segment fetched from it: cold (no session anywhere: it claims the camera) and warm (the owner runs it).
/// </summary>
public static class ReplicasBenchmark
{
    public static async Task RunAsync(Report report, int seconds)
    {
        var requests = Math.Max(200, seconds * 100);
        using var postgres = await PostgresServer.StartAsync();
        using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = postgres.ConnectionString("bench"),
            ["Redis:Configuration"] = redis.Configuration,
            ["OAuth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["OAuth:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["OAuth:Issuer"] = "https://bench.invalid/",
            ["Streaming:SigningKeys:0"] = "b1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        for (var i = 0; i < 24; i++)
        {
            settings[$"Cameras:Demo:Names:{i}"] = $"Bench camera {i}";
        }

        await using var owner = await ServerInstance.StartAsync(settings, minimumLevel: LogLevel.Warning);
        await using var other = await ServerInstance.StartAsync(settings, minimumLevel: LogLevel.Warning);
        var email = await TestAccounts.CreateAsync(owner);
        using var onOwner = await FulfillmentClient.LinkAsync(owner, email);
        using var onOther = new FulfillmentClient(other, onOwner.AccessToken);
        var (_, sync) = await onOwner.PostAsync(FulfillmentClient.Sync());
        var devices = JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .Select(d => d.GetProperty("id").GetString()!).ToList();
        using var ownerHttp = owner.CreateClient();
        using var otherHttp = other.CreateClient();

        // Per segment: the same segment fetched repeatedly, alternating blocks, through each replica.
        var url = await ExecuteAsync(onOwner, devices[0]);
        var segment = await FirstSegmentAsync(ownerHttp, url);
        var direct = new List<double>();
        var hopped = new List<double>();
        var cpuDirect = 0.0;
        var cpuHopped = 0.0;
        var size = (await GetAsync(ownerHttp, segment)).Length;
        for (var round = 0; round < 10; round++)
        {
            cpuDirect += await MeasureAsync(ownerHttp, segment, requests / 10, direct);
            cpuHopped += await MeasureAsync(otherHttp, segment, requests / 10, hopped);
        }

        report.Section("Replicas: a segment through the owner vs through another replica",
            $"Two replicas in one process on loopback, one Redis, one PostgreSQL; {size / 1024} KiB segment, {direct.Count} sequential fetches each way; CPU = this process (both replicas and the client) per fetch.");
        report.Table(["path", "p50", "p95", "CPU per segment", "ratio p50 / CPU"],
        [
            ["owner (baseline)", $"{Percentile(direct, 50):0.00} ms", $"{Percentile(direct, 95):0.00} ms", $"{cpuDirect / direct.Count:0.000} ms", "1.00 / 1.00"],
            ["non-owner (hop)", $"{Percentile(hopped, 50):0.00} ms", $"{Percentile(hopped, 95):0.00} ms", $"{cpuHopped / hopped.Count:0.000} ms",
                $"{Percentile(hopped, 50) / Percentile(direct, 50):0.00} / {cpuHopped / cpuDirect:0.00}"],
        ]);

        // EXECUTE → playable on the non-owner.
        var cold = new List<double>();
        foreach (var device in devices.Skip(2).Take(10))
        {
            var started = Stopwatch.GetTimestamp();
            var playable = await ExecuteAsync(onOther, device);
            await FirstSegmentAsync(otherHttp, playable);
            cold.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var warm = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var playable = await ExecuteAsync(onOther, devices[0]); // owned by the first replica, running
            await FirstSegmentAsync(otherHttp, playable);
            warm.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        report.Section("Replicas: EXECUTE on a non-owner → first segment fetched from it", "Cold = no session anywhere; warm = the session runs on the other replica (every fetch forwarded).");
        report.Table(["case", "runs", "p50", "p95"],
        [
            ["warm (forwarded)", warm.Count.ToString(CultureInfo.InvariantCulture), $"{Percentile(warm, 50):0.0} ms", $"{Percentile(warm, 95):0.0} ms"],
            ["cold", cold.Count.ToString(CultureInfo.InvariantCulture), $"{Percentile(cold, 50):0.0} ms", $"{Percentile(cold, 95):0.0} ms"],
        ]);
    }

    private static async Task<double> MeasureAsync(HttpClient http, Uri segment, int count, List<double> latencies)
    {
        var relative = new Uri(segment.AbsolutePath, UriKind.Relative); // the same path on either replica
        var cpu = ProcStats.CpuMs(Environment.ProcessId);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await http.GetByteArrayAsync(relative);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return ProcStats.CpuMs(Environment.ProcessId) - cpu;
    }

    private static async Task<Uri> ExecuteAsync(FulfillmentClient client, string device)
    {
        var (_, body) = await client.PostAsync(FulfillmentClient.Execute(device));
        return new Uri(JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
    }

    private static async Task<Uri> FirstSegmentAsync(HttpClient http, Uri absolute)
    {
        var playlist = new Uri(http.BaseAddress!, absolute.AbsolutePath);
        await GetAsync(http, playlist);
        var media = Encoding.UTF8.GetString(await GetAsync(http, new Uri(playlist, "live.m3u8")));
        var first = new Uri(playlist, media.Split('\n').First(l => l.EndsWith(".ts", StringComparison.Ordinal)));
        await GetAsync(http, first);
        return first;
    }

    /// <summary>As a player: 503 + Retry-After (a camera starting or changing owner) means "again in a moment".</summary>
    private static async Task<byte[]> GetAsync(HttpClient http, Uri url)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await http.GetAsync(url);
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt == 20)
            {
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsByteArrayAsync();
            }

            await Task.Delay(250);
        }
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
