using System.Text.Json;
using SmartHomeCam.GoogleSim;

namespace SmartHomeCam.Testing;

/// <summary>Google's side of /fulfillment for a <see cref="ServerInstance"/>: SmartHomeCam.GoogleSim's <see cref="IntentClient"/> and request bodies.</summary>
public sealed class FulfillmentClient : IDisposable
{
    private readonly HttpClient http;
    private readonly IntentClient intents;

    public FulfillmentClient(ServerInstance server, string accessToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        http = server.CreateClient();
        intents = new IntentClient(http, accessToken);
        AccessToken = accessToken;
    }

    public string AccessToken { get; }

    public static async Task<FulfillmentClient> LinkAsync(ServerInstance server, string email)
    {
        using var flow = new LinkingFlow(server);
        var (access, _) = await flow.LinkAsync(email).ConfigureAwait(false);
        return new FulfillmentClient(server, access);
    }

    public Task<(int Status, string Body)> PostAsync(string body, string? token = null, string contentType = "application/json") =>
        intents.PostAsync(body, token, contentType);

    public static string Sync(string requestId = "req-sync") => IntentRequests.Sync(requestId);

    public static string Query(params string[] ids) => IntentRequests.Query("req-query", ids);

    /// <summary>GetCameraStream (or <paramref name="command"/>) for one device; <paramref name="protocols"/> is a JSON array.</summary>
    public static string Execute(string id, string protocols = "[\"hls\"]", string command = IntentRequests.GetCameraStream, string requestId = "req-exec") =>
        IntentRequests.Execute(requestId, id, JsonSerializer.Deserialize<string[]>(protocols) ?? [], command);

    public static string Disconnect() => IntentRequests.Disconnect("req-disc");

    public void Dispose()
    {
        intents.Dispose();
        http.Dispose();
    }
}
