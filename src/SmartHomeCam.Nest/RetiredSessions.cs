using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;

namespace SmartHomeCam.Nest;

/// <summary>
/// Releases the sessions a splice replaced, off the frame path. Releasing one waits for its pending read and sends
/// TEARDOWN (or StopWebRtcStream) — a network round trip that, awaited inline, held the new session's first frames
/// back for a second or more at every splice. The owning source awaits <see cref="DrainAsync"/> when it is disposed,
/// so no camera is left streaming.
/// </summary>
internal sealed class RetiredSessions(ILogger logger)
{
    private Task pending = Task.CompletedTask;

    /// <summary>Starts releasing <paramref name="session"/> after the ones retired before it.</summary>
    public void Retire(IAsyncDisposable session) => pending = ReleaseAfterAsync(pending, session);

    /// <summary>Completes when every retired session has been released.</summary>
    public Task DrainAsync() => pending;

    private async Task ReleaseAfterAsync(Task previous, IAsyncDisposable session)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        try
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or CameraSourceException)
        {
            logger.LogInformation("A replaced Nest session did not close cleanly: {Reason}", e.Message);
        }
    }
}
