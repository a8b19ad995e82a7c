using System.Globalization;
using System.Text;

namespace SmartHomeCam.Rtsp.Protocol;

/// <summary>
/// Splits the bytes arriving on an RTSP connection into interleaved binary frames (<c>$</c>, channel, 16-bit
/// length: RFC 2326 §10.12) and text messages (start line, headers, Content-Length body). Tolerant: bare LF line
/// ends, header folding, odd spacing, bytes of garbage between messages (skipped to the next plausible start).
/// Bounded: a header section or body over the caps is a protocol error.
/// </summary>
internal static class RtspMessageParser
{
    public const int MaxHeaderBytes = 16 * 1024;
    public const int MaxBodyBytes = 256 * 1024;

    public enum Kind
    {
        NeedMore,
        Interleaved,
        Response,
        Request,
        Skip,
    }

    /// <summary>
    /// Looks at the start of <paramref name="data"/>. Returns what is there and how many bytes it takes
    /// (<paramref name="consumed"/>); for <see cref="Kind.Interleaved"/> the payload is at 4..consumed.
    /// </summary>
    public static Kind Peek(ReadOnlySpan<byte> data, out int consumed, out int channel, out RtspResponse? message, out string? requestLine)
    {
        consumed = 0;
        channel = 0;
        message = null;
        requestLine = null;
        if (data.IsEmpty)
        {
            return Kind.NeedMore;
        }

        if (data[0] == (byte)'$')
        {
            if (data.Length < 4)
            {
                return Kind.NeedMore;
            }

            var length = (data[2] << 8) | data[3];
            if (data.Length < 4 + length)
            {
                return Kind.NeedMore;
            }

            channel = data[1];
            consumed = 4 + length;
            return Kind.Interleaved;
        }

        if (data[0] is < (byte)'A' or > (byte)'Z')
        {
            // Not '$' and not the start of a text message: skip to the next candidate.
            var next = data[1..].IndexOfAny((byte)'$', (byte)'R');
            consumed = next < 0 ? data.Length : next + 1;
            return Kind.Skip;
        }

        var end = FindHeaderEnd(data, out var terminatorLength);
        if (end < 0)
        {
            if (data.Length > MaxHeaderBytes)
            {
                throw new RtspProtocolException($"RTSP header section longer than {MaxHeaderBytes} bytes");
            }

            return Kind.NeedMore;
        }

        var head = Encoding.UTF8.GetString(data[..end]);
        var lines = Unfold(head.Split('\n').Select(l => l.TrimEnd('\r')).ToList());
        var startLine = lines.Count > 0 ? lines[0].Trim() : "";
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && headers.Count < 100)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        var contentLength = 0;
        var lengthHeader = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (lengthHeader is not null && (!int.TryParse(lengthHeader, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength) || contentLength > MaxBodyBytes))
        {
            throw new RtspProtocolException($"Unusable RTSP Content-Length '{lengthHeader}'");
        }

        var bodyStart = end + terminatorLength;
        if (data.Length < bodyStart + contentLength)
        {
            return Kind.NeedMore;
        }

        consumed = bodyStart + contentLength;
        if (!startLine.StartsWith("RTSP/", StringComparison.OrdinalIgnoreCase))
        {
            requestLine = startLine;
            message = new RtspResponse(0, "", headers, "");
            return Kind.Request;
        }

        // RTSP/1.0 200 OK  (reason optional)
        var parts = startLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status is < 100 or > 999)
        {
            throw new RtspProtocolException("Unreadable RTSP status line");
        }

        var body = contentLength > 0 ? Encoding.UTF8.GetString(data.Slice(bodyStart, contentLength)) : "";
        message = new RtspResponse(status, parts.Length > 2 ? parts[2] : "", headers, body);
        return Kind.Response;
    }

    private static int FindHeaderEnd(ReadOnlySpan<byte> data, out int terminatorLength)
    {
        var limit = Math.Min(data.Length, MaxHeaderBytes + 4);
        for (var i = 0; i < limit - 1; i++)
        {
            if (data[i] != (byte)'\n')
            {
                continue;
            }

            if (data[i + 1] == (byte)'\n')
            {
                terminatorLength = 2;
                return i;
            }

            if (i + 2 < limit && data[i + 1] == (byte)'\r' && data[i + 2] == (byte)'\n')
            {
                terminatorLength = 3;
                return i;
            }
        }

        terminatorLength = 0;
        return -1;
    }

    private static List<string> Unfold(List<string> lines)
    {
        var result = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && result.Count > 1)
            {
                result[^1] += " " + line.Trim(); // obsolete header folding
            }
            else if (line.Length > 0)
            {
                result.Add(line);
            }
        }

        return result;
    }
}
