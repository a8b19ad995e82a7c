using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Fulfillment.Tests;

/// <summary>SYNC, QUERY, EXECUTE and DISCONNECT over real HTTP (spec §8 checklist items for /fulfillment).</summary>
public sealed class IntentTests : IAsyncLifetime
{
    private FulfillmentServer f = null!;

    public async Task InitializeAsync() => f = await FulfillmentServer.StartAsync();

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static JsonElement Payload(string body) => JsonDocument.Parse(body).RootElement.GetProperty("payload");

    [Fact]
    public async Task Sync_lists_every_camera_as_a_camera_stream_device_with_a_stable_agent_user_id()
    {
        var (status, body) = await f.Client.PostAsync(FulfillmentClient.Sync("sync-1"));
        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("sync-1", json.RootElement.GetProperty("requestId").GetString());
        var payload = json.RootElement.GetProperty("payload");
        var agent = payload.GetProperty("agentUserId").GetString()!;
        Assert.StartsWith("acct-", agent, StringComparison.Ordinal);
        Assert.DoesNotContain("@", agent, StringComparison.Ordinal); // never the e-mail

        var devices = payload.GetProperty("devices").EnumerateArray().ToList();
        var byName = devices.ToDictionary(d => d.GetProperty("name").GetProperty("name").GetString()!);
        Assert.Equal(["Broken camera", "Demo camera", "Demo porch camera", "Garage camera"], byName.Keys.Order(StringComparer.Ordinal));
        foreach (var d in devices)
        {
            Assert.Equal("action.devices.types.CAMERA", d.GetProperty("type").GetString());
            Assert.Equal(["action.devices.traits.CameraStream"], d.GetProperty("traits").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(["hls"], d.GetProperty("attributes").GetProperty("cameraStreamSupportedProtocols").EnumerateArray().Select(p => p.GetString()));
            Assert.True(d.GetProperty("attributes").GetProperty("cameraStreamNeedAuthToken").GetBoolean());
            Assert.False(d.GetProperty("willReportState").GetBoolean()); // no HomeGraph configured
            Assert.False(d.TryGetProperty("customData", out _));
        }

        Assert.Equal("Living Room", byName["Demo camera"].GetProperty("roomHint").GetString());
        Assert.False(byName["Demo porch camera"].TryGetProperty("roomHint", out _));
        Assert.Equal("Acme", byName[TestCameraProvider.OfflineName].GetProperty("deviceInfo").GetProperty("manufacturer").GetString());

        var (_, again) = await f.Client.PostAsync(FulfillmentClient.Sync("sync-2"));
        Assert.Equal(agent, Payload(again).GetProperty("agentUserId").GetString());
        Assert.Equal(devices.Select(d => d.GetProperty("id").GetString()), Payload(again).GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Device_ids_survive_relinking()
    {
        var before = await f.DeviceIdsAsync();
        using var relinked = await FulfillmentClient.LinkAsync(f.Server, f.Email);
        var (_, body) = await relinked.PostAsync(FulfillmentClient.Sync());
        var after = Payload(body).GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
        Assert.Equal(before.Values, after);
    }

    [Fact]
    public async Task Device_ids_and_agent_id_survive_a_restart_and_a_configured_receiver_is_announced()
    {
        var data = Path.Combine(Path.GetTempPath(), "shc-restart-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Google:ReceiverAppId"] = "A1B2C3D4" };
        string email;
        Dictionary<string, string> before;
        string agentBefore;
        await using (var first = await FulfillmentServer.StartAsync(settings, data))
        {
            email = first.Email;
            before = await first.DeviceIdsAsync();
            agentBefore = Payload((await first.Client.PostAsync(FulfillmentClient.Sync())).Body).GetProperty("agentUserId").GetString()!;
            first.Server.DeleteDataOnDispose = false; // the second start reuses it
        }

        await using var second = await ServerInstance.StartAsync(settings, data, services: s => s.AddSingleton<SmartHomeCam.Cameras.ICameraProvider, TestCameraProvider>());
        using var client = await FulfillmentClient.LinkAsync(second, email);
        var (_, sync) = await client.PostAsync(FulfillmentClient.Sync());
        var after = Payload(sync).GetProperty("devices").EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetProperty("name").GetString()!, d => d.GetProperty("id").GetString()!);
        Assert.Equal(before.OrderBy(kv => kv.Key), after.OrderBy(kv => kv.Key));
        Assert.Equal(agentBefore, Payload(sync).GetProperty("agentUserId").GetString());

        var (_, exec) = await client.PostAsync(FulfillmentClient.Execute(after["Demo camera"]));
        var states = Payload(exec).GetProperty("commands")[0].GetProperty("states");
        Assert.Equal("A1B2C3D4", states.GetProperty("cameraStreamReceiverAppId").GetString());
    }

    [Fact]
    public async Task Another_account_gets_its_own_device_ids_and_cannot_use_ours()
    {
        var mine = await f.DeviceIdsAsync();
        var otherEmail = await TestAccounts.CreateAsync(f.Server);
        using var other = await FulfillmentClient.LinkAsync(f.Server, otherEmail);
        var (_, body) = await other.PostAsync(FulfillmentClient.Query(mine["Demo camera"]));
        Assert.Equal("deviceNotFound", Payload(body).GetProperty("devices").GetProperty(mine["Demo camera"]).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Query_reports_online_status_per_requested_id()
    {
        var ids = await f.DeviceIdsAsync();
        var (status, body) = await f.Client.PostAsync(FulfillmentClient.Query(ids["Demo camera"], ids[TestCameraProvider.OfflineName], "cam-nope"));
        Assert.Equal(200, status);
        var devices = Payload(body).GetProperty("devices");
        Assert.Equal("SUCCESS", devices.GetProperty(ids["Demo camera"]).GetProperty("status").GetString());
        Assert.True(devices.GetProperty(ids["Demo camera"]).GetProperty("online").GetBoolean());
        Assert.Equal("OFFLINE", devices.GetProperty(ids[TestCameraProvider.OfflineName]).GetProperty("status").GetString());
        Assert.False(devices.GetProperty(ids[TestCameraProvider.OfflineName]).GetProperty("online").GetBoolean());
        Assert.Equal("ERROR", devices.GetProperty("cam-nope").GetProperty("status").GetString());
        Assert.Equal("deviceNotFound", devices.GetProperty("cam-nope").GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Execute_returns_a_tokenised_hls_url_at_once_and_the_url_plays()
    {
        var ids = await f.DeviceIdsAsync();
        var (status, body) = await f.Client.PostAsync(FulfillmentClient.Execute(ids["Demo camera"], "[\"progressive_mp4\",\"hls\",\"dash\"]"));
        Assert.Equal(200, status);
        var command = Assert.Single(Payload(body).GetProperty("commands").EnumerateArray());
        Assert.Equal([ids["Demo camera"]], command.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("SUCCESS", command.GetProperty("status").GetString());
        var states = command.GetProperty("states");
        Assert.Equal("hls", states.GetProperty("cameraStreamProtocol").GetString());
        var url = states.GetProperty("cameraStreamAccessUrl").GetString()!;
        var token = states.GetProperty("cameraStreamAuthToken").GetString()!;
        Assert.Equal($"{f.Server.BaseAddress.ToString().TrimEnd('/')}/streams/{token}/index.m3u8", url);
        Assert.False(states.TryGetProperty("cameraStreamReceiverAppId", out _));

        using var http = f.Server.CreateClient();
        using var playlist = await http.GetAsync(new Uri(url));
        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);
        Assert.Contains("#EXT-X-STREAM-INF", await playlist.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_answers_each_failure_with_its_own_code()
    {
        var ids = await f.DeviceIdsAsync();
        async Task<JsonElement> Run(string body) => Assert.Single(Payload((await f.Client.PostAsync(body)).Body).GetProperty("commands").EnumerateArray());

        var noOverlap = await Run(FulfillmentClient.Execute(ids["Demo camera"], "[\"dash\",\"webrtc\"]"));
        Assert.Equal(("ERROR", "notSupported"), (noOverlap.GetProperty("status").GetString(), noOverlap.GetProperty("errorCode").GetString()));

        var unknown = await Run(FulfillmentClient.Execute("cam-unknown"));
        Assert.Equal(("ERROR", "deviceNotFound"), (unknown.GetProperty("status").GetString(), unknown.GetProperty("errorCode").GetString()));

        var offline = await Run(FulfillmentClient.Execute(ids[TestCameraProvider.OfflineName]));
        Assert.Equal(("OFFLINE", "deviceOffline"), (offline.GetProperty("status").GetString(), offline.GetProperty("errorCode").GetString()));

        var command = await Run(FulfillmentClient.Execute(ids["Demo camera"], command: "action.devices.commands.OnOff"));
        Assert.Equal(("ERROR", "functionNotSupported"), (command.GetProperty("status").GetString(), command.GetProperty("errorCode").GetString()));
    }

    [Fact]
    public async Task Execute_on_a_camera_whose_source_keeps_failing_answers_resource_unavailable()
    {
        var ids = await f.DeviceIdsAsync();
        var first = Assert.Single(Payload((await f.Client.PostAsync(FulfillmentClient.Execute(ids[TestCameraProvider.BrokenName]))).Body).GetProperty("commands").EnumerateArray());
        Assert.Equal("SUCCESS", first.GetProperty("status").GetString()); // EXECUTE never waits for the camera

        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? code = null;
        while (DateTime.UtcNow < deadline && code != "resourceUnavailable")
        {
            await Task.Delay(100);
            var again = Assert.Single(Payload((await f.Client.PostAsync(FulfillmentClient.Execute(ids[TestCameraProvider.BrokenName]))).Body).GetProperty("commands").EnumerateArray());
            code = again.TryGetProperty("errorCode", out var c) ? c.GetString() : null;
        }

        Assert.Equal("resourceUnavailable", code);
    }

    [Fact]
    public async Task Several_devices_and_commands_in_one_request_are_answered_per_device()
    {
        var ids = await f.DeviceIdsAsync();
        var body = $$$"""
            {"requestId":"multi","inputs":[{"intent":"action.devices.EXECUTE","payload":{"commands":[
              {"devices":[{"id":"{{{ids["Demo camera"]}}}"},{"id":"{{{ids["Demo porch camera"]}}}"},{"id":"cam-gone"}],
               "execution":[{"command":"action.devices.commands.GetCameraStream","params":{"StreamToChromecast":false,"SupportedStreamProtocols":["hls"]}}]},
              {"devices":[{"id":"{{{ids[TestCameraProvider.OfflineName]}}}"}],
               "execution":[{"command":"action.devices.commands.GetCameraStream","params":{"StreamToChromecast":true,"SupportedStreamProtocols":["hls"]}}]}
            ]}}]}
            """;
        var commands = Payload((await f.Client.PostAsync(body)).Body).GetProperty("commands").EnumerateArray()
            .ToDictionary(c => c.GetProperty("ids")[0].GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("SUCCESS", commands[ids["Demo camera"]]);
        Assert.Equal("SUCCESS", commands[ids["Demo porch camera"]]);
        Assert.Equal("ERROR", commands["cam-gone"]);
        Assert.Equal("OFFLINE", commands[ids[TestCameraProvider.OfflineName]]);
    }

    [Fact]
    public async Task Disconnect_answers_empty_object_revokes_tokens_voids_stream_urls_and_stops_sessions()
    {
        var ids = await f.DeviceIdsAsync();
        var exec = Assert.Single(Payload((await f.Client.PostAsync(FulfillmentClient.Execute(ids["Demo camera"]))).Body).GetProperty("commands").EnumerateArray());
        var url = new Uri(exec.GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
        using var http = f.Server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);

        var (status, body) = await f.Client.PostAsync(FulfillmentClient.Disconnect());
        Assert.Equal((200, "{}"), (status, body));

        Assert.Equal(401, (await f.Client.PostAsync(FulfillmentClient.Sync())).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(url)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Bad_bearer_token_is_the_only_reason_for_a_non_200(string? token)
    {
        using var http = f.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/fulfillment", UriKind.Relative))
        {
            Content = new StringContent(FulfillmentClient.Sync(), System.Text.Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Google_request_id_is_the_correlation_id_of_the_capture_session_logs()
    {
        var ids = await f.DeviceIdsAsync();
        await f.Client.PostAsync(FulfillmentClient.Execute(ids["Demo porch camera"], requestId: "corr-7f3a-42"));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline && !f.Server.Logs.Lines.Any(l => l.Contains("Capture session", StringComparison.Ordinal) && l.Contains("GoogleRequestId=corr-7f3a-42", StringComparison.Ordinal)))
        {
            await Task.Delay(50);
        }

        Assert.Contains(f.Server.Logs.Lines, l => l.Contains("CaptureSession", StringComparison.Ordinal) && l.Contains("GoogleRequestId=corr-7f3a-42", StringComparison.Ordinal));
    }
}
