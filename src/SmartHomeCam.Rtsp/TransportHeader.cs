using System.Globalization;

namespace SmartHomeCam.Rtsp;

/// <summary>The parts of an RTSP <c>Transport</c> answer (RFC 2326 §12.39) we use.</summary>
internal sealed record TransportHeader(int? InterleavedRtp, int? InterleavedRtcp, int? ServerRtpPort, int? ServerRtcpPort, string? Source)
{
    public static TransportHeader Parse(string? value)
    {
        int? iRtp = null, iRtcp = null, sRtp = null, sRtcp = null;
        string? source = null;
        foreach (var part in (value ?? "").Split(';', StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            var name = part[..eq];
            var v = part[(eq + 1)..];
            if (name.Equals("interleaved", StringComparison.OrdinalIgnoreCase))
            {
                (iRtp, iRtcp) = Range(v);
            }
            else if (name.Equals("server_port", StringComparison.OrdinalIgnoreCase))
            {
                (sRtp, sRtcp) = Range(v);
            }
            else if (name.Equals("source", StringComparison.OrdinalIgnoreCase))
            {
                source = v;
            }
        }

        return new TransportHeader(iRtp, iRtcp, sRtp, sRtcp, source);
    }

    private static (int?, int?) Range(string value)
    {
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? value : value[..dash];
        if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var a) || a > 65535)
        {
            return (null, null);
        }

        var b = a + 1;
        if (dash >= 0 && int.TryParse(value.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= 65535)
        {
            b = parsed;
        }

        return (a, b);
    }
}
