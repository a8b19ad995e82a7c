using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;
using SmartHomeCam.Fakes.HomeGraph;
using SmartHomeCam.Testing;

namespace SmartHomeCam.HomeGraph.Tests;

/// <summary>The real server reporting to the fake HomeGraph, with one linked account that has SYNCed.</summary>
internal sealed class ReportingHarness : IAsyncDisposable
{
    private ReportingHarness(FakeHomeGraph fake, ServerInstance server, FulfillmentClient google, string userId, string agentUserId)
    {
        Fake = fake;
        Server = server;
        Google = google;
        UserId = userId;
        AgentUserId = agentUserId;
    }

    public FakeHomeGraph Fake { get; }

    public ServerInstance Server { get; }

    public FulfillmentClient Google { get; }

    public string UserId { get; }

    public string AgentUserId { get; }

    public static Dictionary<string, string?> Settings(FakeHomeGraph fake) => new()
    {
        ["HomeGraph:ServiceAccountKeyJson"] = fake.ServiceAccountKeyJson,
        ["HomeGraph:BaseUrl"] = fake.BaseAddress.ToString(),
        ["HomeGraph:ReportWindow"] = "00:00:00.200",
        ["HomeGraph:InitialReportDelay"] = "00:00:00.100",
        ["HomeGraph:RequestSyncDebounce"] = "00:00:00.500",
        ["HomeGraph:RetryDelay"] = "00:00:00.050",
        ["HomeGraph:FailedReportRetryDelay"] = "00:00:01",
        ["Cameras:Events:PollInterval"] = "00:00:00.200",
    };

    public static async Task<ReportingHarness> StartAsync(Action<Dictionary<string, string?>>? tweak = null)
    {
        var fake = await FakeHomeGraph.StartAsync();
        var settings = Settings(fake);
        tweak?.Invoke(settings);
        var server = await ServerInstance.StartAsync(settings);
        var email = await TestAccounts.CreateAsync(server);
        string userId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.Id;
        }

        var google = await FulfillmentClient.LinkAsync(server, email);
        var harness = new ReportingHarness(fake, server, google, userId, "");
        var agent = (await harness.SyncAsync()).GetProperty("payload").GetProperty("agentUserId").GetString()!;
        return new ReportingHarness(fake, server, google, userId, agent);
    }

    /// <summary>SYNC as Google runs it; returns the response.</summary>
    public async Task<JsonElement> SyncAsync()
    {
        var (status, body) = await Google.PostAsync(FulfillmentClient.Sync());
        Assert.Equal(200, status);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<List<string>> SyncedDeviceIdsAsync() =>
        [.. (await SyncAsync()).GetProperty("payload").GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("id").GetString()!)];

    /// <summary>Adds a demo connection (one camera) as the dashboard does; returns its device id.</summary>
    public async Task<string> AddDemoCameraAsync(string name)
    {
        var connections = Server.Services.GetRequiredService<ConnectionManager>();
        var added = await connections.AddAsync(UserId, DemoCameraProvider.ProviderId,
            new ConnectionRequest(name, new Dictionary<string, string> { [DemoCameraProvider.CameraField] = name }, null), CancellationToken.None);
        var cameras = await Server.Services.GetRequiredService<SmartHomeCam.Cameras.ICameraCatalog>().ListAsync(UserId, refresh: true, CancellationToken.None);
        return cameras.Single(c => c.ConnectionId == added.Id).DeviceId;
    }

    /// <summary>
    /// A camera added with <see cref="AddDemoCameraAsync"/> makes the service ask Google to SYNC (requestSync, sent from
    /// the outbox a moment later). Waits for that call and then for HomeGraph to hear nothing for a second, so a fault a
    /// test injects next meets the call under test, not a late requestSync (a fixed 500 ms pause did not, on a busy machine).
    /// </summary>
    public async Task SettleAfterCameraAddedAsync()
    {
        await Poll.UntilAsync(() => Fake.Calls.Any(c => c.Method == HomeGraphMethods.RequestSync && c.AgentUserId == AgentUserId),
            TimeSpan.FromSeconds(30), "the requestSync for the added camera");
        await WaitForQuietAsync();
    }

    /// <summary>
    /// Waits until HomeGraph has heard nothing for a second: the calls linking and start-up cause (a requestSync, the
    /// first reports) are over, so a test that clears the recorded calls next sees only those it causes itself.
    /// </summary>
    public async Task WaitForQuietAsync()
    {
        var seen = -1;
        var quietSince = DateTime.UtcNow;
        await Poll.UntilAsync(() =>
        {
            var count = Fake.Calls.Count;
            if (count != seen)
            {
                seen = count;
                quietSince = DateTime.UtcNow;
            }

            return DateTime.UtcNow - quietSince >= TimeSpan.FromSeconds(1);
        }, TimeSpan.FromSeconds(30), "HomeGraph calls settling");
    }

    public Task<DemoEventOutcome> RaiseAsync(string deviceId, CameraEventKind kind, string? eventId = null) =>
        Server.Services.GetRequiredService<DemoEventRaiser>().RaiseAsync(UserId, deviceId, kind, null, eventId, CancellationToken.None);

    public IReadOnlyList<RecordedCall> Reports => Fake.Succeeded(HomeGraphMethods.ReportState, AgentUserId);

    public async Task<HomeGraphAccount?> AccountAsync()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().HomeGraphAccounts.FindAsync(UserId);
    }

    public async ValueTask DisposeAsync()
    {
        Google.Dispose();
        await Server.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
