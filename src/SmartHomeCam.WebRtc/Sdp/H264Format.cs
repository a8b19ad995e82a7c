using System.Globalization;

namespace SmartHomeCam.WebRtc.Sdp;

/// <summary>An H.264 payload type of an offer with its fmtp parameters (RFC 6184 §8.1).</summary>
public sealed record H264Format(int PayloadType, int PacketizationMode, int? ProfileIdc, string? ProfileLevelId)
{
    /// <summary>The H.264/90000 formats of a video section, in the offerer's order.</summary>
    public static IReadOnlyList<H264Format> Find(SdpMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        var found = new List<H264Format>();
        foreach (var rtpmap in media.AttributeValues("rtpmap"))
        {
            var space = rtpmap.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || !int.TryParse(rtpmap.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt) ||
                !rtpmap.AsSpan(space + 1).Trim().Equals("H264/90000", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var prefix = pt.ToString(CultureInfo.InvariantCulture) + " ";
            var fmtp = media.AttributeValues("fmtp").FirstOrDefault(f => f.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..] ?? "";
            var mode = 0;
            string? profileLevel = null;
            foreach (var parameter in fmtp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = parameter.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    continue;
                }

                var key = parameter[..eq].Trim();
                var val = parameter[(eq + 1)..].Trim();
                if (key.Equals("packetization-mode", StringComparison.OrdinalIgnoreCase))
                {
                    _ = int.TryParse(val, NumberStyles.None, CultureInfo.InvariantCulture, out mode);
                }
                else if (key.Equals("profile-level-id", StringComparison.OrdinalIgnoreCase) && val.Length == 6)
                {
                    profileLevel = val;
                }
            }

            int? profile = profileLevel is not null && int.TryParse(profileLevel.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var p) ? p : null;
            found.Add(new H264Format(pt, mode, profile, profileLevel));
        }

        return found;
    }
}
