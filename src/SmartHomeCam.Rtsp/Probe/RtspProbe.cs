using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media.H264;
using SmartHomeCam.Media.Rtp;

namespace SmartHomeCam.Rtsp.Probe;

/// <summary>
/// Checks that a URL is a camera we can play: connects exactly as a capture would (same client, same auth),
/// reads the SPS (from the SDP, else from the first IDR) for the resolution, then tears the session down.
/// Failures become <see cref="RtspProbeException"/> with a plain-words message: unreachable, unauthorised,
/// not found, or not playable on Cast (anything but H.264).
/// </summary>
public static class RtspProbe
{
    public static Task<RtspProbeResult> ProbeAsync(
        RtspSourceOptions options, ILogger<RtspCameraSource>? logger = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ProbeAsync(options, transcode: false, logger, timeout, cancellationToken);

    /// <param name="transcode">
    /// Accept an H.265 camera (with G.711 / L16 / AAC audio) for the transcode fallback: the probe then waits for a
    /// depacketized IRAP picture and reads its size from the H.265 SPS.
    /// </param>
    public static async Task<RtspProbeResult> ProbeAsync(
        RtspSourceOptions options, bool transcode, ILogger<RtspCameraSource>? logger = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        var source = new RtspCameraSource(options with { Audio = true, ForTranscoder = transcode }, logger);
        await using (source.ConfigureAwait(false))
        {
            try
            {
                var tracks = await source.OpenAsync(bound.Token).ConfigureAwait(false);
                if (source.VideoCodec == "hevc")
                {
                    return await ProbeH265Async(source, tracks, bound.Token).ConfigureAwait(false);
                }

                if (source.CurrentSps.Length == 0)
                {
                    await foreach (var frame in source.ReadAsync(bound.Token).ConfigureAwait(false))
                    {
                        if (frame.IsKeyframe && source.CurrentSps.Length > 0)
                        {
                            break;
                        }
                    }
                }

                var sps = SpsParser.TryParse(source.CurrentSps)
                    ?? throw new RtspProbeException(RtspProbeFailure.NotPlayable, "The camera's H.264 stream has no readable sequence parameter set");
                return new RtspProbeResult("H.264", sps.Width, sps.Height, tracks.Audio is null ? null : "AAC");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RtspProbeException(RtspProbeFailure.Unreachable, "The camera is unreachable: it did not answer in time");
            }
            catch (CameraSourceException e)
            {
                throw Describe(e);
            }
        }
    }

    private static async Task<RtspProbeResult> ProbeH265Async(RtspCameraSource source, SmartHomeCam.Media.MediaTracks tracks, CancellationToken cancellationToken)
    {
        await foreach (var frame in source.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (frame.Kind != SmartHomeCam.Media.MediaKind.Video || !frame.IsKeyframe)
            {
                continue;
            }

            foreach (var nal in AnnexB.EnumerateNalUnits(frame.Data.Span))
            {
                if (H265SpsParser.TryParseSize(nal) is { } size)
                {
                    var audio = tracks.Audio is not null ? "AAC" : source.RawAudio is { } raw ? raw.Codec + " → AAC" : null;
                    return new RtspProbeResult("H.265 → H.264", size.Width, size.Height, audio);
                }
            }

            throw new RtspProbeException(RtspProbeFailure.NotPlayable, "The camera's H.265 stream has no readable sequence parameter set");
        }

        throw new RtspProbeException(RtspProbeFailure.Unreachable, "The camera's stream ended before its first H.265 picture");
    }

    private static RtspProbeException Describe(CameraSourceException e) => e.InnerException switch
    {
        RtspStatusException { StatusCode: 401 or 403 } status =>
            new(RtspProbeFailure.Unauthorized, $"The camera says unauthorised ({status.StatusCode}): check the user name and password", e),
        RtspStatusException { StatusCode: 404 } =>
            new(RtspProbeFailure.NotFound, "The camera has no stream at that path (404): check the URL", e),
        RtspStatusException status =>
            new(RtspProbeFailure.Other, $"The camera refused the stream: {status.StatusCode} {status.Reason}", e),
        RtspUnsupportedCodecException codec => new(RtspProbeFailure.NotPlayable, codec.Message, e),
        SocketException or TimeoutException or IOException or System.Security.Authentication.AuthenticationException =>
            new(RtspProbeFailure.Unreachable, $"The camera is unreachable: {e.InnerException.Message}", e),
        _ => new(RtspProbeFailure.Other, e.Message, e),
    };
}
