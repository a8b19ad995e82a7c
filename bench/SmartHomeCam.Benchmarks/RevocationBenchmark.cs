using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Validation;
using SmartHomeCam.Linking.Handlers;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// QUERY throughput under wrk with the ways of checking revocation on every bearer request: none (a revoked token
/// works until it expires), OpenIddict's token- and authorization-entry validation (database reads), our in-memory
/// revoked set, and that set in front of the validated-token cache (the default). Each in its own server, same run.
/// </summary>
public static class RevocationBenchmark
{
    public static async Task RunAsync(Report report, int seconds)
    {
        seconds = seconds > 0 ? seconds : 10;
        var runs = new List<(string Name, double Rps, double P99)>();
        // All variants run in this one process: a first, unrecorded pass pays the JIT for every code path, so the
        // variant measured first is not penalised.
        foreach (var recorded in new[] { false, true })
        foreach (var (name, cache, configure) in new (string, string, Action<IServiceCollection>)[]
                 {
                     ("no revocation check, no token cache", "0", s => s.Configure<OpenIddictValidationOptions>(RemoveOurCheck)),
                     ("OpenIddict token + authorization entry validation (database), no token cache", "0", s => s.Configure<OpenIddictValidationOptions>(o =>
                     {
                         RemoveOurCheck(o);
                         o.EnableTokenEntryValidation = true;
                         o.EnableAuthorizationEntryValidation = true;
                     })),
                     ("in-memory revoked set, no token cache", "0", _ => { }),
                     ("in-memory revoked set + validated-token cache (ours, default)", "00:01:00", _ => { }),
                 })
        {
            await using var server = await ServerInstance.StartAsync(
                new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["OAuth:ValidatedTokenCacheDuration"] = cache },
                services: configure, minimumLevel: LogLevel.Warning);
            var email = await TestAccounts.CreateAsync(server);
            using var client = await FulfillmentClient.LinkAsync(server, email);
            var (_, sync) = await client.PostAsync(FulfillmentClient.Sync());
            var device = JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("devices")[0].GetProperty("id").GetString()!;
            var query = FulfillmentClient.Query(device);
            var url = new Uri(server.BaseAddress, "/fulfillment");
            await Wrk.PostAsync(url, query, client.AccessToken, 64, 2); // warm-up
            if (!recorded)
            {
                continue;
            }

            var (rps, p99, _) = await Wrk.PostAsync(url, query, client.AccessToken, 64, seconds);
            runs.Add((name, rps, p99));
        }

        var baseline = runs[0].Rps;
        report.Section("Revocation check cost (QUERY)", $"`wrk -t2 -c64 -d{seconds}s --latency`, one server per variant, SQLite, same machine as wrk.");
        report.Table(
            ["revocation check", "requests/s", "p99 latency", "throughput vs no check"],
            runs.Select(r => new[] { r.Name, r.Rps.ToString("0", CultureInfo.InvariantCulture), $"{r.P99:0.00} ms", $"{r.Rps / baseline:P0}" }));
    }

    private static void RemoveOurCheck(OpenIddictValidationOptions options) =>
        options.Handlers.RemoveAll(d => d.ServiceDescriptor.ServiceType == typeof(RejectRevokedAccessTokens));
}
