using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Exceptions;
using FFMpegCore.Pipes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.Media.TsDemux;

namespace SmartHomeCam.Transcoding;

/// <summary>
/// The transcode fallback as an <see cref="ICameraSource"/>: ffmpeg (through FFMpegCore) reads the camera's URL,
/// converts what the Cast receiver cannot play (<see cref="TranscodePlan"/>), and writes MPEG-TS to a pipe that
/// <see cref="TsDemuxer"/> turns back into frames with the stream's own timestamps, so the rest of the pipeline
/// (segmenter, HLS) is the one every camera uses. One ffmpeg process per open source; disposing kills it.
/// </summary>
public sealed class TranscodingCameraSource(TranscodingSourceOptions options, ILogger<TranscodingCameraSource>? logger = null) : ICameraSource
{
    private const int AacSampleRate = 48_000;
    private readonly ILogger logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly CancellationTokenSource stopping = new();
    private readonly Pipe pipe = new(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
    private readonly TsDemuxer demuxer = new();
    private Task<FFMpegResult>? process;
    private volatile string lastError = "";

    /// <summary>The plan chosen when the source opened.</summary>
    public TranscodePlan? Plan { get; private set; }

    /// <summary>Asks ffprobe what an input carries (its first video and audio stream).</summary>
    public static async Task<SourceCodecs> ProbeAsync(string input, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        IMediaAnalysis analysis;
        try
        {
            analysis = IsUrl(input)
                ? await FFProbe.AnalyseAsync(new Uri(input), cancellationToken: cancellationToken).ConfigureAwait(false)
                : await FFProbe.AnalyseAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FFMpegException or FileNotFoundException or IOException)
        {
            throw new CameraSourceException($"The camera stream could not be opened: {e.Message}", e);
        }

        var video = analysis.PrimaryVideoStream ?? throw new CameraSourceException("The camera stream has no video.");
        var audio = analysis.PrimaryAudioStream;
        return new SourceCodecs(video.CodecName ?? "unknown", audio?.CodecName, audio?.SampleRateHz, audio?.Channels, video.Height);
    }

    public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        var codecs = options.Codecs;
        if (codecs is null)
        {
            using var probing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
            probing.CancelAfter(options.ProbeTimeout);
            try
            {
                codecs = await ProbeAsync(options.Input, probing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CameraSourceException(FormattableString.Invariant($"The camera stream did not answer within {options.ProbeTimeout.TotalSeconds:0} s."), e);
            }
        }

        var plan = TranscodePlan.For(codecs);
        Plan = plan;
        var channels = Math.Clamp(codecs.AudioChannels ?? 1, 1, 2);
        var audioTrack = plan.Audio switch
        {
            TrackAction.Copy => new AacTrack(codecs.AudioSampleRate!.Value, codecs.AudioChannels ?? 1),
            TrackAction.Encode => new AacTrack(AacSampleRate, channels),
            _ => null,
        };
        logger.LogInformation("Transcoding camera stream: video {VideoCodec} → {Video}, audio {AudioCodec} → {Audio}.",
            codecs.Video, plan.Video, codecs.Audio ?? "none", plan.Audio);

        var sink = new StreamPipeSink(async (output, token) =>
        {
            try
            {
                await output.CopyToAsync(pipe.Writer, token).ConfigureAwait(false);
            }
            finally
            {
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
        });
        process = Input(options)
            .OutputToPipe(sink, o => Output(o, options, plan, codecs, channels))
            .WithLogLevel(FFMpegLogLevel.Error)
            .NotifyOnStandardError(line => lastError = line)
            .CancellableThrough(stopping.Token, TimeSpan.Zero)
            .ProcessAsynchronously(throwOnError: false, cancellationToken: CancellationToken.None); // stopped through CancellableThrough
        return new MediaTracks(H264Track.InBand, audioTrack);
    }

    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = pipe.Reader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                throw new CameraSourceException("The transcoder's output closed.", e);
            }

            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                var offset = 0;
                while (offset < segment.Length)
                {
                    offset += demuxer.Write(segment.Span[offset..]);
                    for (var i = 0; i < demuxer.Completed.Count; i++)
                    {
                        yield return demuxer.Completed[i];
                    }
                }
            }

            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        var exit = process is null ? null : await process.ConfigureAwait(false);
        throw new CameraSourceException(
            $"The transcoder stopped (ffmpeg exit code {exit?.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}): {lastError}");
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (process is not null)
        {
            await ((Task)process).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        demuxer.Dispose();
        stopping.Dispose();
    }

    /// <summary>
    /// The same ffmpeg run as this source's, writing its MPEG-TS to a file instead of our pipe: the plain-ffmpeg side
    /// of the transcode benchmark.
    /// </summary>
    public static FFMpegArgumentProcessor ToFile(TranscodingSourceOptions options, SourceCodecs codecs, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(codecs);
        var channels = Math.Clamp(codecs.AudioChannels ?? 1, 1, 2);
        return Input(options).OutputToFile(path, overwrite: true, o => Output(o, options, TranscodePlan.For(codecs), codecs, channels));
    }

    private static FFMpegArguments Input(TranscodingSourceOptions options)
    {
        void InputOptions(FFMpegInputOptions o)
        {
            if (options.Input.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase))
            {
                o.WithCustomArgument("-rtsp_transport tcp"); // interleaved: no UDP ports to open, no loss
            }

            if (options.Realtime)
            {
                o.WithCustomArgument("-re");
            }

            if (options.Loop)
            {
                o.WithStreamLoop(-1);
            }
        }

        return IsUrl(options.Input)
            ? FFMpegArguments.FromUrlInput(new Uri(options.Input), InputOptions)
            : FFMpegArguments.FromFileInput(options.Input, InputOptions);
    }

    /// <summary>The H.264 the Cast receiver plays: High@4.1, 8-bit 4:2:0, an IDR every interval, no lookahead delay.</summary>
    private static void Output(FFMpegOutputOptions o, TranscodingSourceOptions options, TranscodePlan plan, SourceCodecs codecs, int channels)
    {
        o.WithMap(0, StreamType.Video, 0);
        if (plan.Video == TrackAction.Copy)
        {
            o.CopyStreams(StreamType.Video, null);
        }
        else
        {
            o.WithVideoCodec(VideoCodec.LibX264)
                .WithSpeedPreset(EncoderPreset.VeryFast)
                .WithTune(EncoderTune.ZeroLatency)
                .WithVideoProfile(VideoProfile.High)
                .WithCustomArgument("-level:v 4.1 -pix_fmt yuv420p")
                .WithCustomArgument(FormattableString.Invariant($"-force_key_frames \"expr:gte(t,n_forced*{options.KeyframeInterval})\""));
            if (codecs.VideoHeight > 1080)
            {
                o.WithVideoFilters(f => f.Scale(-2, 1080));
            }
        }

        switch (plan.Audio)
        {
            case TrackAction.Copy:
                o.WithMap(0, StreamType.Audio, 0).CopyStreams(StreamType.Audio, null);
                break;
            case TrackAction.Encode:
                o.WithMap(0, StreamType.Audio, 0)
                    .WithAudioCodec(AudioCodec.Aac, null)
                    .WithAudioSamplingRate(AacSampleRate)
                    .WithAudioChannels(channels)
                    .WithAudioBitrate(96, null);
                break;
            default:
                o.DisableAudio();
                break;
        }

        o.ForceFormat("mpegts");
    }

    private static bool IsUrl(string input) => Uri.TryCreate(input, UriKind.Absolute, out var uri) && !uri.IsFile;
}
