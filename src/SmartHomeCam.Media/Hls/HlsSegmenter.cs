using SmartHomeCam.Media.Ts;

namespace SmartHomeCam.Media.Hls;

/// <summary>
/// Turns timestamped frames into a live HLS window of MPEG-TS segments. Cuts only at an IDR once the target
/// duration is reached, measures each segment's real duration from DTS, marks restarts with
/// EXT-X-DISCONTINUITY, and drops frames that would break the stream (no IDR yet, DTS going backwards).
/// Single writer; readers on any thread use <see cref="Window"/>. Segment bytes live in pooled blocks; a segment's
/// blocks return to the pool when it leaves the retained window and no reader holds it (<see cref="HlsSegment"/>).
/// </summary>
public sealed class HlsSegmenter : IDisposable
{
    /// <summary>A forward DTS jump larger than this without a flag is treated as a source restart.</summary>
    private const long MaxDtsJump = 5 * 90_000;

    private readonly HlsSegmenterOptions options;
    private readonly long targetDts;
    private readonly TsMuxer muxer;
    private readonly SegmentBlockPool pool;
    private readonly SegmentBufferWriter buffer;
    private readonly List<HlsSegment> retained = [];
    private HlsWindow window = HlsWindow.Empty;
    private long nextSequence;
    private long discontinuitySequence;
    private bool segmentOpen;
    private bool segmentDiscontinuity;
    private bool pendingDiscontinuity;
    private long segmentStartDts;
    private long lastVideoDts = long.MinValue;
    private long lastFrameDuration = 3_000;
    private int maxTargetDuration;
    private long peakBandwidth;

    /// <summary>Seconds of media published so far: the clock retention is measured on (survives DTS restarts).</summary>
    private double mediaClock;
    private MediaTracks tracks = MediaTracks.VideoOnly;

    public HlsSegmenter(HlsSegmenterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        targetDts = (long)(options.TargetDuration.TotalSeconds * 90_000);
        maxTargetDuration = Math.Max(1, (int)Math.Ceiling(options.TargetDuration.TotalSeconds));
        muxer = new TsMuxer();
        pool = options.BlockPool ?? SegmentBlockPool.Shared;
        buffer = new SegmentBufferWriter(pool);
        nextSequence = options.FirstSequence; // a take-over on another replica continues above the old numbers
        pendingDiscontinuity = options.FirstSequence > 0; // ... so its first segment follows theirs after a break
    }

    /// <summary>Raised on the writer's thread after a segment is published.</summary>
    public event Action<HlsWindow>? SegmentPublished;

    public HlsWindow Window => Volatile.Read(ref window);

    /// <summary>Frames dropped because they could not start or continue a valid segment.</summary>
    public long DroppedFrames { get; private set; }

    /// <summary>
    /// Declares the tracks of the source that is about to deliver frames (at each (re)connect, before its first
    /// frame). Later segments list exactly these streams; a segment already open under other tracks is closed
    /// and the next one starts after a discontinuity.
    /// </summary>
    public void DeclareTracks(MediaTracks declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (!declared.Equals(tracks))
        {
            CloseForRestart();
        }

        tracks = declared;
        muxer.Configure(declared);
    }

    /// <summary>Adds a frame; returns false when it was dropped.</summary>
    public bool Write(in MediaFrame frame)
    {
        if (frame.Kind == MediaKind.Audio)
        {
            if (frame.Discontinuity)
            {
                CloseForRestart(); // a restarted source may speak first with audio
            }

            // Audio joins the open segment (it is cut on video IDRs); before the first IDR there is none.
            return (segmentOpen && muxer.WriteAudio(buffer, frame.Data.Span, frame.Pts)) || Drop();
        }

        if (frame.Discontinuity || (lastVideoDts != long.MinValue && frame.Dts - lastVideoDts > MaxDtsJump))
        {
            CloseForRestart();
        }

        if (lastVideoDts != long.MinValue && frame.Dts <= lastVideoDts)
        {
            return Drop(); // DTS must rise; a reordered or duplicated packet is dropped, the stream goes on
        }

        if (!segmentOpen && !frame.IsKeyframe)
        {
            return Drop();
        }

        var opened = false;
        if (frame.IsKeyframe && segmentOpen && frame.Dts - segmentStartDts >= targetDts)
        {
            Publish(frame.Dts);
        }

        if (!segmentOpen)
        {
            Open(frame.Dts);
            opened = true;
        }

        if (!muxer.WriteVideo(buffer, frame.Data.Span, frame.Pts, frame.Dts, frame.IsKeyframe))
        {
            if (opened)
            {
                segmentOpen = false; // a "keyframe" without any NAL cannot open a segment
            }

            return Drop();
        }

        if (lastVideoDts != long.MinValue)
        {
            lastFrameDuration = Math.Clamp(frame.Dts - lastVideoDts, 1, 90_000);
        }

        lastVideoDts = frame.Dts;
        return true;
    }

