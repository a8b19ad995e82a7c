using SmartHomeCam.Media.H264;
using SmartHomeCam.Media.Sdp;

namespace SmartHomeCam.Media.Rtp;

/// <summary>The H.265 payload format parameters of RFC 7798 §7.1 that matter to a receiver.</summary>
public static class H265FormatParameters
{
    /// <summary>
    /// <c>sprop-vps</c>, <c>sprop-sps</c> and <c>sprop-pps</c> (each comma-separated base64 NAL units) as one Annex B
    /// buffer in that order; empty when absent or unreadable (then they must come in-band).
    /// </summary>
    public static byte[] ParameterSets(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        var output = new List<byte>();
        foreach (var (name, type) in new[] { ("sprop-vps", H265NalType.Vps), ("sprop-sps", H265NalType.Sps), ("sprop-pps", H265NalType.Pps) })
        {
            var value = media.Parameter(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var buffer = new byte[(part.Length * 3 / 4) + 3];
                if (Convert.TryFromBase64String(part, buffer, out var written) && written > 2 && H265NalType.Of(buffer) == type)
                {
                    output.AddRange(AnnexB.StartCode);
                    output.AddRange(buffer.AsSpan(0, written));
                }
            }
        }

        return [.. output];
    }

    /// <summary>
    /// True when the camera sends decoding-order numbers (<c>sprop-max-don-diff</c> &gt; 0, RFC 7798 §4.4): a
    /// layout we do not depacketize.
    /// </summary>
    public static bool UsesDecodingOrderNumbers(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return int.TryParse(media.Parameter("sprop-max-don-diff"), System.Globalization.CultureInfo.InvariantCulture, out var diff) && diff > 0;
    }
}
