using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;
using SmartHomeCam.Fakes.Arlo;
using SmartHomeCam.Fakes.Rtsp;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Arlo.Tests;

/// <summary>
/// The real server with the basestation on a free loopback port, a linked Google account, and one fake Arlo
/// camera on its own 127.x.y.z address (so the basestation learns a camera address that is not its own).
/// </summary>
internal sealed class ArloHarness : IAsyncDisposable
{
    private ArloHarness(FulfillmentServer server, FakeArloCamera camera, string userId)
    {
        Server = server;
        Camera = camera;
        UserId = userId;
    }

    public FulfillmentServer Server { get; }

    public FakeArloCamera Camera { get; }

    public string UserId { get; }

    public IServiceProvider Services => Server.Server.Services;

    public static IPAddress RandomCameraAddress() =>
        new(new byte[] { 127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(2, 255) });

    public static async Task<ArloHarness> StartAsync(
        FakeRtspMedia media,
        Func<FakeArloCameraOptions, FakeArloCameraOptions>? camera = null,
        IDictionary<string, string?>? overrides = null,
        string? dataDirectory = null,
        bool register = true)
    {
        var options = new FakeArloCameraOptions { Serial = "4N7" + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture), Address = RandomCameraAddress(), Media = media };
        var fake = new FakeArloCamera(camera?.Invoke(options) ?? options);
        await fake.StartAsync(register: false);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Arlo:Enabled"] = "true",
            ["Arlo:BindAddress"] = "127.0.0.1",
            ["Arlo:Port"] = "0",
            ["Arlo:DoorbellPort"] = "0",
            ["Arlo:CameraCommandPort"] = fake.CommandPort.ToString(CultureInfo.InvariantCulture),
            ["Arlo:CameraRtspPort"] = fake.RtspPort.ToString(CultureInfo.InvariantCulture),
            ["Arlo:RetryDelay"] = "00:00:00.200",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        Trace("starting server");
        var server = await FulfillmentServer.StartAsync(settings, dataDirectory);
        Trace("server started");
        var basestation = server.Server.Services.GetRequiredService<ArloBasestation>();
        await Poll.UntilAsync(() => basestation.Running, TimeSpan.FromSeconds(30), "basestation listening");
        fake.Basestation = new IPEndPoint(IPAddress.Loopback, basestation.Endpoints[0].Port);
        Trace("basestation running");
        if (register)
        {
            await fake.RegisterAsync();

            // The basestation Acks first and records after (spec §1), so wait for the registry.
            var registry = server.Server.Services.GetRequiredService<ArloCameraRegistry>();
            await Poll.UntilAsync(async () => await registry.FindAsync(fake.Serial, CancellationToken.None) is not null, TimeSpan.FromSeconds(30), "camera in the registry");
        }

        Trace("registered");

        await using var scope = server.Server.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(server.Email);
        return new ArloHarness(server, fake, user!.Id);
    }

    /// <summary>Progress of slow set-ups, for a run that hangs on a loaded machine.</summary>
    public static void Trace(string step) =>
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "shc-arlo-tests.log"), $"{DateTime.UtcNow:HH:mm:ss.fff} {step}{Environment.NewLine}");

    public async Task<ArloCameraRecord?> RegistryAsync() =>
        await Services.GetRequiredService<ArloCameraRegistry>().FindAsync(Camera.Serial, CancellationToken.None);

    /// <summary>Claims the camera for the linked account, as the dashboard and <c>cameras add arlo</c> do.</summary>
    public Task<ConnectionSummary> ClaimAsync(string name = "Garden", string? room = "Outside", string? transport = null)
    {
        var fields = new Dictionary<string, string> { [ArloCameraProvider.SerialField] = Camera.Serial, [ArloCameraProvider.CameraField] = name };
        if (room is not null)
        {
            fields[ArloCameraProvider.RoomField] = room;
        }

        if (transport is not null)
        {
            fields[ArloCameraProvider.TransportField] = transport;
        }

        return Services.GetRequiredService<ConnectionManager>().AddAsync(UserId, ArloCameraProvider.ProviderId, new ConnectionRequest(name, fields, null), CancellationToken.None);
    }

    public async Task<List<CameraEventRecord>> EventsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.CameraEvents.AsNoTracking().Where(e => e.UserId == UserId && e.ProviderId == ArloCameraProvider.ProviderId).ToListAsync();
    }

    public async Task<List<ArloStreamJournalEntry>> JournalAsync() =>
        [.. await Services.GetRequiredService<ArloStreamJournal>().ListAsync(CancellationToken.None)];

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Camera.DisposeAsync();
    }
}
