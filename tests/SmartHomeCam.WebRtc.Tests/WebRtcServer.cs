using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Streaming.WebRtc;
using SmartHomeCam.Testing;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>A real server with WebRTC on (any free UDP port), one linked account, and Google's side of EXECUTE.</summary>
public sealed class WebRtcServer : IAsyncDisposable
{
    private WebRtcServer(ServerInstance server, string email, FulfillmentClient google, IReadOnlyDictionary<string, string> devices)
    {
        Email = email;
        Server = server;
        Google = google;
        Devices = devices;
        Http = server.CreateClient();
    }

    public ServerInstance Server { get; }

    public FulfillmentClient Google { get; }

    /// <summary>The linked account's e-mail.</summary>
    public string Email { get; }

    /// <summary>Camera name → device id, from SYNC.</summary>
    public IReadOnlyDictionary<string, string> Devices { get; private set; }

    public HttpClient Http { get; }

    public WebRtcHost Host => Server.Services.GetRequiredService<WebRtcHost>();

    public static async Task<WebRtcServer> StartAsync(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["WebRtc:Enabled"] = "true", ["WebRtc:Port"] = "0", ["WebRtc:TcpPort"] = "0" };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var server = await ServerInstance.StartAsync(settings);
        var email = await TestAccounts.CreateAsync(server);
        var google = await FulfillmentClient.LinkAsync(server, email);
        return new WebRtcServer(server, email, google, await SyncAsync(google));
    }

    /// <summary>SYNC again (after a camera was added) and refresh <see cref="Devices"/>.</summary>
    public async Task SyncAsync() => Devices = await SyncAsync(Google);

    private static async Task<IReadOnlyDictionary<string, string>> SyncAsync(FulfillmentClient google)
    {
        var (_, body) = await google.PostAsync(FulfillmentClient.Sync());
        using var sync = JsonDocument.Parse(body);
        return sync.RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetProperty("name").GetString()!, d => d.GetProperty("id").GetString()!);
    }

    /// <summary>EXECUTE GetCameraStream as a display would ask; returns the command's states.</summary>
    public async Task<JsonElement> ExecuteAsync(string camera, string protocols = "[\"progressive_mp4\",\"hls\",\"dash\",\"smooth_stream\",\"webrtc\"]")
    {
        var (_, body) = await Google.PostAsync(FulfillmentClient.Execute(Devices[camera], protocols));
        using var json = JsonDocument.Parse(body);
        var command = json.RootElement.GetProperty("payload").GetProperty("commands")[0];
        Assert.Equal("SUCCESS", command.GetProperty("status").GetString());
        return command.GetProperty("states").Clone();
    }

    /// <summary>Posts a signaling body the way Google does; returns status and body.</summary>
    public async Task<(int Status, string Body, HttpResponseMessage Response)> SignalAsync(string? token, string body, string header = "Authorization")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WebRtcSignalingShape.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation(header, "Bearer " + token);
        }

        request.Headers.TryAddWithoutValidation("Origin", WebRtcSignalingEndpoint.GoogleDisplayOrigin);
        var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public static string Body(string action, string deviceId, string? sdp = null) =>
        JsonSerializer.Serialize(new Dictionary<string, string?> { ["action"] = action, ["deviceId"] = deviceId, ["sdp"] = sdp });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Google.Dispose();
        await Server.DisposeAsync();
    }
}
