using FFMpegCore;

namespace SmartHomeCam.Testing;

/// <summary>
/// The ffmpeg/ffprobe checks the tests share, on FFMpegCore: decode a file or live URL and collect what ffmpeg
/// complained about, list a stream's packets. Anything more specific is written with <c>FFMpegArguments</c> /
/// <c>FFProbe</c> at the call site.
/// </summary>
public static class FfmpegOracle
{
    /// <summary>
    /// Global options that must precede the first input: FFMpegCore's <c>WithLogLevel</c> appends <c>-v</c> after the
    /// outputs, by when ffmpeg has already printed its banner, so a run meant to report only errors says so first.
    /// </summary>
    public const string ErrorsOnly = "-hide_banner -loglevel error";

    /// <summary>
    /// An input (a path, or a URL when it has a scheme) preceded by <see cref="ErrorsOnly"/>, so that the result's
    /// <c>StandardError</c> holds nothing but ffmpeg's errors.
    /// </summary>
    public static FFMpegArguments Input(string pathOrUrl, Action<FFMpegInputOptions>? options = null)
    {
        void Options(FFMpegInputOptions o)
        {
            o.WithCustomArgument(ErrorsOnly);
            options?.Invoke(o);
        }

        return Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var uri) && !uri.IsFile
            ? FFMpegArguments.FromUrlInput(uri, Options)
            : FFMpegArguments.FromFileInput(pathOrUrl, verifyExists: false, Options);
    }

    /// <summary>Runs ffmpeg without throwing on failure, stopping it (q, then kill) after <paramref name="timeout"/>.</summary>
    public static async Task<FFMpegResult> RunAsync(FFMpegArgumentProcessor processor, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(processor);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        return await processor.CancellableThrough(cts.Token, TimeSpan.FromSeconds(5))
            .ProcessAsynchronously(throwOnError: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Decodes <paramref name="pathOrUrl"/> (all of it, or the first <paramref name="duration"/>) to nothing — the
    /// oracle's "ffmpeg plays this": check <c>Success</c> and that <see cref="Errors"/> is empty.
    /// </summary>
    /// <remarks>
    /// The null muxer keeps the video in the demuxer's time base (<c>-enc_time_base:v -1</c>). By default it uses
    /// 1/frame-rate, where two frames less than a frame interval apart (a live source re-placed once by RTCP sender
    /// reports) land on one tick and ffmpeg reports "non monotonically increasing dts" although both decode.
    /// </remarks>
    public static Task<FFMpegResult> DecodeAsync(string pathOrUrl, TimeSpan? duration = null, Action<FFMpegInputOptions>? input = null, TimeSpan? timeout = null) =>
        RunAsync(Input(pathOrUrl, input).OutputToNull(o => o.WithDuration(duration).WithCustomArgument("-enc_time_base:v -1")), timeout);

    /// <summary>Copies the first <paramref name="duration"/> of <paramref name="pathOrUrl"/> into an MPEG-TS file.</summary>
    public static Task<FFMpegResult> RecordAsync(string pathOrUrl, string tsPath, TimeSpan duration, Action<FFMpegInputOptions>? input = null, TimeSpan? timeout = null) =>
        RunAsync(Input(pathOrUrl, input).OutputToFile(tsPath, overwrite: true, o => o.WithDuration(duration).CopyStreams().ForceFormat("mpegts")), timeout);

    /// <summary>What ffmpeg wrote to stderr, one line each (with <see cref="ErrorsOnly"/>: its errors).</summary>
    public static string Errors(this FFMpegResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Join('\n', result.StandardError).Trim();
    }

    /// <summary>The video packets of a file in file order (ffprobe <c>-show_packets -select_streams v</c>).</summary>
    public static async Task<IReadOnlyList<FFProbePacket>> VideoPacketsAsync(string path) =>
        (await FFProbe.GetPacketsAsync(path, customArguments: "-select_streams v").ConfigureAwait(false)).Packets;

    /// <summary>True when ffprobe marked the packet as a keyframe (its flags start with K).</summary>
    public static bool IsKey(this FFProbePacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return packet.Flags.StartsWith('K');
    }

}
