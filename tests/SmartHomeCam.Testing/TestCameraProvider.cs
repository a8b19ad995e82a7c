using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Media;

namespace SmartHomeCam.Testing;

/// <summary>
/// A provider double with the camera conditions the real providers produce: one online camera (playing the
/// demo clip), one offline, and one whose source fails on every connect.
/// </summary>
public sealed class TestCameraProvider : ICameraProvider
{
    public const string OfflineName = "Garage camera";
    public const string BrokenName = "Broken camera";
    private static readonly CameraDeviceInfo Info = new("Acme", "TestCam", "2.0", "3.1");

    public string Id => "test";

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProviderCamera>>(
        [
            new ProviderCamera("garage", OfflineName, "Garage", Info, Online: false),
            new ProviderCamera("broken", BrokenName, null, Info, Online: true),
        ]);

    public ICameraSource CreateSource(string userId, string providerCameraId) =>
        providerCameraId == "broken" ? new FailingSource() : new DemoCameraSource();

    private sealed class FailingSource : ICameraSource
    {
        public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            throw new CameraSourceException("connection refused");
        }

        public IAsyncEnumerable<MediaFrame> ReadAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("OpenAsync never succeeds.");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
