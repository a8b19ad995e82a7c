using System.Globalization;
using System.Text;

namespace SmartHomeCam.Media.Hls;

/// <summary>
/// An immutable view of a live stream's sliding window. The segmenter publishes a new one per finished
/// segment; readers on other threads take whichever is current, so no lock is held while serving.
/// </summary>
public sealed class HlsWindow
{
    private byte[]? mediaPlaylist;
    private byte[]? multivariantPlaylist;

    internal HlsWindow(
        IReadOnlyList<HlsSegment> segments, IReadOnlyList<HlsSegment> retained, long discontinuitySequence, int targetDuration,
        string? codecs, int width, int height, long peakBandwidth)
    {
        Segments = segments;
        Retained = retained;
        DiscontinuitySequence = discontinuitySequence;
        TargetDuration = targetDuration;
        Codecs = codecs;
        Width = width;
        Height = height;
        PeakBandwidth = peakBandwidth;
    }

    public static HlsWindow Empty { get; } = new([], [], 0, 1, null, 0, 0, 0);

    /// <summary>Segments listed in the playlist, oldest first.</summary>
    public IReadOnlyList<HlsSegment> Segments { get; }

    /// <summary>Listed segments plus a few that just left the window, still served to slow readers.</summary>
    public IReadOnlyList<HlsSegment> Retained { get; }

    public long MediaSequence => Segments.Count > 0 ? Segments[0].Sequence : 0;

    public long DiscontinuitySequence { get; }

    public int TargetDuration { get; }

    public string? Codecs { get; }

    public int Width { get; }

    public int Height { get; }

    public long PeakBandwidth { get; }

    public HlsSegment? Find(long sequence)
    {
        for (var i = Retained.Count - 1; i >= 0; i--)
        {
            if (Retained[i].Sequence == sequence)
            {
                return Retained[i];
            }
        }

        return null;
    }

    /// <summary>
    /// RFC 8216 media playlist. Segment URIs are relative (<paramref name="segmentPrefix"/> + sequence +
    /// <paramref name="segmentSuffix"/>) so a token in the path carries over; the caller owns the URL shape and
    /// passes the same shape every time (the bytes are rendered once per window).
    /// </summary>
    public byte[] MediaPlaylist(string segmentPrefix, string segmentSuffix) =>
        mediaPlaylist ??= Encoding.UTF8.GetBytes(BuildMediaPlaylist(segmentPrefix, segmentSuffix));

    /// <summary>Multivariant playlist with BANDWIDTH, CODECS (video from the SPS, plus audio) and RESOLUTION (RFC 8216 §4.3.4.2).</summary>
    public byte[] MultivariantPlaylist(string mediaPlaylistUri) => multivariantPlaylist ??= Encoding.UTF8.GetBytes(BuildMultivariant(mediaPlaylistUri));

    private string BuildMediaPlaylist(string segmentPrefix, string segmentSuffix)
    {
        var sb = new StringBuilder(256 + Segments.Count * 48);
        sb.Append("#EXTM3U\n#EXT-X-VERSION:3\n");
        sb.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{TargetDuration}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{MediaSequence}\n");
        if (DiscontinuitySequence > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#EXT-X-DISCONTINUITY-SEQUENCE:{DiscontinuitySequence}\n");
        }

        for (var i = 0; i < Segments.Count; i++)
        {
            var s = Segments[i];
            if (s.Discontinuity)
            {
                sb.Append("#EXT-X-DISCONTINUITY\n");
            }

            sb.Append(CultureInfo.InvariantCulture, $"#EXTINF:{s.Duration:0.000},\n{segmentPrefix}{s.Sequence}{segmentSuffix}\n");
        }

        return sb.ToString();
    }

    private string BuildMultivariant(string mediaPlaylistUri)
    {
        var sb = new StringBuilder(256);
        sb.Append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        sb.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={Math.Max(PeakBandwidth, 1)}");
        if (Codecs is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $",CODECS=\"{Codecs}\"");
        }

        if (Width > 0 && Height > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $",RESOLUTION={Width}x{Height}");
        }

        sb.Append('\n').Append(mediaPlaylistUri).Append('\n');
        return sb.ToString();
    }
}
