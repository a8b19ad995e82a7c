using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras.Connections;

namespace SmartHomeCam.Cameras.Demo;

/// <summary>
/// Cameras that need no hardware, all playing the shipped demo clip live: the configured ones every account
/// sees (<c>Cameras:Demo</c>), and "demo" connections an owner adds (one named camera each), which exercise
/// connection storage, encrypted credentials and events exactly as a real provider would.
/// </summary>
public sealed class DemoCameraProvider(IOptions<DemoCameraOptions> options) : IConnectableCameraProvider, IObjectDetectionProvider
{
    public const string ProviderId = "demo";
    public const string CameraField = "camera";
    public const string RoomField = "room";
    public const string OnlineSetting = "online";
    private static readonly CameraDeviceInfo Info = new("SmartHomeCam", "Demo camera", "1.0", "1.0");

    public string Id => ProviderId;

    public string DisplayName => "Demo camera";

    public IReadOnlyList<ConnectionField> Fields { get; } =
    [
        new(CameraField, "Camera name", Required: true),
        new(RoomField, "Room", Required: false),
    ];

    public string? CredentialLabel => "Access code (optional; stored encrypted like a real provider's password)";

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var names = options.Value.Enabled ? options.Value.EffectiveNames : [];
        IReadOnlyList<ProviderCamera> cameras = names
            .Select((name, i) => new ProviderCamera($"demo-{i + 1}", name, i == 0 ? "Living Room" : null, Info, Online: true))
            .ToList();
        return Task.FromResult(cameras);
    }

    public Task<IReadOnlyDictionary<string, string>> PrepareAsync(ConnectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var camera = request.Field(CameraField) ?? throw new ConnectionRejectedException("Camera name is required.");
        var room = request.Field(RoomField);
        if (camera.Length > ConnectionManager.MaxNameLength || room?.Length > ConnectionManager.MaxNameLength)
        {
            throw new ConnectionRejectedException($"Camera and room names may have at most {ConnectionManager.MaxNameLength} characters.");
        }

        var settings = new Dictionary<string, string> { [CameraField] = camera, [OnlineSetting] = "true" };
        if (room is not null)
        {
            settings[RoomField] = room;
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(settings);
    }

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(ProviderConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var online = connection.Setting(OnlineSetting) != "false";
        IReadOnlyList<ProviderCamera> cameras =
            [new ProviderCamera("1", connection.Setting(CameraField) ?? connection.DisplayName, connection.Setting(RoomField), Info, online)];
        return Task.FromResult(cameras);
    }

    public ICameraSource CreateSource(string userId, string providerCameraId) => new DemoCameraSource(withAudio: providerCameraId == "demo-1");

    public ICameraSource CreateSource(ProviderConnectionContext connection, string cameraId) => new DemoCameraSource();

    /// <summary>Every demo camera can ring and see people on demand (<see cref="DemoEventRaiser"/>).</summary>
    public bool DeliversObjectDetection(CatalogCamera camera) => true;
}
