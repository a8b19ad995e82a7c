using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Pipes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.Media.TsDemux;
using SmartHomeCam.Transcoding;

namespace SmartHomeCam.Rtsp.Transcoded;

/// <summary>
/// A generic RTSP camera with the transcode fallback: our RTSP client (receiver reports, keep-alive, TEARDOWN)
/// depacketizes the camera's H.265 (RFC 7798) and G.711 / L16 audio, ffmpeg (through FFMpegCore, two pipe inputs)
/// re-encodes them to H.264 High@4.1 and AAC (<see cref="TranscodePlan"/>), and its MPEG-TS output is demuxed back
/// into frames that keep the camera's own clock. AAC audio skips ffmpeg. An H.264 camera passes straight through
/// (no process). One ffmpeg process per open source; disposing stops it and tears the RTSP session down.
/// </summary>
public sealed class TranscodedRtspCameraSource : ICameraSource
{
    private const int AacSampleRate = 48_000;
    private readonly RtspCameraSource _camera;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Pipe _videoIn = new(new PipeOptions(pauseWriterThreshold: 8 << 20, resumeWriterThreshold: 4 << 20));
    private readonly Pipe _audioIn = new(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
    private readonly Pipe _output = new(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20));
    private readonly Channel<OutputFrame> _frames = Channel.CreateBounded<OutputFrame>(new BoundedChannelOptions(256) { SingleReader = true });
    private readonly TimestampQueue _videoTimestamps = new();
    private readonly TsDemuxer _demuxer = new();
    private Task<FFMpegResult>? _ffmpeg;
    private Task? _pump;
    private Task? _demux;
    private bool _passThrough;
    private long? _firstRawAudioPts;
    private long? _firstEncodedAudioPts;
    private volatile string _lastError = "";

