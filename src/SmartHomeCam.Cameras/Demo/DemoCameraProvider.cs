using Microsoft.Extensions.Options;

namespace SmartHomeCam.Cameras.Demo;

/// <summary>Cameras that need no hardware: every account sees them, and they play the shipped demo clip live.</summary>
public sealed class DemoCameraProvider(IOptions<DemoCameraOptions> options) : ICameraProvider
{
    private static readonly CameraDeviceInfo Info = new("SmartHomeCam", "Demo camera", "1.0", "1.0");

    public string Id => "demo";

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var names = options.Value.Enabled ? options.Value.EffectiveNames : [];
        IReadOnlyList<ProviderCamera> cameras = names
            .Select((name, i) => new ProviderCamera($"demo-{i + 1}", name, i == 0 ? "Living Room" : null, Info, Online: true))
            .ToList();
        return Task.FromResult(cameras);
    }

    public ICameraSource CreateSource(string userId, string providerCameraId) => new DemoCameraSource(withAudio: providerCameraId == "demo-1");
}
