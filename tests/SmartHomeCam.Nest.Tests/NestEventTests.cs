using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Nest.Tests;

/// <summary>Pub/Sub push → camera events: authenticated by the secret path, de-duplicated, ordered by timestamp.</summary>
public sealed class NestEventTests
{
    [Fact]
    public async Task A_doorbell_chime_pushed_twice_and_out_of_order_is_exactly_one_camera_event_after_the_earlier_motion()
    {
        await using var s = await NestTestServer.StartAsync();
        await s.LinkThroughPagesAsync();
        using var google = await s.LinkGoogleAsync();
        var door = (await NestTestServer.SyncAsync(google))["Front door"].GetProperty("id").GetString()!;
        using var http = new HttpClient();
        var pusher = new FakePubSubPusher(http, new Uri(s.Server.BaseAddress, "/nest/events/" + NestTestServer.PushSecret));
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-5);

        // The chime arrives first, then (late) a motion that happened before it, then the chime again (a duplicate
        // delivery) and an UPDATED message of the same event session merged with a person event.
        Assert.Equal(204, await pusher.PushAsync(FakePubSubPusher.ResourceEvent("m-2", t0.AddSeconds(2), "doorbell-battery", "STARTED", (FakePubSubPusher.Chime, "chime-1"))));
        Assert.Equal(204, await pusher.PushAsync(FakePubSubPusher.ResourceEvent("m-1", t0.AddSeconds(1), "doorbell-battery", "STARTED", (FakePubSubPusher.Motion, "motion-1"))));
        Assert.Equal(204, await pusher.PushAsync(FakePubSubPusher.ResourceEvent("m-2", t0.AddSeconds(2), "doorbell-battery", "STARTED", (FakePubSubPusher.Chime, "chime-1"))));
        Assert.Equal(204, await pusher.PushAsync(FakePubSubPusher.ResourceEvent("m-3", t0.AddSeconds(3), "doorbell-battery", "UPDATED",
            (FakePubSubPusher.Chime, "chime-1"), (FakePubSubPusher.Person, "chime-1"))));

        await Poll.UntilAsync(() => s.Events.Received.Any(e => e.Kind == CameraEventKind.Person), TimeSpan.FromSeconds(10), "the person event");
        await Task.Delay(300); // anything else would have been delivered with it
        var mine = s.Events.Received.Where(e => e.DeviceId == door).ToList();
        Assert.Single(mine, e => e.Kind == CameraEventKind.Doorbell);
        Assert.Single(mine, e => e.Kind == CameraEventKind.Motion);
        Assert.True(mine.FindIndex(e => e.Kind == CameraEventKind.Motion) < mine.FindIndex(e => e.Kind == CameraEventKind.Doorbell), "ordered by timestamp");
        Assert.Equal(t0.AddSeconds(2), mine.Single(e => e.Kind == CameraEventKind.Doorbell).OccurredAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_push_with_a_wrong_secret_is_refused_and_a_malformed_one_is_acknowledged_without_an_event()
    {
        await using var s = await NestTestServer.StartAsync();
        await s.LinkThroughPagesAsync();
        using var google = await s.LinkGoogleAsync();
        await NestTestServer.SyncAsync(google);
        using var http = new HttpClient();
        var wrong = new FakePubSubPusher(http, new Uri(s.Server.BaseAddress, "/nest/events/not-the-secret"));
        Assert.Equal(404, await wrong.PushAsync(FakePubSubPusher.ResourceEvent("w-1", DateTimeOffset.UtcNow, "rtsp-cam", "STARTED", (FakePubSubPusher.Motion, "x"))));
        var right = new FakePubSubPusher(http, new Uri(s.Server.BaseAddress, "/nest/events/" + NestTestServer.PushSecret));
        Assert.Equal(204, await right.PushRawAsync("{\"message\":{\"data\":\"!!\"}}"));
        Assert.Equal(204, await right.PushAsync(FakePubSubPusher.ResourceEvent("ok-1", DateTimeOffset.UtcNow, "rtsp-cam", "STARTED", (FakePubSubPusher.Sound, "snd"))));
        await Poll.UntilAsync(() => s.Events.Received.Any(e => e.Kind == CameraEventKind.Sound), TimeSpan.FromSeconds(10), "the sound event");
        Assert.DoesNotContain(s.Events.Received, e => e.Kind == CameraEventKind.Motion);
    }

    [Fact]
    public async Task A_relation_update_makes_the_catalog_list_again()
    {
        await using var s = await NestTestServer.StartAsync();
        await s.LinkThroughPagesAsync();
        s.Cloud.DefaultAccount.Devices["new-cam"] = new FakeNestDevice("new-cam", FakeNestDevice.Camera, "Garage cam", "Garage", ["RTSP"]);
        using var http = new HttpClient();
        var pusher = new FakePubSubPusher(http, new Uri(s.Server.BaseAddress, "/nest/events/" + NestTestServer.PushSecret));
        Assert.Equal(204, await pusher.PushAsync(FakePubSubPusher.RelationEvent("rel-1", DateTimeOffset.UtcNow, "new-cam")));
        await Poll.UntilAsync(() => s.Events.Received.Any(e => e.Kind == CameraEventKind.Added && e.ProviderCameraId.EndsWith("/new-cam", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the added event of the new camera");
    }
}
