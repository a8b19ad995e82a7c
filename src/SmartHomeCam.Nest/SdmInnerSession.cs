using SmartHomeCam.Cameras;
using SmartHomeCam.Media;

namespace SmartHomeCam.Nest;

/// <summary>One open RTSP session under a Nest stream: the source, its frame enumerator and its own cancellation.</summary>
internal sealed class SdmInnerSession(ICameraSource source, MediaTracks tracks, CancellationTokenSource life) : IAsyncDisposable
{
    private IAsyncEnumerator<MediaFrame>? frames;

    public MediaTracks Tracks { get; } = tracks;

    /// <summary>A read the splice stopped waiting for; awaited (cancelled) before the enumerator is disposed.</summary>
    public Task<bool>? PendingRead { get; set; }

    public IAsyncEnumerator<MediaFrame> Frames => frames ??= source.ReadAsync(life.Token).GetAsyncEnumerator(life.Token);

    /// <summary>Opens <paramref name="source"/>; disposes it when that fails.</summary>
    public static async Task<SdmInnerSession> OpenAsync(ICameraSource source, CancellationToken lifetime, CancellationToken cancellationToken)
    {
        var life = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
        try
        {
            using var opening = CancellationTokenSource.CreateLinkedTokenSource(life.Token, cancellationToken);
            var tracks = await source.OpenAsync(opening.Token).ConfigureAwait(false);
            return new SdmInnerSession(source, tracks, life);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            life.Dispose();
            throw;
        }
    }

    /// <summary>Stops reading (a pending read ends with cancellation) and releases the session (TEARDOWN).</summary>
    public async ValueTask DisposeAsync()
    {
        await life.CancelAsync().ConfigureAwait(false);
        if (PendingRead is { } pending)
        {
            await ((Task)pending).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (frames is not null)
        {
            try
            {
                await frames.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or CameraSourceException or InvalidOperationException or NotSupportedException)
            {
                // A read still pending when it was cancelled; the session is going away anyway.
            }
        }

        await source.DisposeAsync().ConfigureAwait(false);
        life.Dispose();
    }
}
