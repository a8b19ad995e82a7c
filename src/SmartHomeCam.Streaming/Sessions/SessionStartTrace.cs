using System.Diagnostics;
using SmartHomeCam.Telemetry;

namespace SmartHomeCam.Streaming.Sessions;

/// <summary>
/// The cold-start half of a voice request's trace. A session starts in the background and its milestones happen
/// on other threads and in other HTTP requests (the player's playlist fetch), so each milestone is recorded as a
/// finished span with explicit start and end times, parented to the activity that started the session (EXECUTE →
/// session acquire): time-to-first-frame then reads off one trace. The playlist span also links the player's own
/// request trace. Each milestone is recorded once per start.
/// </summary>
internal sealed class SessionStartTrace
{
    private readonly ActivityContext parent;
    private readonly DateTimeOffset startedAt;
    private int sourceOpened;
    private int firstSegment;
    private int firstPlaylist;

    private SessionStartTrace(ActivityContext parent, DateTimeOffset startedAt)
    {
        this.parent = parent;
        this.startedAt = startedAt;
    }

    /// <summary>Nothing to record (no listener, or no trace to join).</summary>
    public static SessionStartTrace None { get; } = new(default, default);

    /// <summary>Captures the caller's activity (EXECUTE's session acquire, or a playback request) as the parent.</summary>
    public static SessionStartTrace Begin() =>
        Activity.Current is { } current ? new SessionStartTrace(current.Context, DateTimeOffset.UtcNow) : None;

    private bool Enabled => parent != default;

    /// <summary>The camera answered with its tracks (or failed to): the "source start" span.</summary>
    public void SourceOpened(DateTimeOffset attemptStart, Exception? failure = null)
    {
        if (Enabled && Interlocked.Exchange(ref sourceOpened, 1) == 0)
        {
            Record("camera.source.start", attemptStart, null, failure);
        }
    }

    /// <summary>The first segment is in the window: the "first segment" span, from the session's start.</summary>
    public void FirstSegment()
    {
        if (Enabled && Interlocked.Exchange(ref firstSegment, 1) == 0)
        {
            Record("hls.first_segment", startedAt, null, null);
        }
    }

    /// <summary>The first playlist answered with segments, from the moment its request arrived.</summary>
    public void FirstPlaylist(DateTimeOffset requestStart)
    {
        if (Enabled && Interlocked.Exchange(ref firstPlaylist, 1) == 0)
        {
            Record("hls.first_playlist", requestStart, Activity.Current?.Context, null);
        }
    }

    private void Record(string name, DateTimeOffset start, ActivityContext? link, Exception? failure)
    {
        var previous = Activity.Current;
        ActivityLink[]? links = link is { } l && l != default ? [new ActivityLink(l)] : null;
        var activity = SmartHomeCamTelemetry.Source.StartActivity(name, ActivityKind.Internal, parent, links: links, startTime: start);
        if (activity is not null && failure is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, failure.Message);
        }

        activity?.Stop();
        Activity.Current = previous; // recording never changes the caller's ambient activity
    }
}
