using System.Globalization;

namespace SmartHomeCam.Media.Sdp;

/// <summary>
/// A tolerant SDP reader (RFC 8866): unknown lines are skipped, CR LF or bare LF both end a line, and a line it
/// cannot read leaves that attribute out rather than failing the whole description. Only structure that makes
/// the description unusable (no media at all) makes <see cref="TryParse"/> return null.
/// </summary>
public static class SdpParser
{
    /// <summary>Descriptions larger than this are refused (a camera's is a few hundred bytes).</summary>
    public const int MaxLength = 64 * 1024;

    private const int MaxMedia = 16;

    public static SdpSession? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return null;
        }

        string? sessionControl = null;
        var media = new List<SdpMedia>();
        MediaBuilder? current = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r', ' ', '\t');
            if (line.Length < 2 || line[1] != '=')
            {
                continue;
            }

            var value = line[2..];
            switch (line[0])
            {
                case 'm':
                    if (current?.Build() is { } done)
                    {
                        media.Add(done);
                    }

                    current = media.Count < MaxMedia ? MediaBuilder.FromMediaLine(value) : null;
                    break;
                case 'a' when current is null:
                    if (value.StartsWith("control:", StringComparison.OrdinalIgnoreCase))
                    {
                        sessionControl = value["control:".Length..].Trim();
                    }

                    break;
                case 'a':
                    current.AddAttribute(value);
                    break;
            }
        }

        if (current?.Build() is { } last)
        {
            media.Add(last);
        }

        return media.Count == 0 ? null : new SdpSession(sessionControl, media);
    }

    /// <summary>Collects one media section's lines; static payload types get their RFC 3551 rtpmap by default.</summary>
    private sealed class MediaBuilder
    {
        private readonly string _kind;
        private readonly string _protocol;
        private readonly int _payloadType;
        private readonly Dictionary<string, string> _fmtp = new(StringComparer.OrdinalIgnoreCase);
        private string _encoding;
        private int _clockRate;
        private int _channels = 1;
        private string? _control;

        private MediaBuilder(string kind, string protocol, int payloadType)
        {
            _kind = kind;
            _protocol = protocol;
            _payloadType = payloadType;
            (_encoding, _clockRate) = payloadType switch
            {
                0 => ("PCMU", 8000),
                8 => ("PCMA", 8000),
                14 => ("MPA", 90000),
                26 => ("JPEG", 90000),
                33 => ("MP2T", 90000),
                _ => ("", 0),
            };
        }

        public static MediaBuilder? FromMediaLine(string value)
        {
            // m=<media> <port>[/n] <proto> <fmt> ...
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 4 || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127)
            {
                return null;
            }

            return new MediaBuilder(parts[0], parts[2], pt);
        }

        public void AddAttribute(string value)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return;
            }

            var name = value[..colon];
            var rest = value[(colon + 1)..].Trim();
            if (name.Equals("control", StringComparison.OrdinalIgnoreCase))
            {
                _control = rest;
            }
            else if (name.Equals("rtpmap", StringComparison.OrdinalIgnoreCase) && ForOurPayload(rest, out var map))
            {
                // <encoding>/<clock rate>[/<channels>]
                var fields = map.Split('/');
                _encoding = fields[0].Trim();
                _clockRate = fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rate) ? rate : 0;
                _channels = fields.Length > 2 && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ch) && ch is > 0 and <= 8 ? ch : 1;
            }
            else if (name.Equals("fmtp", StringComparison.OrdinalIgnoreCase) && ForOurPayload(rest, out var parameters))
            {
                foreach (var pair in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0 && _fmtp.Count < 64)
                    {
                        _fmtp[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
                    }
                }
            }
        }

        public SdpMedia? Build() => new(_kind, _protocol, _payloadType, _encoding, _clockRate, _channels, _control, _fmtp);

        private bool ForOurPayload(string rest, out string remainder)
        {
            remainder = "";
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !int.TryParse(rest.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt != _payloadType)
            {
                return false;
            }

            remainder = rest[(space + 1)..].Trim();
            return true;
        }
    }
}
