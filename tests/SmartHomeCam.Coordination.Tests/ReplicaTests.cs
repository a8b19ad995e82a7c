using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Streaming.ScaleOut;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Coordination.Tests;

/// <summary>
/// Two replicas of the real server sharing one database and one Redis: what one revokes, the other refuses,
/// and a replica started later catches up.
/// </summary>
public sealed class ReplicaTests
{
    [Fact]
    public async Task Disconnect_on_one_replica_voids_tokens_and_stream_urls_on_the_other()
    {
        using var redis = await RedisServer.StartAsync();
        var data = Path.Combine(Path.GetTempPath(), "shc-replicas-" + Guid.NewGuid().ToString("N"));
        var shared = new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration, ["OAuth:AccessTokenCacheDuration"] = "00:05:00" };
        await using var a = await FulfillmentServer.StartAsync(shared, data);
        await using var b = await ServerInstance.StartAsync(shared, data);
        using var onB = new FulfillmentClient(b, a.Client.AccessToken);

        // Regression (issue 13): the address a replica gives the others is the port it bound, never the configured
        // port 0 a heartbeat could read just before Kestrel bound (forwards then failed for the process's lifetime).
        Assert.Equal(a.Server.BaseAddress, a.Server.Services.GetRequiredService<ReplicaIdentity>().Address);
        Assert.Equal(b.BaseAddress, b.Services.GetRequiredService<ReplicaIdentity>().Address);

        // The token works on B (and B caches it for five minutes); a stream URL minted on A plays from B.
        Assert.Equal(200, (await onB.PostAsync(FulfillmentClient.Sync())).Status);
        var ids = await a.DeviceIdsAsync();
        var (_, exec) = await a.Client.PostAsync(FulfillmentClient.Execute(ids["Demo camera"]));
        var url = new Uri(JsonDocument.Parse(exec).RootElement.GetProperty("payload").GetProperty("commands")[0].GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
        using var http = b.CreateClient();
        var onReplicaB = new Uri(b.BaseAddress, url.PathAndQuery);
        // A starting camera may answer 503 + Retry-After first (a player asks again); then B serves it through A.
        await Poll.UntilAsync(async () => (await http.GetAsync(onReplicaB)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(40), "the stream URL playing on the other replica");

        Assert.Equal((200, "{}"), await a.Client.PostAsync(FulfillmentClient.Disconnect()));

        await Eventually(async () => (await onB.PostAsync(FulfillmentClient.Sync())).Status == 401);
        await Eventually(async () => (await http.GetAsync(onReplicaB)).StatusCode == HttpStatusCode.Forbidden);

        // A replica that starts after the revocation refuses the old stream URL too.
        await using var c = await ServerInstance.StartAsync(shared, data);
        using var httpC = c.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await httpC.GetAsync(new Uri(c.BaseAddress, url.PathAndQuery))).StatusCode);
    }

    private static Task Eventually(Func<Task<bool>> condition) =>
        Poll.UntilAsync(condition, TimeSpan.FromSeconds(5), "the other replica learning of the revocation");
}
