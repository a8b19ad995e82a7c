namespace SmartHomeCam.Streaming;

/// <summary>Bound from <c>Streaming</c>.</summary>
public sealed class StreamingOptions
{
    /// <summary>How long a stream URL handed to Google stays valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A session with no playlist or segment fetch for this long stops its camera.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a playlist request for a starting session waits for its first segment.</summary>
    public TimeSpan FirstSegmentWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Segments a starting session must have before its playlist is served. 1 starts fastest (about one segment
    /// after the first IDR); 3 follows Google's "≥ 3 segments at first fetch" advice for picky Cast receivers at
    /// the cost of two more seconds on a cold start. Warm sessions already have more.
    /// </summary>
    public int MinSegmentsBeforePlaylist { get; set; } = 1;

    /// <summary>Segments are cut at the first IDR once this much media has accumulated.</summary>
    public TimeSpan SegmentTargetDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Segments listed in the live playlist (the sliding window).</summary>
    public int PlaylistSegments { get; set; } = 6;

    /// <summary>Back-off after a source failure grows from this ...</summary>
    public TimeSpan RestartDelayMin { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>... to at most this, with jitter.</summary>
    public TimeSpan RestartDelayMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive failed starts after which EXECUTE answers resourceUnavailable.</summary>
    public int FailuresBeforeUnavailable { get; set; } = 2;

    /// <summary>
    /// Signing keys as "id:base64secret" (≥ 32 bytes), newest first; the first signs, all verify. Replicas must
    /// share them. Empty: a key is generated once and kept (encrypted) in the data directory.
    /// </summary>
    public string[]? SigningKeys { get; set; }

    /// <summary>
    /// With Redis: how long a replica's claim on a camera lasts unrenewed (renewed every third of it). A dead owner's
    /// cameras are taken over by the next viewer's request after at most this.
    /// </summary>
    public TimeSpan OwnerLeaseDuration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>The address other replicas reach this one on (e.g. <c>http://10.1.2.3:8080</c>); empty: the listen address.</summary>
    public string? ReplicaAddress { get; set; }

    /// <summary>
    /// Base64 key (≥ 32 bytes) authenticating forwarded requests between replicas; every replica must have the same.
    /// Empty: derived from the newest stream signing key, which replicas share anyway.
    /// </summary>
    public string? HopKey { get; set; }

    /// <summary>How long shutdown waits for readers to stop and leases to end (hand-over) before giving up.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a replica announces itself (the operator page lists replicas from these).</summary>
    public TimeSpan ReplicaHeartbeat { get; set; } = TimeSpan.FromSeconds(2);
}
