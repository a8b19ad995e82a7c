using SmartHomeCam.Cameras;

namespace SmartHomeCam.Transcoding.Tests;

/// <summary>One camera that "sends" an H.265 + Opus clip, played in real time in a loop, through the transcode fallback.</summary>
internal sealed class TranscodedCameraProvider(string clip) : ICameraProvider
{
    public const string CameraName = "Hevc camera";
    private static readonly CameraDeviceInfo Info = new("Acme", "H265Cam", "1.0", "1.0");

    public string Id => "hevc-test";

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProviderCamera>>([new ProviderCamera("hevc", CameraName, null, Info, Online: true)]);

    public ICameraSource CreateSource(string userId, string providerCameraId) =>
        new TranscodingCameraSource(new TranscodingSourceOptions { Input = clip, Realtime = true, Loop = true });
}
