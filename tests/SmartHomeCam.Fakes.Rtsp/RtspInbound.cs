namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>One RTSP request as received (RFC 2326 §6); header names compare case-insensitively.</summary>
internal sealed record RtspRequest(string Method, string Target, Dictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string CSeq => Header("CSeq") ?? "0";
}

/// <summary>A client's interleaved frame (RFC 2326 §10.12): RTCP on an odd channel.</summary>
internal sealed record RtspInterleaved(int Channel, byte[] Data);
