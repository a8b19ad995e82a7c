using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Data;
using SmartHomeCam.Testing;

namespace SmartHomeCam.HomeGraph.Tests;

/// <summary>An account of a running server that Google has linked (and SYNCed, so HomeGraph knows its agent user).</summary>
internal sealed class GoogleLinkedAccount : IDisposable
{
    private GoogleLinkedAccount(ServerInstance server, FulfillmentClient google, string userId)
    {
        Server = server;
        Google = google;
        UserId = userId;
    }

    public ServerInstance Server { get; }

    public FulfillmentClient Google { get; }

    public string UserId { get; }

    public string AgentUserId { get; private set; } = "";

    /// <summary>Creates the account and links Google to it; no SYNC yet (add cameras first if SYNC should list them).</summary>
    public static async Task<GoogleLinkedAccount> CreateAsync(ServerInstance server)
    {
        var email = await TestAccounts.CreateAsync(server);
        await using var scope = server.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return new GoogleLinkedAccount(server, await FulfillmentClient.LinkAsync(server, email), user!.Id);
    }

    /// <summary>SYNC as Google runs it; returns the whole response.</summary>
    public async Task<JsonElement> SyncAsync()
    {
        var (status, body) = await Google.PostAsync(FulfillmentClient.Sync());
        Assert.Equal(200, status);
        var response = JsonDocument.Parse(body).RootElement.Clone();
        AgentUserId = response.GetProperty("payload").GetProperty("agentUserId").GetString()!;
        return response;
    }

    /// <summary>The SYNCed device with this name.</summary>
    public static JsonElement Device(JsonElement sync, string name) =>
        sync.GetProperty("payload").GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("name").GetProperty("name").GetString() == name);

    public static List<string?> Traits(JsonElement device) => [.. device.GetProperty("traits").EnumerateArray().Select(t => t.GetString())];

    /// <summary>Adds a connection as the dashboard does; returns it.</summary>
    public Task<ConnectionSummary> ConnectAsync(string providerId, string name, Dictionary<string, string> fields, string? credential = null) =>
        Server.Services.GetRequiredService<ConnectionManager>().AddAsync(UserId, providerId, new ConnectionRequest(name, fields, credential), CancellationToken.None);

    /// <summary>Adds a demo connection (one camera); returns the camera's device id.</summary>
    public async Task<(Guid ConnectionId, string DeviceId)> AddDemoCameraAsync(string name)
    {
        var added = await ConnectAsync(DemoCameraProvider.ProviderId, name, new Dictionary<string, string> { [DemoCameraProvider.CameraField] = name });
        var cameras = await Server.Services.GetRequiredService<ICameraCatalog>().ListAsync(UserId, refresh: true, CancellationToken.None);
        return (added.Id, cameras.Single(c => c.ConnectionId == added.Id).DeviceId);
    }

    public void Dispose() => Google.Dispose();
}
