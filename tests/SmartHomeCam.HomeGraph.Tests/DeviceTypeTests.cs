using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Arlo;
using SmartHomeCam.Fakes.Arlo;
using SmartHomeCam.Fakes.HomeGraph;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.Fakes.Rtsp;
using SmartHomeCam.Nest;
using SmartHomeCam.Testing;

namespace SmartHomeCam.HomeGraph.Tests;

/// <summary>
/// SYNC types and ObjectDetection with the real providers against their fakes (spec §3.1, §3.7): doorbells are
/// DOORBELL, and ObjectDetection is advertised only where the provider delivers presses or person alerts.
/// </summary>
public sealed class DeviceTypeTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Nest_doorbells_SYNC_as_DOORBELL_and_only_devices_with_person_or_chime_events_advertise_ObjectDetection()
    {
        await using var cloud = await FakeNestCloud.StartAsync();
        await using var fake = await FakeHomeGraph.StartAsync();
        var settings = ReportingHarness.Settings(fake);
        foreach (var (key, value) in cloud.ServerSettings())
        {
            settings[key] = value;
        }

        settings["Nest:PushSecret"] = "push-secret-homegraph-0042";
        settings["Cameras:Demo:Enabled"] = "false";
        await using var server = await ServerInstance.StartAsync(settings);
        using var account = await GoogleLinkedAccount.CreateAsync(server);
        var nest = FakeNestCloud.AddAccount("Home",
        [
            new FakeNestDevice("door-1", FakeNestDevice.Doorbell, "Front door", "Entryway", ["WEB_RTC"], Battery: true),
            new FakeNestDevice("cam-person", FakeNestDevice.Camera, "Porch cam", "Porch", ["RTSP"]),
            new FakeNestDevice("cam-plain", FakeNestDevice.Camera, "Garage cam", "Garage", ["RTSP"], PersonTrait: false),
            new FakeNestDevice("hub-1", FakeNestDevice.Display, "Kitchen display", "Kitchen", ["RTSP"], PersonTrait: false),
        ]);
        var added = await account.ConnectAsync(SdmCameraProvider.ProviderId, "Home Nest", [], cloud.IssueRefreshToken(nest));
        Assert.Null(added.LastError);

        var sync = await account.SyncAsync();

        var doorbell = GoogleLinkedAccount.Device(sync, "Front door");
        Assert.Equal("action.devices.types.DOORBELL", doorbell.GetProperty("type").GetString());
        Assert.Equal(["action.devices.traits.CameraStream", "action.devices.traits.ObjectDetection"], GoogleLinkedAccount.Traits(doorbell));
        Assert.True(doorbell.GetProperty("notificationSupportedByAgent").GetBoolean());
        var person = GoogleLinkedAccount.Device(sync, "Porch cam");
        Assert.Equal("action.devices.types.CAMERA", person.GetProperty("type").GetString());
        Assert.Contains("action.devices.traits.ObjectDetection", GoogleLinkedAccount.Traits(person));
        foreach (var name in new[] { "Garage cam", "Kitchen display" })
        {
            var device = GoogleLinkedAccount.Device(sync, name);
            Assert.Equal("action.devices.types.CAMERA", device.GetProperty("type").GetString());
            Assert.Equal(["action.devices.traits.CameraStream"], GoogleLinkedAccount.Traits(device));
            Assert.False(device.GetProperty("notificationSupportedByAgent").GetBoolean());
        }

        var (ok, report) = await GoogleSchemaValidator.ValidateAsync([new SchemaCase("nest SYNC", "SYNC", "response", JsonNode.Parse(sync.GetRawText())!)]);
        Assert.True(ok, report);
    }

    [Fact]
    public async Task An_Arlo_doorbell_SYNCs_as_DOORBELL_with_ObjectDetection_and_one_press_is_one_notification()
    {
        // The doorbell never streams here: a token SPS, PPS and IDR do for its RTSP side.
        var media = FakeRtspMedia.FromAnnexB(
            [0, 0, 0, 1, 0x67, 0x42, 0x00, 0x1e, 0x95, 0xa8, 0x28, 0x0f, 0x64, 0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80, 0, 0, 0, 1, 0x65, 0x88, 0x84, 0x00],
            fps: 15);
        var address = new IPAddress(new byte[] { 127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(2, 255) });
        await using var doorbell = new FakeArloCamera(new FakeArloCameraOptions
        {
            Serial = "AVD" + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture),
            Model = "AVD1001",
            Address = address,
            Media = media,
        });
        await doorbell.StartAsync(register: false);
        await using var fake = await FakeHomeGraph.StartAsync();
        var settings = ReportingHarness.Settings(fake);
        settings["Cameras:Demo:Enabled"] = "false";
        settings["Arlo:Enabled"] = "true";
        settings["Arlo:BindAddress"] = "127.0.0.1";
        settings["Arlo:Port"] = "0";
        settings["Arlo:DoorbellPort"] = "0";
        settings["Arlo:CameraCommandPort"] = doorbell.CommandPort.ToString(CultureInfo.InvariantCulture);
        settings["Arlo:CameraRtspPort"] = doorbell.RtspPort.ToString(CultureInfo.InvariantCulture);
        await using var server = await ServerInstance.StartAsync(settings);
        var basestation = server.Services.GetRequiredService<ArloBasestation>();
        await Poll.UntilAsync(() => basestation.Running, Generous, "the basestation listening");
        doorbell.Basestation = new IPEndPoint(IPAddress.Loopback, basestation.Endpoints[0].Port);
        await doorbell.RegisterAsync();
        var registry = server.Services.GetRequiredService<ArloCameraRegistry>();
        await Poll.UntilAsync(async () => await registry.FindAsync(doorbell.Serial, CancellationToken.None) is not null, Generous, "the doorbell in the registry");
        using var account = await GoogleLinkedAccount.CreateAsync(server);
        await account.ConnectAsync(ArloCameraProvider.ProviderId, "Front door",
            new() { [ArloCameraProvider.SerialField] = doorbell.Serial, [ArloCameraProvider.CameraField] = "Front door" });

        var sync = await account.SyncAsync();
        var device = GoogleLinkedAccount.Device(sync, "Front door");
        Assert.Equal("action.devices.types.DOORBELL", device.GetProperty("type").GetString());
        Assert.Contains("action.devices.traits.ObjectDetection", GoogleLinkedAccount.Traits(device));
        Assert.True(device.GetProperty("notificationSupportedByAgent").GetBoolean());
        var deviceId = device.GetProperty("id").GetString()!;
        await Poll.UntilAsync(() => fake.StateOf(account.AgentUserId, deviceId) is not null, Generous, "the initial report");
        await Task.Delay(500); // let the initial report settle
        fake.ClearCalls();

        Assert.True(await doorbell.SendButtonPressAsync());

        await Poll.UntilAsync(() => fake.Succeeded(HomeGraphMethods.ReportState, account.AgentUserId).Any(c => c.EventId is not null), Generous, "the doorbell notification");
        await Task.Delay(1500);
        var notification = Assert.Single(fake.Succeeded(HomeGraphMethods.ReportState, account.AgentUserId), c => c.EventId is not null);
        var detection = Assert.Single(notification.Notifications);
        Assert.Equal(deviceId, detection.Key);
        Assert.Equal(1, detection.Value!["ObjectDetection"]!["objects"]!["unclassified"]!.GetValue<int>());
        Assert.Empty(fake.RefusedAssertions);
    }
}
