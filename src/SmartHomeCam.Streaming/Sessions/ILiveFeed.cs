using SmartHomeCam.Media.Hls;

namespace SmartHomeCam.Streaming.Sessions;

/// <summary>
/// What the /streams endpoints need of a camera's live feed: its current window, a bounded wait for the first
/// segments, and "a viewer is here". A local capture session is one; a proxy to a session on another replica
/// can be another. (A "feed", not a "stream": CA1711 keeps that suffix for System.IO streams.)
/// </summary>
public interface ILiveFeed
{
    HlsWindow Window { get; }

    /// <summary>Waits until the window lists at least <paramref name="segments"/> segments; false on timeout.</summary>
    Task<bool> WaitForSegmentsAsync(int segments, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Marks a viewer's fetch; keeps the stream from idling out.</summary>
    void Touch();
}
