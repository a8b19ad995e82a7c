using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>QUERY and EXECUTE (warm camera) under wrk, 64 connections, beside a constant-JSON endpoint in the same server.</summary>
public static class FulfillmentLoadBenchmark
{
    public static async Task RunAsync(Report report, int seconds)
    {
        seconds = seconds > 0 ? seconds : 10;
        await using var server = await ServerInstance.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
            services: BaselineEndpoint.AddTo,
            minimumLevel: LogLevel.Warning);
        var email = await TestAccounts.CreateAsync(server);
        using var client = await FulfillmentClient.LinkAsync(server, email);
        var (_, sync) = await client.PostAsync(FulfillmentClient.Sync());
        var device = JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("devices")[0].GetProperty("id").GetString()!;
        var query = FulfillmentClient.Query(device);
        var execute = FulfillmentClient.Execute(device);
        await client.PostAsync(execute); // warm: the camera's session is running

        var fulfillment = new Uri(server.BaseAddress, "/fulfillment");
        var runs = new List<(string Name, double Rps, double P99)>();
        foreach (var (name, url, body, bearer) in new[]
                 {
                     ("baseline (constant JSON)", new Uri(server.BaseAddress, BaselineEndpoint.Path), query, (string?)null),
                     ("QUERY", fulfillment, query, client.AccessToken),
                     ("EXECUTE GetCameraStream (warm)", fulfillment, execute, client.AccessToken),
                 })
        {
            await Wrk.PostAsync(url, body, bearer, 64, 2); // warm-up
            var (rps, p99, _) = await Wrk.PostAsync(url, body, bearer, 64, seconds);
            runs.Add((name, rps, p99));
        }

        var baseline = runs[0].Rps;
        report.Section("Fulfillment under load", $"`wrk -t2 -c64 -d{seconds}s --latency`, server in-process on loopback, SQLite, same machine as wrk.");
        report.Table(
            ["endpoint", "requests/s", "p99 latency", "throughput vs baseline"],
            runs.Select(r => new[] { r.Name, r.Rps.ToString("0", CultureInfo.InvariantCulture), $"{r.P99:0.00} ms", $"{r.Rps / baseline:P0}" }));
        report.Line($"\nTargets: QUERY ≥ 50 % of baseline → {(runs[1].Rps / baseline >= 0.5 ? "met" : "NOT met")}; EXECUTE p99 ≤ 20 ms → {(runs[2].P99 <= 20 ? "met" : "NOT met")}.");
    }
}
