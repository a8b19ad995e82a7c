using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.GoogleSim;
using SmartHomeCam.Nest;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Nest.Tests;

/// <summary>The real server with Nest pointed at the fake Google cloud, an owner signed in, and helpers to link Nest through the pages.</summary>
internal sealed class NestTestServer : IAsyncDisposable
{
    public const string PushSecret = "push-secret-5f1c0a7e9b";

    private bool serverStopped;

    private NestTestServer(ServerInstance server, FakeNestCloud cloud, FakeNestRtspConnector rtsp, NestEventRecorder events, string email, LinkingFlow browser)
    {
        Server = server;
        Cloud = cloud;
        Rtsp = rtsp;
        Events = events;
        Email = email;
        Flow = browser;
    }

    public ServerInstance Server { get; }

    /// <summary>The configuration the server was started with (to start another one like it).</summary>
    public IDictionary<string, string?> Settings { get; private init; } = new Dictionary<string, string?>();

    public FakeNestCloud Cloud { get; }

    public FakeNestRtspConnector Rtsp { get; }

    public NestEventRecorder Events { get; }

    public string Email { get; }

    /// <summary>The owner's browser (cookies kept, redirects not followed), signed in.</summary>
    public LinkingFlow Flow { get; }

    public HttpClient Browser => Flow.Browser;

    public static async Task<NestTestServer> StartAsync(IDictionary<string, string?>? overrides = null, Action<FakeNestCloud>? setUp = null)
    {
        var cloud = await FakeNestCloud.StartAsync();
        setUp?.Invoke(cloud);
        var rtsp = new FakeNestRtspConnector(cloud);
        var events = new NestEventRecorder();
        var settings = cloud.ServerSettings();
        settings["Nest:PushSecret"] = PushSecret;
        settings["Nest:EventReorderWindow"] = "00:00:00.500";
        settings["Cameras:Demo:Enabled"] = "false";
        settings["Cameras:Events:PollInterval"] = "00:00:00.100";
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var server = await ServerInstance.StartAsync(settings, services: s =>
        {
            s.AddSingleton<ISdmRtspConnector>(rtsp);
            s.AddSingleton<ICameraEventSubscriber>(events);
        });
        var email = await TestAccounts.CreateAsync(server);
        var flow = new LinkingFlow(server);
        await flow.SignInAsync(email);
        return new NestTestServer(server, cloud, rtsp, events, email, flow) { Settings = settings };
    }

    /// <summary>Stops the server (as a crash would, mid-work) but keeps its data directory; the fakes stay up.</summary>
    public async Task<string> StopServerKeepingDataAsync()
    {
        Server.DeleteDataOnDispose = false;
        serverStopped = true;
        await Server.DisposeAsync();
        return Server.DataDirectory;
    }

    /// <summary>"Link a Nest account" on /nest, Google's consent (the fake approves), back to our callback; returns the /nest page.</summary>
    public async Task<string> LinkThroughPagesAsync(string name = "Home Nest")
    {
        var page = await Browser.GetStringAsync(new Uri("/nest", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = name,
            ["__RequestVerificationToken"] = HtmlForm.AntiforgeryToken(page),
        });
        using var link = await Browser.PostAsync(new Uri("/nest?handler=Link", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        var consent = link.Headers.Location!;
        Assert.StartsWith(Cloud.BaseAddress + "partnerconnections/" + FakeNestCloud.ProjectId + "/auth?", consent.ToString(), StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", consent.Query, StringComparison.Ordinal);

        using var google = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var approved = await google.GetAsync(consent);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var callback = approved.Headers.Location!;
        Assert.Equal(Server.BaseAddress.Authority, callback.Authority);

        using var back = await Browser.GetAsync(new Uri(callback.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var landing = back.Headers.Location!.ToString();
        Assert.StartsWith("/nest?linked=", landing, StringComparison.Ordinal);
        return await Browser.GetStringAsync(new Uri(landing, UriKind.Relative));
    }

    public async Task<FulfillmentClient> LinkGoogleAsync() => await FulfillmentClient.LinkAsync(Server, Email);

    /// <summary>SYNC: device name → (id, device JSON).</summary>
    public static async Task<Dictionary<string, JsonElement>> SyncAsync(FulfillmentClient google)
    {
        var (status, body) = await google.PostAsync(FulfillmentClient.Sync());
        Assert.Equal(200, status);
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetProperty("name").GetString()!, d => d.Clone());
    }

    /// <summary>EXECUTE GetCameraStream: the HLS URL (or the error code).</summary>
    public static async Task<(Uri? Url, string? Error)> ExecuteAsync(FulfillmentClient google, string deviceId)
    {
        var (_, body) = await google.PostAsync(FulfillmentClient.Execute(deviceId));
        using var doc = JsonDocument.Parse(body);
        var command = doc.RootElement.GetProperty("payload").GetProperty("commands")[0];
        return command.GetProperty("status").GetString() == "SUCCESS"
            ? (new Uri(command.GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!), null)
            : (null, command.GetProperty("errorCode").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        Flow.Dispose();
        if (!serverStopped)
        {
            await Server.DisposeAsync();
        }

        await Cloud.DisposeAsync();
    }
}
