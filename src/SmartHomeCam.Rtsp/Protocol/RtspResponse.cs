using System.Globalization;

namespace SmartHomeCam.Rtsp.Protocol;

/// <summary>One RTSP response (RFC 2326 §7): status, headers (case-insensitive, repeated ones kept) and body.</summary>
internal sealed class RtspResponse(int statusCode, string reason, IReadOnlyList<KeyValuePair<string, string>> headers, string body)
{
    public int StatusCode { get; } = statusCode;

    public string Reason { get; } = reason;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = headers;

    public string Body { get; } = body;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    public IEnumerable<string> AllHeaders(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public int? CSeq => int.TryParse(Header("CSeq"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
