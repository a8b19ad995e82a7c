using System.Net;
using System.Text.Json;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.Fakes.Nest.WebRtc;
using SmartHomeCam.GoogleSim;
using SmartHomeCam.Testing;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>
/// The real server (production composition root) with Nest pointed at the fake SDM, whose WEB_RTC side is aiortc;
/// an owner signed in who linked the fake Nest account through the /nest pages, and Google linked to the owner.
/// </summary>
internal sealed class NestWebRtcServer : IAsyncDisposable
{
    public const string CameraId = "webrtc-wired";
    public const string CameraName = "Kitchen cam";

    private bool serverStopped;

    private NestWebRtcServer(ServerInstance server, FakeNestCloud cloud, LinkingFlow owner, FulfillmentClient google)
    {
        Server = server;
        Cloud = cloud;
        Owner = owner;
        Google = google;
    }

    public ServerInstance Server { get; }

    public FakeNestCloud Cloud { get; }

    public LinkingFlow Owner { get; }

    public FulfillmentClient Google { get; }

    /// <summary>The fake Nest account holds one wired camera, "Kitchen cam", that speaks WEB_RTC only.</summary>
    public static async Task<NestWebRtcServer> StartAsync(FakeNestWebRtcPeer peer, IDictionary<string, string?>? overrides = null)
    {
        var cloud = await FakeNestCloud.StartAsync();
        cloud.DefaultAccount = FakeNestCloud.AddAccount("webrtc-only", [new FakeNestDevice(CameraId, FakeNestDevice.Camera, CameraName, "Kitchen", ["WEB_RTC"])]);
        cloud.WebRtcPeer = peer;
        cloud.EnforceQuotas = false;
        var settings = cloud.ServerSettings();
        settings["Cameras:Demo:Enabled"] = "false";
        settings["Nest:ExecutePerMinute"] = "1000";
        settings["Nest:CommandPerDevicePerMinute"] = "1000";
        settings["Nest:WebRtc:HostAddresses:0"] = "127.0.0.1"; // aiortc's candidates are on loopback too
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        ServerInstance? server = null;
        LinkingFlow? owner = null;
        try
        {
            server = await ServerInstance.StartAsync(settings);
            var email = await TestAccounts.CreateAsync(server);
            owner = new LinkingFlow(server);
            await owner.SignInAsync(email);
            await LinkNestAsync(server, cloud, owner.Browser);
            var google = await FulfillmentClient.LinkAsync(server, email);
            return new NestWebRtcServer(server, cloud, owner, google);
        }
        catch
        {
            owner?.Dispose();
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            await cloud.DisposeAsync();
            throw;
        }
    }

    /// <summary>SYNC: device name → device JSON.</summary>
    public async Task<Dictionary<string, JsonElement>> SyncAsync()
    {
        var (status, body) = await Google.PostAsync(FulfillmentClient.Sync());
        Assert.Equal(200, status);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetProperty("name").GetString()!, d => d.Clone());
    }

    /// <summary>EXECUTE GetCameraStream on the device with our id <paramref name="id"/> (from SYNC): the HLS URL.</summary>
    public async Task<Uri> ExecuteAsync(string id)
    {
        var (_, body) = await Google.PostAsync(FulfillmentClient.Execute(id));
        using var doc = JsonDocument.Parse(body);
        var command = doc.RootElement.GetProperty("payload").GetProperty("commands")[0];
        Assert.True(command.GetProperty("status").GetString() == "SUCCESS", body);
        return new Uri(command.GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
    }

    /// <summary>EXECUTE GetCameraStream as a display asks (WebRTC first): the command's states.</summary>
    public async Task<JsonElement> ExecuteWebRtcAsync(string id)
    {
        var (_, body) = await Google.PostAsync(FulfillmentClient.Execute(id, "[\"webrtc\",\"hls\"]"));
        using var doc = JsonDocument.Parse(body);
        var command = doc.RootElement.GetProperty("payload").GetProperty("commands")[0];
        Assert.True(command.GetProperty("status").GetString() == "SUCCESS", body);
        return command.GetProperty("states").Clone();
    }

    /// <summary>Polls the live playlist (as a viewer does) until it lists at least one segment.</summary>
    public async Task WaitForSegmentAsync(Uri url, TimeSpan within)
    {
        using var http = Server.CreateClient();
        await Poll.UntilAsync(async () =>
        {
            using var response = await http.GetAsync(new Uri(url, "live.m3u8"));
            return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("#EXTINF", StringComparison.Ordinal);
        }, within, "the WebRTC camera's HLS playlist lists a segment");
    }

    /// <summary>Stops the server gracefully (host shutdown: hosted services stop, capture sessions end); the fakes stay up.</summary>
    public async Task StopServerAsync()
    {
        serverStopped = true;
        await Server.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Google.Dispose();
        Owner.Dispose();
        if (!serverStopped)
        {
            await Server.DisposeAsync();
        }

        await Cloud.DisposeAsync();
    }

    /// <summary>/nest → "Link a Nest account" → Google's consent (the fake approves) → our callback.</summary>
    private static async Task LinkNestAsync(ServerInstance server, FakeNestCloud cloud, HttpClient browser)
    {
        var page = await browser.GetStringAsync(new Uri("/nest", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "WebRTC Nest",
            ["__RequestVerificationToken"] = HtmlForm.AntiforgeryToken(page),
        });
        using var link = await browser.PostAsync(new Uri("/nest?handler=Link", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        using var google = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var approved = await google.GetAsync(link.Headers.Location!);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var callback = approved.Headers.Location!;
        Assert.Equal(server.BaseAddress.Authority, callback.Authority);
        Assert.StartsWith(cloud.BaseAddress.GetLeftPart(UriPartial.Authority), link.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var back = await browser.GetAsync(new Uri(callback.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith("/nest?linked=", back.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
