using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Media;

namespace SmartHomeCam.Streaming.Tests;

/// <summary>
/// A camera catalog with cameras added by the test; their sources play the demo clip (video and sound) and
/// count connects and releases. A camera can be told to drop its first connection after some frames.
/// </summary>
public sealed class FakeCatalog : ICameraCatalog
{
    private readonly Dictionary<string, CatalogCamera> cameras = new(StringComparer.Ordinal);
    private int opened;
    private int released;

    public int Opened => Volatile.Read(ref opened);

    public int Released => Volatile.Read(ref released);

    /// <summary>When set, the first connection ends with an error after this many frames.</summary>
    public int? FailFirstConnectionAfterFrames { get; set; }

    public CatalogCamera Add(string userId, string deviceId)
    {
        var camera = new CatalogCamera(deviceId, userId, "fake", deviceId, deviceId, null, new CameraDeviceInfo("Acme", "Fake", "1", "1"), Online: true);
        lock (cameras)
        {
            cameras[deviceId] = camera;
        }

        return camera;
    }

    public Task<IReadOnlyList<CatalogCamera>> ListAsync(string userId, bool refresh, CancellationToken cancellationToken)
    {
        lock (cameras)
        {
            return Task.FromResult<IReadOnlyList<CatalogCamera>>(cameras.Values.Where(c => c.UserId == userId).ToList());
        }
    }

    public Task<CatalogCamera?> FindAsync(string userId, string deviceId, CancellationToken cancellationToken)
    {
        lock (cameras)
        {
            return Task.FromResult(cameras.TryGetValue(deviceId, out var c) && c.UserId == userId ? c : null);
        }
    }

    public ICameraSource OpenSource(CatalogCamera camera) =>
        new Source(this, Interlocked.Increment(ref opened) == 1 ? FailFirstConnectionAfterFrames : null);

    private sealed class Source(FakeCatalog owner, int? failAfter) : ICameraSource
    {
        private readonly DemoCameraSource inner = new(withAudio: true);

        public ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        public async IAsyncEnumerable<MediaFrame> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
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
