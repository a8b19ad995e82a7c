using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Cameras.Tests;

/// <summary>The operator's database: connections, last known listings and the outbox claim on a real PostgreSQL.</summary>
public sealed class PostgresCamerasTests
{
    [Fact]
    public async Task Connections_outage_listings_and_one_delivery_per_event_across_two_replicas_hold_on_postgres()
    {
        using var postgres = await PostgresServer.StartAsync();
        var settings = CameraTestServer.Settings();
        settings["Database:Provider"] = "Postgres";
        settings["Database:ConnectionString"] = postgres.ConnectionString("shc_cameras");
        await using var a = await CameraTestServer.StartAsync(settings: settings);
        var bSubscriber = new RecordingSubscriber();
        await using var b = await ServerInstance.StartAsync(settings, services: s => s.AddSingleton<ICameraEventSubscriber>(bSubscriber));

        var added = await a.Get<ConnectionManager>().AddAsync(a.UserId, "demo",
            new ConnectionRequest("", new Dictionary<string, string> { ["camera"] = "Pg camera" }, "pg-secret-0042"), CancellationToken.None);
        Assert.Null(added.LastError);
        var view = await a.GoogleViewAsync();
        Assert.True(view["Pg camera"].Online);

        a.Provider.Unreachable = true;
        view = await a.GoogleViewAsync();
        Assert.False(view["Porch camera"].Online);
        Assert.True(view["Pg camera"].Online);

        var raiser = a.Get<DemoEventRaiser>();
        for (var i = 0; i < 20; i++)
        {
            await raiser.RaiseAsync(a.UserId, view["Pg camera"].Id, CameraEventKind.Motion, null, "pg-motion-" + i, CancellationToken.None);
        }

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!Enumerable.Range(0, 20).All(i => a.Subscriber.CountOf("pg-motion-" + i) + bSubscriber.CountOf("pg-motion-" + i) >= 1))
        {
            Assert.True(DateTime.UtcNow < deadline, "not every event was delivered within 15 s");
            await Task.Delay(25);
        }

        await Task.Delay(300);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Equal(1, a.Subscriber.CountOf("pg-motion-" + i) + bSubscriber.CountOf("pg-motion-" + i)));
        // The outage's offline event went out too, through one of the two.
        var porch = view["Porch camera"].Id;
        Assert.Equal(1, a.Subscriber.Received.Concat(bSubscriber.Received).Count(e => e.Kind == CameraEventKind.Offline && e.DeviceId == porch));
    }
}
