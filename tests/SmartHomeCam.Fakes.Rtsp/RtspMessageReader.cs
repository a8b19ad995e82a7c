using System.Text;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>Reads requests and interleaved frames off an RTSP connection; a malformed request is an error, EOF is null.</summary>
internal sealed class RtspMessageReader(Stream stream)
{
    private const int MaxHead = 16 * 1024;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next <see cref="RtspRequest"/> or <see cref="RtspInterleaved"/>, or null at end of stream.</summary>
    public async Task<object?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_start < _end && (_buffer[_start] == '\r' || _buffer[_start] == '\n'))
            {
                _start++;
            }

            var available = _end - _start;
            if (available > 0 && _buffer[_start] == '$')
            {
                if (available >= 4)
                {
                    var length = (_buffer[_start + 2] << 8) | _buffer[_start + 3];
                    if (available >= 4 + length)
                    {
                        var frame = new RtspInterleaved(_buffer[_start + 1], _buffer.AsSpan(_start + 4, length).ToArray());
                        _start += 4 + length;
                        return frame;
                    }
                }
            }
            else if (available > 0)
            {
                var head = _buffer.AsSpan(_start, available).IndexOf("\r\n\r\n"u8);
                if (head >= 0)
                {
                    var request = Parse(Encoding.UTF8.GetString(_buffer, _start, head));
                    var contentLength = int.TryParse(request.Header("Content-Length"), out var cl) ? cl : 0;
                    if (contentLength < 0 || contentLength > 32 * 1024)
                    {
                        throw new InvalidDataException("Bad Content-Length.");
                    }

                    if (available >= head + 4 + contentLength)
                    {
                        var body = _buffer.AsSpan(_start + head + 4, contentLength).ToArray();
                        _start += head + 4 + contentLength;
                        return request with { Body = body };
                    }
                }
                else if (available > MaxHead)
                {
                    throw new InvalidDataException("RTSP request head too long.");
                }
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidDataException("RTSP message too long.");
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }

    private static RtspRequest Parse(string head)
    {
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("RTSP/", StringComparison.Ordinal))
        {
            throw new InvalidDataException("Bad RTSP request line: " + lines[0]);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return new RtspRequest(parts[0], parts[1], headers, []);
    }
}
