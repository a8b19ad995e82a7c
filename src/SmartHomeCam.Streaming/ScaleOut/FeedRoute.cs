using SmartHomeCam.Streaming.Sessions;

namespace SmartHomeCam.Streaming.ScaleOut;

public enum FeedRouteKind
{
    /// <summary>The token no longer names one of the account's cameras.</summary>
    Forbidden,

    /// <summary>Serve from the session in this process.</summary>
    Local,

    /// <summary>Forward to the replica that owns the camera.</summary>
    Remote,

    /// <summary>Another replica holds the camera but cannot be reached yet: 503 + Retry-After, the player asks again.</summary>
    Busy,

    /// <summary>
    /// Another replica holds the camera and this request came over the hop, so it is not forwarded again: the sender's
    /// view of the owner is stale (see <see cref="OwnerHop.NotOwnerHeader"/>).
    /// </summary>
    NotOwner,
}

/// <summary>Where a stream request for a camera is answered (see <see cref="FeedRouter"/>).</summary>
public sealed record FeedRoute(FeedRouteKind Kind, CaptureSession? Session, OwnerRecord? Owner)
{
    public static FeedRoute Forbidden { get; } = new(FeedRouteKind.Forbidden, null, null);

    public static FeedRoute Busy { get; } = new(FeedRouteKind.Busy, null, null);

    public static FeedRoute NotOwner { get; } = new(FeedRouteKind.NotOwner, null, null);

    public static FeedRoute Local(CaptureSession session) => new(FeedRouteKind.Local, session, null);

    public static FeedRoute Remote(OwnerRecord owner) => new(FeedRouteKind.Remote, null, owner);
}
