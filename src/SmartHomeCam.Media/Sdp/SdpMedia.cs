namespace SmartHomeCam.Media.Sdp;

/// <summary>
/// One <c>m=</c> section of a session description (RFC 8866 §5.14) with the attributes an RTSP client needs: the
/// first payload type's <c>a=rtpmap</c> (encoding, clock rate, channels), its <c>a=fmtp</c> parameters and the
/// <c>a=control</c> URL (RFC 2326 §C.1.1).
/// </summary>
public sealed record SdpMedia(
    string Kind,
    string Protocol,
    int PayloadType,
    string EncodingName,
    int ClockRate,
    int Channels,
    string? Control,
    IReadOnlyDictionary<string, string> FormatParameters)
{
    public bool IsVideo => Kind.Equals("video", StringComparison.OrdinalIgnoreCase);

    public bool IsAudio => Kind.Equals("audio", StringComparison.OrdinalIgnoreCase);

    /// <summary>The fmtp parameter, case-insensitively (cameras spell them variously).</summary>
    public string? Parameter(string name) => FormatParameters.TryGetValue(name, out var value) ? value : null;

    public bool Is(string encodingName) => EncodingName.Equals(encodingName, StringComparison.OrdinalIgnoreCase);
}
