using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Fakes.HomeGraph;
using SmartHomeCam.HomeGraph.Client;
using SmartHomeCam.Linking;
using SmartHomeCam.Testing;

namespace SmartHomeCam.HomeGraph.Tests;

/// <summary>The real server, its demo provider's events and the fake HomeGraph over loopback.</summary>
public sealed class ReporterEndToEndTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task After_SYNC_every_device_has_reported_state_and_SYNC_declares_it()
    {
        await using var h = await ReportingHarness.StartAsync();
        var sync = await h.SyncAsync();
        var devices = sync.GetProperty("payload").GetProperty("devices").EnumerateArray().ToList();

        Assert.NotEmpty(devices);
        Assert.All(devices, d => Assert.True(d.GetProperty("willReportState").GetBoolean()));
        Assert.All(devices, d => Assert.True(d.GetProperty("notificationSupportedByAgent").GetBoolean()));
        Assert.All(devices, d => Assert.Contains("action.devices.traits.ObjectDetection", d.GetProperty("traits").EnumerateArray().Select(t => t.GetString())));
        foreach (var id in devices.Select(d => d.GetProperty("id").GetString()!))
        {
            await Poll.UntilAsync(() => h.Fake.StateOf(h.AgentUserId, id) is not null, Generous, $"state of {id}");
            Assert.True(h.Fake.StateOf(h.AgentUserId, id)!["online"]!.GetValue<bool>());
        }

        Assert.Empty(h.Fake.RefusedAssertions);
    }

    [Fact]
    public async Task A_camera_going_offline_is_reported_exactly_once_for_the_right_agent_within_two_seconds()
    {
        await using var h = await ReportingHarness.StartAsync();
        var device = await h.AddDemoCameraAsync("Garage camera");
        await h.SyncAsync();
        await Poll.UntilAsync(() => h.Fake.StateOf(h.AgentUserId, device) is not null, Generous, "initial report");
        await Task.Delay(500); // let the initial reports settle
        h.Fake.ClearCalls();

        var started = DateTimeOffset.UtcNow;
        await h.RaiseAsync(device, CameraEventKind.Offline);

        await Poll.UntilAsync(() => h.Reports.Count > 0, TimeSpan.FromSeconds(2), "the offline report");
        var report = Assert.Single(h.Reports);
        Assert.True(report.At - started <= TimeSpan.FromSeconds(2), $"after {(report.At - started).TotalMilliseconds} ms");
        Assert.Equal(h.AgentUserId, report.AgentUserId);
        var state = Assert.Single(report.States);
        Assert.Equal(device, state.Key);
        Assert.Equal("""{"online":false}""", state.Value!.ToJsonString());
        await Task.Delay(1000);
        Assert.Single(h.Fake.Calls, c => c.Method == HomeGraphMethods.ReportState);
    }

    [Fact]
    public async Task Flapping_back_within_the_window_reports_nothing_and_a_real_change_once()
    {
        await using var h = await ReportingHarness.StartAsync(s => s["HomeGraph:ReportWindow"] = "00:00:01");
        var device = await h.AddDemoCameraAsync("Flappy camera");
        await h.SyncAsync();
        await Poll.UntilAsync(() => h.Fake.StateOf(h.AgentUserId, device) is not null, Generous, "initial report");
        await Task.Delay(1500);
        h.Fake.ClearCalls();

        await h.RaiseAsync(device, CameraEventKind.Offline);
        await h.RaiseAsync(device, CameraEventKind.Online);
        await Task.Delay(2500);
        Assert.Empty(h.Reports);

        await h.RaiseAsync(device, CameraEventKind.Offline);
        await Poll.UntilAsync(() => h.Reports.Count > 0, Generous, "the offline report");
        await Task.Delay(1500);
        Assert.Single(h.Reports);
    }

    [Fact]
    public async Task A_new_camera_causes_one_request_sync_and_the_next_SYNC_lists_it()
    {
        await using var h = await ReportingHarness.StartAsync();
        await h.WaitForQuietAsync();
        h.Fake.ClearCalls();

        var device = await h.AddDemoCameraAsync("Shed camera");

        await Poll.UntilAsync(() => h.Fake.Succeeded(HomeGraphMethods.RequestSync, h.AgentUserId).Count > 0, Generous, "requestSync");
        await Task.Delay(1500); // the debounce is 0.5 s: a second call would be here by now
        var call = Assert.Single(h.Fake.Succeeded(HomeGraphMethods.RequestSync, h.AgentUserId));
        Assert.True(call.Body!["async"]!.GetValue<bool>());
        Assert.Contains(device, await h.SyncedDeviceIdsAsync());
    }

    [Fact]
    public async Task Moving_a_camera_to_another_room_causes_one_request_sync_and_the_next_SYNC_shows_the_room()
    {
        await using var h = await ReportingHarness.StartAsync();
        var device = (await h.SyncedDeviceIdsAsync())[0];
        await h.WaitForQuietAsync();
        h.Fake.ClearCalls();

        var owner = h.Server.Services.GetRequiredService<SmartHomeCam.Cameras.CameraOwnerSettings>();
        Assert.True(await owner.SetRoomAsync(h.UserId, device, "Garage", CancellationToken.None));

        await Poll.UntilAsync(() => h.Fake.Succeeded(HomeGraphMethods.RequestSync, h.AgentUserId).Count > 0, Generous, "requestSync");
        await Task.Delay(1500); // the debounce is 0.5 s: a second call would be here by now
        Assert.Single(h.Fake.Succeeded(HomeGraphMethods.RequestSync, h.AgentUserId));
        var synced = (await h.SyncAsync()).GetProperty("payload").GetProperty("devices").EnumerateArray()
            .Single(d => d.GetProperty("id").GetString() == device);
        Assert.Equal("Garage", synced.GetProperty("roomHint").GetString());

        // The same room again is no change: nothing more goes to Google.
        h.Fake.ClearCalls();
        Assert.True(await owner.SetRoomAsync(h.UserId, device, "Garage", CancellationToken.None));
        await Task.Delay(1500);
        Assert.Empty(h.Fake.Succeeded(HomeGraphMethods.RequestSync, h.AgentUserId));
    }

    [Fact]
    public async Task A_doorbell_press_repeated_by_the_provider_is_announced_once_with_its_event_id()
    {
        await using var h = await ReportingHarness.StartAsync();
        var device = (await h.SyncedDeviceIdsAsync())[0];
        var subscriber = h.Server.Services.GetServices<ICameraEventSubscriber>().Single(s => s.GetType().Name == "HomeGraphReporter");

        await h.RaiseAsync(device, CameraEventKind.Doorbell, "ring-42");
        await h.RaiseAsync(device, CameraEventKind.Doorbell, "ring-42"); // the outbox keeps one
        // At-least-once delivery (another replica, a redelivery) hands the reporter the same event again.
        var again = new CameraEvent("ring-42", h.UserId, "demo", "demo-1", CameraEventKind.Doorbell, DateTimeOffset.UtcNow) { DeviceId = device };
        await subscriber.HandleAsync(again, CancellationToken.None);

        await Poll.UntilAsync(() => h.Reports.Any(r => r.EventId is not null), Generous, "the notification");
        await Task.Delay(1000);
        var notification = Assert.Single(h.Reports, r => r.EventId is not null);
        Assert.Equal("ring-42", notification.EventId);
        var detection = notification.Notifications[device]!["ObjectDetection"]!;
        Assert.Equal(0, detection["priority"]!.GetValue<int>());
        Assert.Equal(1, detection["objects"]!["unclassified"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_stale_doorbell_press_is_not_announced()
    {
        await using var h = await ReportingHarness.StartAsync(s => s["HomeGraph:NotificationFreshness"] = "00:00:05");
        var device = (await h.SyncedDeviceIdsAsync())[0];
        var subscriber = h.Server.Services.GetServices<ICameraEventSubscriber>().Single(s => s.GetType().Name == "HomeGraphReporter");

        await subscriber.HandleAsync(new CameraEvent("old-ring", h.UserId, "demo", "demo-1", CameraEventKind.Doorbell, DateTimeOffset.UtcNow.AddMinutes(-1)) { DeviceId = device }, CancellationToken.None);
        await subscriber.HandleAsync(new CameraEvent("new-ring", h.UserId, "demo", "demo-1", CameraEventKind.Person, DateTimeOffset.UtcNow) { DeviceId = device }, CancellationToken.None);

        await Poll.UntilAsync(() => h.Reports.Any(r => r.EventId == "new-ring"), Generous, "the fresh notification");
        Assert.DoesNotContain(h.Reports, r => r.EventId == "old-ring");
        Assert.Equal(1, h.Reports.Single(r => r.EventId == "new-ring").Notifications[device]!["ObjectDetection"]!["objects"]!["unfamiliar"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_429_is_retried_and_the_report_delivered()
    {
        await using var h = await ReportingHarness.StartAsync();
        var device = await h.AddDemoCameraAsync("Busy camera");
        await h.SyncAsync();
        await Poll.UntilAsync(() => h.Fake.StateOf(h.AgentUserId, device) is not null, Generous, "initial report");
        await h.SettleAfterCameraAddedAsync();
        h.Fake.ClearCalls();
        h.Fake.Inject(new InjectedFault(429), new InjectedFault(500));

        await h.RaiseAsync(device, CameraEventKind.Offline);

        await Poll.UntilAsync(() => h.Reports.Count > 0, Generous, "the delivered report");
        Assert.False(h.Fake.StateOf(h.AgentUserId, device)!["online"]!.GetValue<bool>());
        Assert.Equal([429, 500, 200], h.Fake.Calls.Where(c => c.Method == HomeGraphMethods.ReportState).Select(c => c.Status));
    }

    [Fact]
    public async Task A_404_stops_reporting_until_the_next_SYNC()
    {
        await using var h = await ReportingHarness.StartAsync();
        var device = await h.AddDemoCameraAsync("Forgotten camera");
        await h.SyncAsync();
        await Poll.UntilAsync(() => h.Fake.StateOf(h.AgentUserId, device) is not null, Generous, "initial report");
        await h.SettleAfterCameraAddedAsync();
        h.Fake.Unlink(h.AgentUserId);
        h.Fake.ClearCalls();

        await h.RaiseAsync(device, CameraEventKind.Offline);
        await Poll.UntilAsync(() => h.Fake.Calls.Any(c => c.Status == 404), Generous, "the 404");
        await Poll.UntilAsync(async () => (await h.AccountAsync())?.StoppedAt is not null, Generous, "reporting stopped");
        await h.RaiseAsync(device, CameraEventKind.Online);
        await Task.Delay(1500);
        Assert.Single(h.Fake.Calls, c => c.Method == HomeGraphMethods.ReportState);

        h.Fake.Link(h.AgentUserId);
        await h.SyncAsync(); // Google links again: reporting resumes with a full report
        await Poll.UntilAsync(() => h.Fake.StateOf(h.AgentUserId, device)?["online"]?.GetValue<bool>() == true, Generous, "the resumed report");
    }

    [Fact]
    public async Task Ending_the_last_linking_deletes_the_agent_user_once_and_stops_reporting()
    {
        await using var h = await ReportingHarness.StartAsync();
        await Task.Delay(500);

        await h.Server.Services.GetRequiredService<LinkRevoker>().RevokeAllLinksAsync(h.UserId, CancellationToken.None);

        await Poll.UntilAsync(() => h.Fake.Succeeded(HomeGraphMethods.DeleteAgentUser, h.AgentUserId).Count > 0, Generous, "agentUsers.delete");
        await Task.Delay(500);
        Assert.Single(h.Fake.Succeeded(HomeGraphMethods.DeleteAgentUser, h.AgentUserId));
        Assert.Equal("linking ended", (await h.AccountAsync())!.StoppedReason);
    }

    [Fact]
    public async Task Without_a_service_account_SYNC_declares_no_reporting_and_no_client_exists()
    {
        await using var fake = await FakeHomeGraph.StartAsync();
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        using var google = await FulfillmentClient.LinkAsync(server, email);

        var (_, body) = await google.PostAsync(FulfillmentClient.Sync());

        var devices = JsonNode.Parse(body)!["payload"]!["devices"]!.AsArray();
        Assert.All(devices, d => Assert.False(d!["willReportState"]!.GetValue<bool>()));
        Assert.All(devices, d => Assert.False(d!["notificationSupportedByAgent"]!.GetValue<bool>()));
        Assert.Null(server.Services.GetService<HomeGraphService>());
        Assert.Empty(fake.Calls);
    }
}
