using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Nest.Tests;

/// <summary>
/// Nest:PubSub:Mode=pull against the fake Pub/Sub REST server: the operator's service account gets a token, events
/// are acknowledged only once recorded, and duplicates, reordering, redelivery after a crash and 5xx all end in
/// exactly one camera event each.
/// </summary>
public sealed class NestPullTests
{
    [Fact]
    public async Task A_chime_pulled_twice_and_out_of_order_is_exactly_one_camera_event_after_the_earlier_motion_and_all_are_acked()
    {
        await using var pubSub = await FakePubSubServer.StartAsync();
        pubSub.Shuffle = true;
        await using var s = await NestTestServer.StartAsync(pubSub.ServerSettings());
        var door = await LinkAsync(s);
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-5);

        // The chime is published first, then a motion that happened before it, then the chime again (SDM's duplicate,
        // a new message id) and an UPDATED message of the chime's session merged with a person event.
        pubSub.Publish(FakePubSubPusher.ResourceEvent("m-2", t0.AddSeconds(2), "doorbell-battery", "STARTED", (FakePubSubPusher.Chime, "chime-1")));
        pubSub.Publish(FakePubSubPusher.ResourceEvent("m-1", t0.AddSeconds(1), "doorbell-battery", "STARTED", (FakePubSubPusher.Motion, "motion-1")));
        pubSub.Publish(FakePubSubPusher.ResourceEvent("m-2", t0.AddSeconds(2), "doorbell-battery", "STARTED", (FakePubSubPusher.Chime, "chime-1")));
        pubSub.Publish(FakePubSubPusher.ResourceEvent("m-3", t0.AddSeconds(3), "doorbell-battery", "UPDATED",
            (FakePubSubPusher.Chime, "chime-1"), (FakePubSubPusher.Person, "chime-1")));

        await Poll.UntilAsync(() => pubSub.Outstanding == 0 && s.Events.Received.Any(e => e.Kind == CameraEventKind.Person),
            TimeSpan.FromSeconds(20), "every message acknowledged and the person event delivered");
        var mine = s.Events.Received.Where(e => e.DeviceId == door).ToList();
        Assert.Single(mine, e => e.Kind == CameraEventKind.Doorbell);
        Assert.Single(mine, e => e.Kind == CameraEventKind.Motion);
        Assert.True(mine.FindIndex(e => e.Kind == CameraEventKind.Motion) < mine.FindIndex(e => e.Kind == CameraEventKind.Doorbell), "ordered by timestamp");
        Assert.Equal(1, await RecordedAsync(s.Server, CameraEventKind.Doorbell));
        Assert.Empty(pubSub.RefusedAssertions);
        Assert.True(pubSub.TokensIssued >= 1);
    }

    [Fact]
    public async Task A_crash_after_recording_but_before_the_ack_is_redelivered_and_still_one_camera_event()
    {
        await using var pubSub = await FakePubSubServer.StartAsync();
        pubSub.AckDeadline = TimeSpan.FromSeconds(2);
        await using var s = await NestTestServer.StartAsync(pubSub.ServerSettings());
        await LinkAsync(s);

        pubSub.HoldAcks = true; // the ack will not land before the "crash"
        var id = pubSub.Publish(FakePubSubPusher.ResourceEvent("crash-1", DateTimeOffset.UtcNow, "doorbell-battery", "STARTED", (FakePubSubPusher.Chime, "chime-crash")));
        await Poll.UntilAsync(async () => await RecordedAsync(s.Server, CameraEventKind.Doorbell) == 1, TimeSpan.FromSeconds(20), "the chime recorded in the outbox");
        var data = await s.StopServerKeepingDataAsync();
        Assert.False(pubSub.IsAcknowledged(id));

        pubSub.DropHeldAcks(); // the crashed server's ack is lost with it
        pubSub.HoldAcks = false;
        await using var again = await ServerInstance.StartAsync(s.Settings, dataDirectory: data, services: c => c.AddSingleton<ISdmRtspConnector>(s.Rtsp));
        await Poll.UntilAsync(() => pubSub.IsAcknowledged(id), TimeSpan.FromSeconds(30), "the redelivered chime acknowledged by the restarted server");
        Assert.True(pubSub.Deliveries(id) >= 2, $"delivered {pubSub.Deliveries(id)} time(s)");
        Assert.Equal(1, await RecordedAsync(again, CameraEventKind.Doorbell));
    }

    [Fact]
    public async Task The_pull_loop_backs_off_on_server_errors_resumes_and_drops_a_malformed_message()
    {
        await using var pubSub = await FakePubSubServer.StartAsync();
        pubSub.FailNextPulls(3, 500);
        pubSub.FailNextPulls(1, 503);
        await using var s = await NestTestServer.StartAsync(pubSub.ServerSettings());
        await LinkAsync(s);

        var bad = pubSub.PublishData("!! not base64 !!");
        pubSub.Publish(FakePubSubPusher.ResourceEvent("after-500", DateTimeOffset.UtcNow, "rtsp-cam", "STARTED", (FakePubSubPusher.Sound, "snd-1")));
        await Poll.UntilAsync(() => s.Events.Received.Any(e => e.Kind == CameraEventKind.Sound), TimeSpan.FromSeconds(20), "the sound event after the 5xx");
        await Poll.UntilAsync(() => pubSub.Outstanding == 0, TimeSpan.FromSeconds(10), "both messages acknowledged");
        Assert.Equal(4, pubSub.FailedPulls);
        Assert.True(pubSub.IsAcknowledged(bad));
        Assert.Equal(1, pubSub.Deliveries(bad)); // dropped, not redelivered forever
        Assert.Contains("Pulling Nest events failed", s.Server.Logs.AllText, StringComparison.Ordinal);
        Assert.Contains("Dropped 1 malformed Nest Pub/Sub message", s.Server.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", s.Server.Logs.AllText, StringComparison.Ordinal);
    }

    private static async Task<string> LinkAsync(NestTestServer s)
    {
        await s.LinkThroughPagesAsync();
        using var google = await s.LinkGoogleAsync();
        return (await NestTestServer.SyncAsync(google))["Front door"].GetProperty("id").GetString()!;
    }

    private static async Task<int> RecordedAsync(ServerInstance server, CameraEventKind kind)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var name = kind.ToString();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().CameraEvents.CountAsync(e => e.ProviderId == "nest" && e.Kind == name);
    }
}
