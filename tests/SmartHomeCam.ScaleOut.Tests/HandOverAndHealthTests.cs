using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using SmartHomeCam.Testing;
using Xunit.Abstractions;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>Two in-process replicas on one Redis and one PostgreSQL: graceful hand-over, health probes, the operator page.</summary>
[Collection("replicas")] // one after the other: each starts several servers, load enough for two cores
public sealed class HandOverAndHealthTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_stopping_owner_hands_its_camera_over_at_once_and_the_operator_page_lists_replicas_and_owners()
    {
        using var postgres = await PostgresServer.StartAsync();
        var redis = await RedisServer.StartAsync(); // disposed (stopped) by the test itself below
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = postgres.ConnectionString("handover"),
            ["Redis:Configuration"] = redis.Configuration,
            ["OAuth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["OAuth:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["OAuth:Issuer"] = "https://handover.test/",
            ["Streaming:SigningKeys:0"] = "h1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Streaming:OwnerLeaseDuration"] = "00:00:30", // a take-over faster than this can only be a hand-over
            ["Streaming:ReplicaHeartbeat"] = "00:00:00.200",
        };
        var first = await ServerInstance.StartAsync(settings);
        await using var second = await ServerInstance.StartAsync(settings);
        var email = await TestAccounts.CreateAsync(first);
        using var client = await FulfillmentClient.LinkAsync(first, email);
        var (_, sync) = await client.PostAsync(FulfillmentClient.Sync());
        var device = JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("devices")[0].GetProperty("id").GetString()!;
        var (_, execute) = await client.PostAsync(FulfillmentClient.Execute(device));
        var path = new Uri(JsonDocument.Parse(execute).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!).AbsolutePath;
        using var viaSecond = second.CreateClient();
        await UntilOkAsync(viaSecond, path, TimeSpan.FromSeconds(60)); // forwarded to the owner (503 while its first segment is being made)

        // The operator page on the second replica lists both replicas and the first as the camera's owner.
        using (var flow = new LinkingFlow(second))
        {
            await flow.SignInAsync(email);
            string page = "";
            await Poll.UntilAsync(async () =>
            {
                page = await flow.Browser.GetStringAsync(new Uri("/operator", UriKind.Relative));
                return page.Split("data-replica=").Length - 1 == 2;
            }, TimeSpan.FromSeconds(20), "both replicas on the operator page");
            Assert.Contains(device, page, StringComparison.Ordinal);
        }

        // Readiness: both ready while the database and Redis answer.
        Assert.Equal(HttpStatusCode.OK, (await viaSecond.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        var stopping = Stopwatch.StartNew();
        await first.DisposeAsync(); // graceful: readers stop, leases are released
        var stopped = stopping.Elapsed;
        await UntilOkAsync(viaSecond, path.Replace("index.m3u8", "live.m3u8", StringComparison.Ordinal), TimeSpan.FromSeconds(25));
        var handOver = stopping.Elapsed;
        output.WriteLine($"owner stopped in {stopped.TotalMilliseconds:0} ms; the other replica served the camera {handOver.TotalMilliseconds:0} ms after the stop began");
        Assert.True(handOver < TimeSpan.FromSeconds(25), $"hand-over took {handOver}: the lease was not released");

        // Redis gone: not ready (503 naming the check), still live.
        redis.Dispose();
        using var ready = await viaSecond.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("\"redis\":\"failing\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await viaSecond.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    /// <summary>As a player does: 503 + Retry-After means "again in a moment"; anything else but 200 fails.</summary>
    private static async Task UntilOkAsync(HttpClient http, string path, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(watch.Elapsed < within, $"{path} still 503 after {watch.Elapsed}");
            await Task.Delay(200);
        }
    }
}
