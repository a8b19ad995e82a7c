using System.Globalization;

namespace SmartHomeCam.Streaming;

/// <summary>
/// The one place that knows what a stream URL looks like: <c>/streams/{token}/index.m3u8</c> (multivariant)
/// → <c>live.m3u8</c> → <c>seg{n}.ts</c>, all relative under the token path because the default Cast receiver
/// sends no headers (spec §3.6.6). Endpoints, grants, playlists and tests all build and parse URLs here.
/// </summary>
public static class StreamUrlShape
{
    public const string Root = "/streams";
    public const string TokenGroup = Root + "/{token}";
    public const string MultivariantName = "index.m3u8";
    public const string MediaPlaylistName = "live.m3u8";
    public const string SegmentPrefix = "seg";
    public const string SegmentSuffix = ".ts";

    /// <summary>Route constraint for a segment name: "seg", 1–18 digits, ".ts" (no sign, no traversal).</summary>
    public const string SegmentRouteTemplate = "{segment:regex(^seg[0-9]{{1,18}}\\.ts$)}";

    /// <summary>Path of the multivariant playlist: what Google hands the receiver.</summary>
    public static string PlaylistPath(string token) => $"{Root}/{token}/{MultivariantName}";

    public static string MediaPlaylistPath(string token) => $"{Root}/{token}/{MediaPlaylistName}";

    public static string SegmentName(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{SegmentPrefix}{sequence}{SegmentSuffix}");

    public static string SegmentPath(string token, long sequence) => $"{Root}/{token}/{SegmentName(sequence)}";

    /// <summary>The sequence number of a segment file name; false for anything else.</summary>
    public static bool TryParseSegment(string name, out long sequence)
    {
        sequence = 0;
        return name is not null
            && name.Length > SegmentPrefix.Length + SegmentSuffix.Length
            && name.StartsWith(SegmentPrefix, StringComparison.Ordinal)
            && name.EndsWith(SegmentSuffix, StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(SegmentPrefix.Length, name.Length - SegmentPrefix.Length - SegmentSuffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
