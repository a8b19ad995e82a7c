using System.Net;
using System.Net.Sockets;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Media;

namespace SmartHomeCam.ScaleOut.Replica;

/// <summary>
/// One camera for every account ("Counted camera") playing the demo clip. Each open source holds a TCP connection to
/// the test's reader counter for exactly as long as it reads, so the test counts readers across processes (a killed
/// process's connections close with it).
/// </summary>
public sealed class ReportingCameraProvider(int counterPort) : ICameraProvider
{
    public const string Name = "Counted camera";

    public string Id => "counted";

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProviderCamera>>([new ProviderCamera("c1", Name, null, new CameraDeviceInfo("Acme", "Counter", "1", "1"), true)]);

    public ICameraSource CreateSource(string userId, string providerCameraId) => new Source(counterPort);

    private sealed class Source(int port) : ICameraSource
    {
        private readonly DemoCameraSource inner = new();
        private TcpClient? report;

        public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
        {
            report = new TcpClient();
            await report.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return await inner.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        public IAsyncEnumerable<MediaFrame> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            report?.Dispose();
            await inner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
