using System.Runtime.CompilerServices;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Media;

namespace SmartHomeCam.Streaming.Tests;

/// <summary>A camera that counts how often it is connected and released, and can drop its first connection.</summary>
public sealed class CountingCameraProvider : ICameraProvider
{
    public const string Name = "Counted camera";
    private int opened;
    private int released;

    public int Opened => Volatile.Read(ref opened);

    public int Released => Volatile.Read(ref released);

    /// <summary>When set, the first connection ends with an error after this many frames.</summary>
    public int? FailFirstConnectionAfterFrames { get; set; }

    public string Id => "count";

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ProviderCamera>>([new ProviderCamera("c1", Name, null, new CameraDeviceInfo("Acme", "Counter", "1", "1"), true)]);

    public ICameraSource CreateSource(string userId, string providerCameraId)
    {
        var connection = Interlocked.Increment(ref opened);
        return new Source(this, connection == 1 ? FailFirstConnectionAfterFrames : null);
    }

    private sealed class Source(CountingCameraProvider owner, int? failAfter) : ICameraSource
    {
        private readonly DemoCameraSource inner = new();

        public ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var count = 0;
            await foreach (var frame in inner.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (failAfter is { } limit && count++ >= limit)
                {
                    throw new CameraSourceException("camera dropped the connection");
                }

                yield return frame;
            }
        }

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref owner.released);
            return inner.DisposeAsync();
        }
    }
}