    public TranscodedRtspCameraSource(RtspSourceOptions options, ILogger<RtspCameraSource>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _camera = new RtspCameraSource(options with { ForTranscoder = true }, logger, time);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>What happens to each track; null until opened, or when the camera plays without conversion.</summary>
    public TranscodePlan? Plan { get; private set; }

    /// <summary>Seconds between forced IDR frames in the H.264 output, so HLS can cut ~1 s segments.</summary>
    public double KeyframeInterval { get; init; } = 1;

    public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        var tracks = await _camera.OpenAsync(cancellationToken).ConfigureAwait(false);
        var raw = _camera.RawAudio;
        if (_camera.VideoCodec == "h264")
        {
            _passThrough = true;
            return tracks;
        }

        var plan = TranscodePlan.For(new SourceCodecs(_camera.VideoCodec, raw?.Codec ?? (tracks.Audio is null ? null : "aac"),
            raw?.SampleRate ?? tracks.Audio?.SampleRate, raw?.Channels ?? tracks.Audio?.Channels));
        Plan = plan;
        var channels = Math.Clamp(raw?.Channels ?? 1, 1, 2);
        _logger.LogInformation("Transcoding the RTSP camera's {Video}{Audio} to H.264{Output}", "H.265",
            raw is not null ? " + " + raw.Codec : tracks.Audio is not null ? " + AAC" : "", tracks.Audio is not null || raw is not null ? " + AAC" : "");

        var arguments = FFMpegArguments.FromPipeInput(new PipeReaderSource(_videoIn.Reader, "-f hevc"), o => o.WithCustomArgument("-fflags +nobuffer"));
        if (raw is not null)
        {
            arguments = arguments.AddPipeInput(new PipeReaderSource(_audioIn.Reader,
                string.Create(CultureInfo.InvariantCulture, $"-f {raw.Demuxer} -ar {raw.SampleRate} -ac {raw.Channels}")));
        }
        else
        {
            await _audioIn.Writer.CompleteAsync().ConfigureAwait(false);
        }

        var sink = new StreamPipeSink(async (output, token) =>
        {
            try
            {
                await output.CopyToAsync(_output.Writer, token).ConfigureAwait(false);
            }
            finally
            {
                await _output.Writer.CompleteAsync().ConfigureAwait(false);
            }
        });
        _ffmpeg = arguments
            .OutputToPipe(sink, o => Output(o, raw is not null, channels))
            .WithLogLevel(FFMpegLogLevel.Error)
            .NotifyOnStandardError(line => _lastError = line)
            .CancellableThrough(_stopping.Token, TimeSpan.Zero)
            .ProcessAsynchronously(throwOnError: false, cancellationToken: CancellationToken.None); // stopped through CancellableThrough
        _pump = Task.Run(() => PumpAsync(_stopping.Token), CancellationToken.None);
        _demux = Task.Run(() => DemuxAsync(_stopping.Token), CancellationToken.None);
        return new MediaTracks(H264Track.InBand, raw is not null ? new AacTrack(AacSampleRate, channels) : tracks.Audio);
    }

    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_passThrough)
        {
            var dropAudio = _camera.RawAudio is not null; // G.711 of an H.264 camera: not worth an ffmpeg process
            await foreach (var frame in _camera.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (frame.Kind == MediaKind.Video || !dropAudio)
                {
                    yield return frame;
                }
            }

            yield break;
        }

        byte[]? previous = null;
        try
        {
            var reader = _frames.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    if (previous is not null)
                    {
                        ArrayPool<byte>.Shared.Return(previous);
                    }

                    previous = frame.Buffer;
                    yield return new MediaFrame(frame.Buffer.AsMemory(0, frame.Length), frame.Pts, frame.Pts, frame.IsKeyframe, frame.Discontinuity, frame.Kind);
                }
            }
        }
        finally
        {
            if (previous is not null)
            {
                ArrayPool<byte>.Shared.Return(previous);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _camera.DisposeAsync().ConfigureAwait(false);
        await _videoIn.Writer.CompleteAsync().ConfigureAwait(false);
        await _audioIn.Writer.CompleteAsync().ConfigureAwait(false);
        foreach (var task in new Task?[] { _ffmpeg, _pump, _demux })
        {
            if (task is not null)
            {
                await task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await _output.Reader.CompleteAsync().ConfigureAwait(false);
        _frames.Writer.TryComplete();
        while (_frames.Reader.TryRead(out var frame))
        {
            ArrayPool<byte>.Shared.Return(frame.Buffer);
        }

        _demuxer.Dispose();
        _stopping.Dispose();
    }

    /// <summary>H.264 High@4.1 with an IDR every interval and no delay; AAC-LC from raw audio; MPEG-TS out.</summary>
    private void Output(FFMpegOutputOptions o, bool encodeAudio, int channels)
    {
        o.WithCustomArgument("-map 0:v:0")
            .WithVideoCodec(VideoCodec.LibX264)
            .WithSpeedPreset(EncoderPreset.VeryFast)
            .WithTune(EncoderTune.ZeroLatency)
            .WithVideoProfile(VideoProfile.High)
            .WithCustomArgument("-level:v 4.1 -pix_fmt yuv420p -bf 0 -fps_mode passthrough")
            .WithCustomArgument(FormattableString.Invariant($"-force_key_frames \"expr:gte(t,n_forced*{KeyframeInterval})\""))
            .WithCustomArgument("-vf \"scale=-2:'min(1080,ih)'\""); // level 4.1 stops at 1080 lines
        if (encodeAudio)
        {
            o.WithCustomArgument("-map 1:a:0")
                .WithAudioCodec(AudioCodec.Aac, null)
                .WithAudioSamplingRate(AacSampleRate)
                .WithAudioChannels(channels)
                .WithAudioBitrate(96, null);
        }

        o.WithCustomArgument("-muxdelay 0 -flush_packets 1").ForceFormat("mpegts");
    }

    /// <summary>Camera frames: video to ffmpeg (its timestamp queued), raw audio to ffmpeg, AAC straight out.</summary>
    private async Task PumpAsync(CancellationToken stop)
    {
        Exception? error = null;
        try
        {
            await foreach (var frame in _camera.ReadAsync(stop).ConfigureAwait(false))
            {
                if (frame.Kind == MediaKind.Video)
                {
                    _videoTimestamps.Enqueue(frame.Pts);
                    await _videoIn.Writer.WriteAsync(frame.Data, stop).ConfigureAwait(false);
                }
                else if (_camera.RawAudio is not null)
                {
                    _firstRawAudioPts ??= frame.Pts;
                    await _audioIn.Writer.WriteAsync(frame.Data, stop).ConfigureAwait(false);
                }
                else
                {
                    await WriteOutAsync(frame.Data.Span, frame.Pts, frame.IsKeyframe, frame.Discontinuity, frame.Kind, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is CameraSourceException or InvalidOperationException or IOException)
        {
            error = e;
        }

        await _videoIn.Writer.CompleteAsync().ConfigureAwait(false);
        await _audioIn.Writer.CompleteAsync().ConfigureAwait(false);
        _frames.Writer.TryComplete(error switch
        {
            null => new CameraSourceException("The RTSP camera's stream ended"),
            CameraSourceException source => source,
            _ => new CameraSourceException($"The RTSP camera stopped: {error.Message}", error),
        });
    }

    /// <summary>ffmpeg's MPEG-TS back to frames: video on the camera's clock, encoded audio offset onto it.</summary>
    private async Task DemuxAsync(CancellationToken stop)
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(stop).ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    var offset = 0;
                    while (offset < segment.Length)
                    {
                        offset += _demuxer.Write(segment.Span[offset..]);
                        for (var i = 0; i < _demuxer.Completed.Count; i++)
                        {
                            var frame = _demuxer.Completed[i];
                            var pts = frame.Kind == MediaKind.Video ? _videoTimestamps.Next() : AudioPts(frame.Pts);
                            await WriteOutAsync(frame.Data.Span, pts, frame.IsKeyframe, frame.Discontinuity, frame.Kind, stop).ConfigureAwait(false);
                        }
                    }
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }

        var exit = _ffmpeg is null ? null : await _ffmpeg.ConfigureAwait(false);
        _frames.Writer.TryComplete(new CameraSourceException(
            $"The transcoder stopped (ffmpeg exit code {exit?.ExitCode.ToString(CultureInfo.InvariantCulture) ?? "?"}): {_lastError}"));
    }

    private long AudioPts(long encodedPts)
    {
        _firstEncodedAudioPts ??= encodedPts;
        return (_firstRawAudioPts ?? 0) + (encodedPts - _firstEncodedAudioPts.Value);
    }

    private ValueTask WriteOutAsync(ReadOnlySpan<byte> data, long pts, bool keyframe, bool discontinuity, MediaKind kind, CancellationToken stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(buffer);
        return _frames.Writer.WriteAsync(new OutputFrame(buffer, data.Length, pts, keyframe, discontinuity, kind), stop);
    }

    private readonly record struct OutputFrame(byte[] Buffer, int Length, long Pts, bool IsKeyframe, bool Discontinuity, MediaKind Kind);
}
