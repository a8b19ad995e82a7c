using SmartHomeCam.NestLegacy.Protocol.Messages;

namespace SmartHomeCam.NestLegacy.Streaming;

/// <summary>
/// START_PLAYBACK's profiles (spec §5): the best video profile the camera lists as primary, every listed video
/// profile as the alternatives, and AUDIO_AAC when audio is wanted.
/// </summary>
internal static class ProfileChoice
{
    private const string CapabilityPrefix = "streaming.cameraprofile.";

    /// <summary>Best first.</summary>
    private static readonly StreamProfile[] Preference =
    [
        StreamProfile.VideoH264Mbit2L40, StreamProfile.VideoH264L40, StreamProfile.VideoH264L31, StreamProfile.VideoH264Kbit530L31,
        StreamProfile.AvProfileHdMain1, StreamProfile.VideoH264Kbit100L30, StreamProfile.AvProfileMobile1, StreamProfile.VideoH264Kbit50L12,
    ];

    /// <summary>The camera's video profiles, best first; <paramref name="excluded"/> were refused by the server.</summary>
    public static IReadOnlyList<StreamProfile> VideoProfiles(IEnumerable<string> capabilities, IReadOnlyCollection<StreamProfile> excluded)
    {
        var listed = capabilities
            .Where(c => c.StartsWith(CapabilityPrefix, StringComparison.Ordinal))
            .Select(c => Parse(c[CapabilityPrefix.Length..]))
            .Where(p => p is not null).Select(p => p!.Value).ToHashSet();
        if (listed.Count == 0)
        {
            listed = [StreamProfile.VideoH264Mbit2L40, StreamProfile.VideoH264Kbit530L31, StreamProfile.VideoH264Kbit100L30];
        }

        return Preference.Where(listed.Contains).Where(p => !excluded.Contains(p)).ToList();
    }

    public static StartPlayback Request(uint sessionId, IReadOnlyList<StreamProfile> video, bool audio)
    {
        var start = new StartPlayback { SessionId = sessionId, Profile = video[0] };
        start.OtherProfiles.AddRange(video);
        if (audio)
        {
            start.OtherProfiles.Add(StreamProfile.AudioAac);
        }

        return start;
    }

    /// <summary>"VIDEO_H264_2MBIT_L40" → the enum; unknown names are skipped (as foggycam does).</summary>
    private static StreamProfile? Parse(string name) => name switch
    {
        "AVPROFILE_MOBILE_1" => StreamProfile.AvProfileMobile1,
        "AVPROFILE_HD_MAIN_1" => StreamProfile.AvProfileHdMain1,
        "VIDEO_H264_50KBIT_L12" => StreamProfile.VideoH264Kbit50L12,
        "VIDEO_H264_530KBIT_L31" => StreamProfile.VideoH264Kbit530L31,
        "VIDEO_H264_100KBIT_L30" => StreamProfile.VideoH264Kbit100L30,
        "VIDEO_H264_2MBIT_L40" => StreamProfile.VideoH264Mbit2L40,
        "VIDEO_H264_L31" => StreamProfile.VideoH264L31,
        "VIDEO_H264_L40" => StreamProfile.VideoH264L40,
        _ => null,
    };
}
