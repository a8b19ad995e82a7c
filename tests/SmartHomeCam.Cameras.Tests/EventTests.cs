using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.GoogleSim;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Cameras.Tests;

/// <summary>Camera events go through the outbox to subscribers: once per event id, from the server or a CLI process, across restarts.</summary>
public sealed class EventTests
{
    [Fact]
    public async Task A_demo_event_posted_from_the_dashboard_reaches_a_subscriber_once_and_shows_on_the_dashboard()
    {
        await using var s = await CameraTestServer.StartAsync();
        var id = (await s.GoogleViewAsync())["Demo camera"].Id;
        using var flow = new LinkingFlow(s.Server);
        await flow.SignInAsync(s.Email);
        var page = await flow.Browser.GetStringAsync(new Uri("/cameras", UriKind.Relative));
        var form = HtmlForm.Inputs(page, $"data-form=\"demo-event-{id}\"");
        form["kind"] = "doorbell";
        using var response = await flow.Browser.PostAsync(new Uri("/cameras?handler=DemoEvent", UriKind.Relative), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var doorbell = await s.Subscriber.WaitForAsync(e => e.Kind == CameraEventKind.Doorbell);
        Assert.Equal(id, doorbell.DeviceId);
        Assert.Equal(s.UserId, doorbell.UserId);
        await Task.Delay(300); // several more dispatch rounds: nothing is delivered twice
        Assert.Equal(1, s.Subscriber.CountOf(doorbell.EventId));

        var dashboard = await flow.Browser.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains($"data-event=\"{doorbell.EventId}\"", dashboard, StringComparison.Ordinal);

        form["kind"] = "battery";
        form["battery"] = "250";
        using var bad = await flow.Browser.PostAsync(new Uri("/cameras?handler=DemoEvent", UriKind.Relative), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("battery event needs a level from 0 to 100", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_kind_raised_from_the_cli_reaches_the_running_servers_subscriber_exactly_once_per_event_id()
    {
        await using var s = await CameraTestServer.StartAsync();
        var id = (await s.GoogleViewAsync())["Demo camera"].Id;
        foreach (var kind in Enum.GetValues<CameraEventKind>())
        {
            var name = kind.ToString().ToLowerInvariant();
            var (code, output, error) = await s.CliAsync("", "cameras", "demo-event", id, name, "--event-id", "cli-" + name, "--battery", "42");
            Assert.True(code == 0, output + error);
        }

        // The same id again (a provider re-sending after a reconnect) is recorded once.
        var (_, again, _) = await s.CliAsync("", "cameras", "demo-event", id, "motion", "--event-id", "cli-motion");
        Assert.Contains("already recorded", again, StringComparison.Ordinal);

        foreach (var kind in Enum.GetValues<CameraEventKind>())
        {
            var delivered = await s.Subscriber.WaitForAsync(e => e.EventId == "cli-" + kind.ToString().ToLowerInvariant());
            Assert.Equal(kind, delivered.Kind);
            Assert.Equal(id, delivered.DeviceId);
            Assert.Equal(kind == CameraEventKind.Battery ? 42 : null, delivered.BatteryPercent);
        }

        await Task.Delay(300);
        Assert.All(Enum.GetValues<CameraEventKind>(), k => Assert.Equal(1, s.Subscriber.CountOf("cli-" + k.ToString().ToLowerInvariant())));
    }

    [Fact]
    public async Task Taking_a_connected_demo_camera_offline_changes_its_state_and_raises_one_offline_event()
    {
        await using var s = await CameraTestServer.StartAsync();
        await s.Get<ConnectionManager>().AddAsync(s.UserId, "demo", new ConnectionRequest("", new Dictionary<string, string> { ["camera"] = "Flaky camera" }, null), CancellationToken.None);
        var id = (await s.GoogleViewAsync())["Flaky camera"].Id;
        await s.Get<DemoEventRaiser>().RaiseAsync(s.UserId, id, CameraEventKind.Offline, null, null, CancellationToken.None);
        Assert.False((await s.GoogleViewAsync())["Flaky camera"].Online);
        var offline = await s.Subscriber.WaitForAsync(e => e.Kind == CameraEventKind.Offline && e.DeviceId == id);
        await Task.Delay(300);
        Assert.Equal(1, s.Subscriber.Received.Count(e => e.Kind == CameraEventKind.Offline && e.DeviceId == id));
        Assert.Equal(1, s.Subscriber.CountOf(offline.EventId));
    }

    [Fact]
    public async Task A_failing_subscriber_gets_the_event_again_and_then_it_is_marked_delivered()
    {
        await using var s = await CameraTestServer.StartAsync(subscriber: new RecordingSubscriber(refuseFirst: 2));
        var id = (await s.GoogleViewAsync())["Demo camera"].Id;
        Assert.True((await s.Get<DemoEventRaiser>().RaiseAsync(s.UserId, id, CameraEventKind.Person, null, "person-1", CancellationToken.None)).Recorded);
        await s.Subscriber.WaitForAsync(e => e.EventId == "person-1");
        Assert.True(s.Subscriber.Refused >= 2);
        await Eventually(async () => (await s.Get<CameraEventLog>().RecentAsync(s.UserId, 50, CancellationToken.None)).Single(e => e.Event.EventId == "person-1").Delivered);
    }

    [Fact]
    public async Task Undelivered_events_survive_a_restart_and_events_raised_while_the_server_is_down_are_delivered_when_it_starts()
    {
        var data = Path.Combine(Path.GetTempPath(), "shc-events-" + Guid.NewGuid().ToString("N"));
        string email;
        string deviceId;
        // Retries back off up to the claim duration; keep it short so the restarted server may retry at once.
        var settings = CameraTestServer.Settings();
        settings["Cameras:Events:ClaimDuration"] = "00:00:00.500";
        await using (var first = await CameraTestServer.StartAsync(subscriber: new RecordingSubscriber { AlwaysFail = true }, dataDirectory: data, settings: settings))
        {
            email = first.Email;
            deviceId = (await first.GoogleViewAsync())["Demo camera"].Id;
            await first.Get<DemoEventRaiser>().RaiseAsync(first.UserId, deviceId, CameraEventKind.Motion, null, "before-crash", CancellationToken.None);
            await Eventually(() => Task.FromResult(first.Subscriber.Refused > 0));
            first.Server.DeleteDataOnDispose = false;
        }

        // No server running: the CLI records an event for it.
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await SmartHomeCam.Server.Cli.CommandLine.RunAsync(
            ["cameras", "demo-event", deviceId, "doorbell", "--event-id", "while-down", "--email", email, "--SmartHomeCam:DataDirectory", data, "--Cameras:Demo:Enabled", "true"],
            TextReader.Null, output, error);
        Assert.True(code == 0, output + error.ToString());

        await using var second = await CameraTestServer.StartAsync(dataDirectory: data, email: email);
        await second.Subscriber.WaitForAsync(e => e.EventId == "before-crash");
        await second.Subscriber.WaitForAsync(e => e.EventId == "while-down");
        await Task.Delay(300);
        Assert.Equal(1, second.Subscriber.CountOf("before-crash"));
        Assert.Equal(1, second.Subscriber.CountOf("while-down"));
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_deliver_each_event_once_between_them()
    {
        var data = Path.Combine(Path.GetTempPath(), "shc-replica-events-" + Guid.NewGuid().ToString("N"));
        await using var a = await CameraTestServer.StartAsync(dataDirectory: data);
        var bSubscriber = new RecordingSubscriber();
        await using var b = await ServerInstance.StartAsync(CameraTestServer.Settings(), data, services: s => s.AddSingleton<ICameraEventSubscriber>(bSubscriber));
        var id = (await a.GoogleViewAsync())["Demo camera"].Id;
        var raiser = a.Get<DemoEventRaiser>();
        for (var i = 0; i < 20; i++)
        {
            await raiser.RaiseAsync(a.UserId, id, CameraEventKind.Motion, null, "motion-" + i, CancellationToken.None);
        }

        await Eventually(() => Task.FromResult(Enumerable.Range(0, 20).All(i => a.Subscriber.CountOf("motion-" + i) + bSubscriber.CountOf("motion-" + i) >= 1)));
        await Task.Delay(300);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(1, a.Subscriber.CountOf("motion-" + i) + bSubscriber.CountOf("motion-" + i)));
        a.Server.DeleteDataOnDispose = false; // b deletes it
    }

    private static Task Eventually(Func<Task<bool>> condition) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(10));
}
