using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Fakes.HomeGraph;
using SmartHomeCam.Testing;

namespace SmartHomeCam.HomeGraph.Tests;

/// <summary>Two server processes on one database and one real Redis: one doorbell press, one announcement.</summary>
public sealed class ReplicaNotificationTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_same_doorbell_event_delivered_to_two_replicas_is_announced_once()
    {
        using var redis = await RedisServer.StartAsync();
        await using var fake = await FakeHomeGraph.StartAsync();
        var data = Path.Combine(Path.GetTempPath(), "shc-hg-replicas-" + Guid.NewGuid().ToString("N"));
        var settings = ReportingHarness.Settings(fake);
        settings["Redis:Configuration"] = redis.Configuration;
        await using var a = await ServerInstance.StartAsync(settings, data);
        a.DeleteDataOnDispose = false; // b deletes the shared directory
        await using var b = await ServerInstance.StartAsync(settings, data);
        using var account = await GoogleLinkedAccount.CreateAsync(a);
        var sync = await account.SyncAsync();
        var deviceId = GoogleLinkedAccount.Device(sync, "Demo porch camera").GetProperty("id").GetString()!;
        await Poll.UntilAsync(() => fake.StateOf(account.AgentUserId, deviceId) is not null, Generous, "the initial report");
        await Task.Delay(500); // let the initial reports settle
        fake.ClearCalls();

        // The press reaches both replicas: the provider raises it on each (the shared outbox keeps one), and each
        // replica's reporter is handed the event itself, at once, as at-least-once delivery may do.
        var pressed = new CameraEvent("ring-two-replicas", account.UserId, DemoCameraProvider.ProviderId, "demo-2", CameraEventKind.Doorbell, DateTimeOffset.UtcNow)
        {
            DeviceId = deviceId,
        };
        await Task.WhenAll(
            Reporter(a).HandleAsync(pressed, CancellationToken.None),
            Reporter(b).HandleAsync(pressed, CancellationToken.None),
            Raise(a, account.UserId, deviceId, pressed.EventId),
            Raise(b, account.UserId, deviceId, pressed.EventId));

        await Poll.UntilAsync(() => fake.Succeeded(HomeGraphMethods.ReportState, account.AgentUserId).Any(c => c.EventId is not null), Generous, "the notification");
        await Task.Delay(2000); // a second announcement, from either replica, would be here by now
        var notification = Assert.Single(fake.Calls, c => c.EventId is not null);
        Assert.Equal(pressed.EventId, notification.EventId);
        Assert.Equal(200, notification.Status);
        Assert.Equal(deviceId, Assert.Single(notification.Notifications).Key);
    }

    private static ICameraEventSubscriber Reporter(ServerInstance server) =>
        server.Services.GetServices<ICameraEventSubscriber>().Single(s => s.GetType().Name == "HomeGraphReporter");

    private static Task<DemoEventOutcome> Raise(ServerInstance server, string userId, string deviceId, string eventId) =>
        server.Services.GetRequiredService<DemoEventRaiser>().RaiseAsync(userId, deviceId, CameraEventKind.Doorbell, null, eventId, CancellationToken.None);
}
