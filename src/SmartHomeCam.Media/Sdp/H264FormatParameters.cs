using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Media.Sdp;

/// <summary>The H.264 payload format parameters of RFC 6184 §8.1 that matter to a receiver.</summary>
public static class H264FormatParameters
{
    /// <summary>
    /// <c>sprop-parameter-sets</c> (comma-separated base64 NAL units) as one Annex B buffer, SPS first; empty when
    /// absent or unreadable (then the parameter sets must come in-band).
    /// </summary>
    public static byte[] ParameterSets(SdpMedia media)
    {
        var sprop = media.Parameter("sprop-parameter-sets");
        if (string.IsNullOrWhiteSpace(sprop))
        {
            return [];
        }

        var nals = new List<byte[]>();
        foreach (var part in sprop.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var buffer = new byte[(part.Length * 3 / 4) + 3];
            if (Convert.TryFromBase64String(part, buffer, out var written) && written > 0 &&
                NalUnitType.Of(buffer) is NalUnitType.Sps or NalUnitType.Pps)
            {
                nals.Add(buffer[..written]);
            }
        }

        // SPS before PPS whatever order the camera listed them in.
        return [.. nals.OrderBy(n => NalUnitType.Of(n) == NalUnitType.Sps ? 0 : 1).SelectMany(n => AnnexB.StartCode.ToArray().Concat(n))];
    }
}
