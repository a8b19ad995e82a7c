using SmartHomeCam.NestLegacy.Protocol.Messages;

namespace SmartHomeCam.NestLegacy.Streaming;

/// <summary>What ERROR codes and PLAYBACK_END reasons (spec §4, §7) mean for a viewer.</summary>
internal static class NexusOutcomes
{
    public static NexusStreamEnded FromError(ErrorMessage error) => error.Code switch
    {
        ErrorCode.CameraNotConnected => new("The camera is offline: Nest says it is not connected.", fatal: true),
        ErrorCode.AuthorizationFailed => new("Nest refused the credentials twice: paste a fresh cookie or token for this connection.", fatal: true),
        ErrorCode.IllegalPacket => new("Nest rejected a packet as illegal" + Detail(error), fatal: false),
        ErrorCode.NoTranscoderAvailable => new("Nest has no transcoder available" + Detail(error), fatal: false),
        ErrorCode.TranscodeProxyError => new("Nest's transcode proxy failed" + Detail(error), fatal: false),
        _ => new("Nest reported an internal error" + Detail(error), fatal: false),
    };

    public static NexusStreamEnded FromEnd(PlaybackEnd end) => end.Reason switch
    {
        PlaybackEndReason.LeafNodeCannotReachCamera => new("The camera is offline: Nest cannot reach it.", fatal: true),
        PlaybackEndReason.ProfileNotAvailable => new("The camera does not offer the requested stream profile.", fatal: false),
        PlaybackEndReason.TimeNotAvailable => new("Nest ended the stream: time not available.", fatal: false),
        PlaybackEndReason.TranscodeNotAvailable => new("Nest ended the stream: transcoding not available.", fatal: false),
        PlaybackEndReason.SessionComplete => new("Nest ended the stream session.", fatal: false),
        _ => new($"Nest ended the stream ({end.Reason}).", fatal: false),
    };

    private static string Detail(ErrorMessage error) => string.IsNullOrWhiteSpace(error.Message) ? "." : $": {Trim(error.Message)}.";

    /// <summary>Server text goes into logs and the dashboard: keep it short and printable.</summary>
    private static string Trim(string text) => new(text.Where(c => !char.IsControl(c)).Take(200).ToArray());
}
