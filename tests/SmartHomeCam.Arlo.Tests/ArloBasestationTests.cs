using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Arlo.Tests;

/// <summary>The basestation in the real server, with a fake camera on real sockets: registry, claim, SYNC, events.</summary>
public sealed class ArloBasestationTests(FakeRtspFixture clips) : IClassFixture<FakeRtspFixture>
{
    [Fact]
    public async Task Registration_fills_the_registry_sets_the_camera_clock_and_survives_a_restart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "shc-arlo-" + Guid.NewGuid().ToString("N"));
        string serial;
        string address;
        await using (var h = await ArloHarness.StartAsync(clips.Media, dataDirectory: dataDirectory))
        {
            h.Server.Server.DeleteDataOnDispose = false;
            serial = h.Camera.Serial;
            address = h.Camera.Address.ToString();
            var row = await h.RegistryAsync();
            Assert.NotNull(row);
            Assert.Equal(address, row.IpAddress); // the source address of the registration
            Assert.Equal("VMC4030P", row.Model);
            Assert.Equal(89, row.BatteryPercent);
            Assert.Equal(4, row.SignalStrength);
            Assert.Equal(20, row.Temperature);
            Assert.False(row.Charging);
            Assert.Contains("H.264Streaming", row.Capabilities, StringComparison.Ordinal);
            await Poll.UntilAsync(() => h.Camera.Registers.ContainsKey("EpochBsTime"), TimeSpan.FromSeconds(20), "clock set after registration");
            var epoch = h.Camera.Registers["EpochBsTime"]!.GetValue<long>();
            Assert.InRange(epoch, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        }

        await using var restarted = await ServerInstance.StartAsync(new Dictionary<string, string?> { ["Arlo:Enabled"] = "false" }, dataDirectory);
        var kept = await restarted.Services.GetRequiredService<ArloCameraRegistry>().FindAsync(serial, CancellationToken.None);
        Assert.NotNull(kept);
        Assert.Equal(address, kept.IpAddress);
        Assert.Equal(89, kept.BatteryPercent);
    }

    [Fact]
    public async Task A_claimed_camera_is_in_sync_and_its_motion_battery_and_doorbell_reports_become_events()
    {
        using var webhook = new WebhookReceiver();
        await using var h = await ArloHarness.StartAsync(clips.Media, overrides: new Dictionary<string, string?> { ["Arlo:MotionWebhookUrl"] = webhook.Url.ToString() });

        var claimed = await h.ClaimAsync("Garden", "Outside");

        Assert.Null(claimed.LastError);
        Assert.Equal(1, claimed.CameraCount);
        var (_, sync) = await h.Server.Client.PostAsync(Testing.FulfillmentClient.Sync());
        using var json = JsonDocument.Parse(sync);
        var device = json.RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .Single(d => d.GetProperty("name").GetProperty("name").GetString() == "Garden");
        Assert.Equal("action.devices.types.CAMERA", device.GetProperty("type").GetString());
        Assert.Equal("Outside", device.GetProperty("roomHint").GetString());
        Assert.Equal("Arlo", device.GetProperty("deviceInfo").GetProperty("manufacturer").GetString());
        var deviceId = device.GetProperty("id").GetString();

        Assert.True(await h.Camera.SendMotionAsync("3cfe3b01-944d-422a-9f99-34c130d23299"));
        await Poll.UntilAsync(async () => (await h.EventsAsync()).Any(e => e.Kind == "Motion"), TimeSpan.FromSeconds(20), "motion event");
        var motion = (await h.EventsAsync()).Single(e => e.Kind == "Motion");
        Assert.Equal(deviceId, motion.DeviceId);
        var posted = await webhook.NextAsync(TimeSpan.FromSeconds(20));
        using var hook = JsonDocument.Parse(posted);
        Assert.Equal(h.Camera.Serial, hook.RootElement.GetProperty("serial_number").GetString());
        Assert.Equal(h.Camera.Address.ToString(), hook.RootElement.GetProperty("ip").GetString());
        Assert.Equal("3cfe3b01-944d-422a-9f99-34c130d23299", hook.RootElement.GetProperty("zone")[0].GetString());

        h.Camera.BatteryPercentChanged(61);
        Assert.True(await h.Camera.SendStatusAsync());
        await Poll.UntilAsync(async () => (await h.EventsAsync()).Any(e => e.Kind == "Battery" && e.BatteryPercent == 61), TimeSpan.FromSeconds(20), "battery event");

        Assert.True(await h.Camera.SendButtonPressAsync());
        await Poll.UntilAsync(async () => (await h.EventsAsync()).Any(e => e.Kind == "Doorbell"), TimeSpan.FromSeconds(20), "doorbell event");
    }

    [Fact]
    public async Task Claims_of_an_unknown_or_already_claimed_camera_are_refused()
    {
        await using var h = await ArloHarness.StartAsync(clips.Media);
        var manager = h.Services.GetRequiredService<ConnectionManager>();

        var unknown = await Assert.ThrowsAsync<ConnectionRejectedException>(() => manager.AddAsync(h.UserId, ArloCameraProvider.ProviderId,
            new ConnectionRequest("x", new Dictionary<string, string> { [ArloCameraProvider.SerialField] = "NOPE123" }, null), CancellationToken.None));
        await h.ClaimAsync();
        var twice = await Assert.ThrowsAsync<ConnectionRejectedException>(() => h.ClaimAsync("Again"));

        Assert.Contains("has registered", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("already claimed", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_early_eof_and_oversized_frames_cost_only_their_connection()
    {
        await using var h = await ArloHarness.StartAsync(clips.Media);
        var endpoint = h.Services.GetRequiredService<ArloBasestation>().Endpoints[0];
        var random = new Random(4100);
        var attacks = Enumerable.Range(0, 300).Select(async i =>
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, endpoint.Port);
            var junk = (i % 3) switch
            {
                0 => Encoding.ASCII.GetBytes("L:9999999 " + new string('x', 100)),
                1 => [],
                _ => RandomBytes(random, 200),
            };
            await tcp.GetStream().WriteAsync(junk);
        });
        await Task.WhenAll(attacks);

        Assert.True(await h.Camera.SendStatusAsync(), "a camera is still Acked after 300 bad connections");
        var reply = await RawExchangeAsync(endpoint, "{\"Type\":\"bogus\",\"ID\":5}");
        Assert.Equal("{\"Type\":\"response\",\"ID\":5,\"Response\":\"Nack\"}", reply);
        reply = await RawExchangeAsync(endpoint, "{\"Type\":\"alert\",\"ID\":6}");
        Assert.Contains("\"Response\":\"Ack with Errors\"", reply, StringComparison.Ordinal);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        lock (random)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }
    }

    private static async Task<string> RawExchangeAsync(IPEndPoint endpoint, string json)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, endpoint.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"L:{json.Length} {json}"));
        using var reader = new MemoryStream();
        await stream.CopyToAsync(reader).WaitAsync(TimeSpan.FromSeconds(15)); // the base closes after its reply
        var text = Encoding.ASCII.GetString(reader.ToArray());
        return text[(text.IndexOf(' ', StringComparison.Ordinal) + 1)..];
    }
}