    /// <summary>
    /// Gives every retained segment back (each goes to the pool once its last reader is done) and drops the open
    /// one. Call after the writer has stopped; readers then find no segments.
    /// </summary>
    public void Dispose()
    {
        buffer.Reset();
        segmentOpen = false;
        foreach (var segment in retained)
        {
            segment.Release();
        }

        retained.Clear();
        Volatile.Write(ref window, HlsWindow.Empty);
    }

    /// <summary>Publishes the open segment, so the last seconds before a stop are not lost.</summary>
    public void Flush()
    {
        if (segmentOpen && lastVideoDts != long.MinValue)
        {
            Publish(lastVideoDts + lastFrameDuration);
        }
    }

    /// <summary>Closes what we have at its last frame and waits for the source's next IDR, marked as a discontinuity.</summary>
    private void CloseForRestart()
    {
        if (lastVideoDts == long.MinValue)
        {
            return;
        }

        if (segmentOpen)
        {
            Publish(lastVideoDts + lastFrameDuration);
        }

        pendingDiscontinuity = true;
        lastVideoDts = long.MinValue;
    }

    private bool Drop()
    {
        DroppedFrames++;
        return false;
    }

    private void Open(long dts)
    {
        buffer.Reset(); // bytes of a segment that could not be opened, if any
        muxer.WriteTables(buffer);
        segmentOpen = true;
        segmentStartDts = dts;
        segmentDiscontinuity = pendingDiscontinuity && nextSequence > 0;
        pendingDiscontinuity = false;
    }

    /// <summary>
    /// RFC 6381 codecs of every stream the segments carry (RFC 8216 §4.3.4.2: CODECS lists all of them); none
    /// at all while the video profile is unknown, since a list without the video would mislead the player.
    /// </summary>
    private string? Codecs(H264.SequenceParameterSet? sps) =>
        sps is null ? null : tracks.Audio is { } audio ? sps.CodecString + "," + audio.CodecString : sps.CodecString;

    /// <summary>A segment already out of the playlist that may go: by count when configured, else by the RFC's time.</summary>
    private bool Expired(int index) => options.ExtraRetainedSegments is { } extra
        ? index < retained.Count - options.PlaylistSegments - extra
        : mediaClock >= retained[index].ExpiresAt - 1e-6;

    private void Publish(long endDts)
    {
        var duration = Math.Max(endDts - segmentStartDts, 1) / 90_000.0;
        var segment = new HlsSegment(nextSequence++, buffer.Detach(), pool, duration, segmentDiscontinuity, segmentStartDts);
        segmentOpen = false;

        retained.Add(segment);
        mediaClock += duration;
        var listedCount = options.PlaylistSegments;
        if (retained.Count > listedCount)
        {
            // This publish scrolls one segment out of the listed window.
            var leaving = retained[^(listedCount + 1)];
            if (leaving.Discontinuity)
            {
                discontinuitySequence++; // its EXT-X-DISCONTINUITY leaves the playlist (RFC 8216 §6.2.1)
            }

            // RFC 8216 §6.2.2: still available for its duration plus the longest playlist that listed it, from now.
            leaving.ExpiresAt = mediaClock + leaving.Duration + leaving.LongestPlaylist;
        }

        var playlistDuration = 0.0;
        for (var i = Math.Max(0, retained.Count - listedCount); i < retained.Count; i++)
        {
            playlistDuration += retained[i].Duration;
        }

        for (var i = Math.Max(0, retained.Count - listedCount); i < retained.Count; i++)
        {
            retained[i].LongestPlaylist = Math.Max(retained[i].LongestPlaylist, playlistDuration);
        }

        // Leavers are due in any order when durations differ: drop each as it falls due, not only the oldest.
        for (var i = retained.Count - listedCount - 1; i >= 0; i--)
        {
            if (Expired(i))
            {
                retained[i].Release(); // back to the pool now, or when the last reader still sending it is done
                retained.RemoveAt(i);
            }
        }

        var listed = retained.Count > listedCount ? retained.GetRange(retained.Count - listedCount, listedCount) : [.. retained];
        maxTargetDuration = Math.Max(maxTargetDuration, (int)Math.Round(duration, MidpointRounding.AwayFromZero));
        peakBandwidth = Math.Max(peakBandwidth, (long)(segment.Length * 8 / duration));
        var sps = muxer.Sps;
        var next = new HlsWindow(
            listed, [.. retained], discontinuitySequence, maxTargetDuration, Codecs(sps), sps?.Width ?? 0, sps?.Height ?? 0, peakBandwidth);
        Volatile.Write(ref window, next);
        SegmentPublished?.Invoke(next);
    }
}
