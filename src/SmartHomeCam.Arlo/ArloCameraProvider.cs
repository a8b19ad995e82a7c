using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Rtsp;

namespace SmartHomeCam.Arlo;

/// <summary>
/// Arlo cameras paired to our built-in basestation. Discovery is the basestation's registry; claiming a camera
/// (serial, name, room) is an "arlo" connection of the owner's account, listing that one camera. Starting the
/// provider tears down streams a crashed run left open, then opens the listener.
/// </summary>
public sealed partial class ArloCameraProvider(
    IOptions<ArloOptions> options,
    ArloBasestation basestation,
    ArloCameraRegistry registry,
    ArloClaims claims,
    ArloCommandClient commands,
    ArloStreamJournal journal,
    TimeProvider clock,
    ILoggerFactory loggers) : IConnectableCameraProvider, IObjectDetectionProvider
{
    public const string ProviderId = "arlo";
    public const string SerialField = "serial";
    public const string CameraField = "camera";
    public const string RoomField = "room";
    public const string TransportField = "transport";

    private readonly ConcurrentDictionary<ArloCameraSource, bool> _sources = new();

    public string Id => ProviderId;

    public string DisplayName => "Arlo camera (built-in basestation)";

    public IReadOnlyList<ConnectionField> Fields { get; } =
    [
        new(SerialField, "Serial number (from the discovered list)", Required: true),
        new(CameraField, "Camera name", Required: false),
        new(RoomField, "Room", Required: false),
        new(TransportField, "RTSP transport (udp or tcp)", Required: false),
    ];

    public string? CredentialLabel => null;

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProviderCamera>>([]);

    public async Task<IReadOnlyDictionary<string, string>> PrepareAsync(ConnectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var serial = request.Field(SerialField) ?? throw new ConnectionRejectedException("The camera's serial number is required.");
        var camera = await registry.FindAsync(serial, cancellationToken).ConfigureAwait(false)
            ?? throw new ConnectionRejectedException($"No Arlo camera {serial} has registered with the basestation. Press its sync button, or check that it reaches port {options.Value.Port}.");
        if ((await claims.FindAsync(serial, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new ConnectionRejectedException($"Arlo camera {serial} is already claimed; remove that connection first.");
        }

        var name = request.Field(CameraField) ?? $"{camera.Model} {serial[^Math.Min(5, serial.Length)..]}".Trim();
        var room = request.Field(RoomField);
        if (name.Length > ConnectionManager.MaxNameLength || room?.Length > ConnectionManager.MaxNameLength)
        {
            throw new ConnectionRejectedException($"Camera and room names may have at most {ConnectionManager.MaxNameLength} characters.");
        }

        var transport = request.Field(TransportField)?.ToLowerInvariant();
        if (transport is not (null or "udp" or "tcp"))
        {
            throw new ConnectionRejectedException("Transport is udp or tcp.");
        }

        var settings = new Dictionary<string, string> { [SerialField] = serial, [CameraField] = name };
        if (room is not null)
        {
            settings[RoomField] = room;
        }

        if (transport is not null)
        {
            settings[TransportField] = transport;
        }

        return settings;
    }

    public async Task<IReadOnlyList<ProviderCamera>> ListAsync(ProviderConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var serial = connection.Setting(SerialField) ?? throw new InvalidOperationException("This Arlo connection names no camera.");
        var camera = await registry.FindAsync(serial, cancellationToken).ConfigureAwait(false);
        var online = basestation.Running && camera is not null && clock.GetUtcNow() - camera.LastSeenAt <= options.Value.OfflineAfter;
        var info = new CameraDeviceInfo("Arlo", camera?.Model is { Length: > 0 } model ? model : "Arlo camera",
            camera?.HardwareRevision ?? "", camera?.Firmware ?? "");
        return [new ProviderCamera(serial, connection.Setting(CameraField) ?? serial, connection.Setting(RoomField), info, online) { Kind = KindOf(camera?.Model) }];
    }

    public ICameraSource CreateSource(string userId, string providerCameraId) =>
        throw new CameraSourceException("Arlo cameras are reached through their connection.");

    public ICameraSource CreateSource(ProviderConnectionContext connection, string cameraId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transport = connection.Setting(TransportField) switch
        {
            "tcp" => RtspTransport.Tcp,
            "udp" => RtspTransport.Udp,
            _ => options.Value.Transport,
        };
        return new ArloCameraSource(this, cameraId, transport);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var left = await journal.RecoverAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        if (left > 0)
        {
            loggers.CreateLogger<ArloCameraProvider>().LogInformation("Tore down {Count} Arlo stream(s) left open by an earlier run", left);
        }

        if (options.Value.Enabled)
        {
            await basestation.StartAsync().ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Shutdown must not leave a battery camera streaming: every open source sends its TEARDOWN now.
        await Task.WhenAll(_sources.Keys.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        await basestation.DisposeAsync().ConfigureAwait(false);
    }

    internal ArloOptions Options => options.Value;

    internal ArloCameraRegistry Registry => registry;

    internal ArloCommandClient Commands => commands;

    internal ArloStreamJournal Journal => journal;

    internal ILoggerFactory Loggers => loggers;

    internal void Track(ArloCameraSource source) => _sources[source] = true;

    internal void Untrack(ArloCameraSource source) => _sources.TryRemove(source, out _);
}
