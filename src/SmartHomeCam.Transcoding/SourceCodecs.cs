namespace SmartHomeCam.Transcoding;

/// <summary>
/// What a camera declares it sends, in ffmpeg's codec names (<c>h264</c>, <c>hevc</c>, <c>aac</c>, <c>opus</c>,
/// <c>pcm_mulaw</c>, …): from an RTSP SDP, a provider's API, or ffprobe. Audio null = no audio track. The
/// optional numbers refine the output (an AAC track is copied only when its sample rate is known; video taller
/// than 1080 lines is scaled down to stay within H.264 level 4.1).
/// </summary>
public sealed record SourceCodecs(string Video, string? Audio = null, int? AudioSampleRate = null, int? AudioChannels = null, int? VideoHeight = null);
