using System.Globalization;

namespace SmartHomeCam.WebRtc.Sdp;

/// <summary>
/// A parsed SDP (RFC 8866): session-level attributes and the m= sections. Parsing is tolerant of what real
/// peers send (LF or CRLF, unknown lines, foundation-less candidates) and strict about what it must understand:
/// anything that is not SDP throws <see cref="SdpException"/>.
/// </summary>
public sealed class SessionDescription
{
    public const int MaxLength = 64 * 1024;

    public List<SdpAttributeLine> Attributes { get; } = [];

    public List<SdpMedia> Media { get; } = [];

    public string? Attribute(string name) => Attributes.Find(a => a.Name == name)?.Value;

    /// <summary>An attribute of the section, falling back to the session level (ice-ufrag, ice-pwd, fingerprint, setup).</summary>
    public string? MediaOrSession(SdpMedia media, string name)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Attribute(name) ?? Attribute(name);
    }

    public static SessionDescription Parse(string text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            throw new SdpException("The SDP is empty or too long.");
        }

        var sdp = new SessionDescription();
        SdpMedia? current = null;
        var sawVersion = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=')
            {
                throw new SdpException("A line is not of the form x=value.");
            }

            var value = line[2..];
            switch (line[0])
            {
                case 'v':
                    if (value != "0")
                    {
                        throw new SdpException("Only SDP version 0 is known.");
                    }

                    sawVersion = true;
                    break;
                case 'm':
                    current = ParseMedia(value);
                    sdp.Media.Add(current);
                    break;
                case 'a':
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    var attribute = colon < 0 ? new SdpAttributeLine(value, null) : new SdpAttributeLine(value[..colon], value[(colon + 1)..]);
                    (current?.Attributes ?? sdp.Attributes).Add(attribute);
                    break;
            }
        }

        if (!sawVersion)
        {
            throw new SdpException("The SDP has no v= line.");
        }

        return sdp;
    }

    private static SdpMedia ParseMedia(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || !int.TryParse(parts[1].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new SdpException("An m= line is malformed.");
        }

        return new SdpMedia { Kind = parts[0], Port = port, Protocol = parts[2], Formats = parts[3..] };
    }
}
