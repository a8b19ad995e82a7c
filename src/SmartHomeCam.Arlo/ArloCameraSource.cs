using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Arlo.Protocol;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.Rtsp;

namespace SmartHomeCam.Arlo;

/// <summary>
/// One Arlo camera's live stream: wake it (statusRequest, <c>UserStreamActive</c>; spec §3), open
/// <c>rtsp://&lt;ip&gt;/live</c> with our RTSP client (receiver reports every 2 s keep the camera from cutting us
/// at 6 s), journal the session so a crash cannot leave it streaming, and always TEARDOWN on dispose.
/// </summary>
internal sealed class ArloCameraSource(ArloCameraProvider provider, string serial, RtspTransport transport) : ICameraSource
{
    private readonly ILogger _logger = provider.Loggers.CreateLogger<ArloCameraSource>();
    private RtspCameraSource? _rtsp;
    private Guid? _journalId;
    private int _disposed;

    public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        provider.Track(this);
        var camera = await provider.Registry.FindAsync(serial, cancellationToken).ConfigureAwait(false)
            ?? throw new CameraSourceException($"Arlo camera {serial} has not registered with the basestation.");
        if (IsHevcOnly(camera.Capabilities))
        {
            throw HevcOnly();
        }

        // Wake: a statusRequest is what every peer sends first; UserStreamActive=1 is refused by some models ("Ack
        // with Errors" on VMC3030) and optional, so neither failing alone stops us — RTSP decides.
        var awake = await provider.Commands.TrySendAsync(camera, ArloMessages.StatusRequest, null, null, cancellationToken).ConfigureAwait(false);
        await provider.Commands.TrySendAsync(camera, ArloMessages.RegisterSet, "SetValues", new JsonObject { ["UserStreamActive"] = 1 }, cancellationToken)
            .ConfigureAwait(false);
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"rtsp://{camera.IpAddress}:{provider.Options.CameraRtspPort}/live"));
        await WaitForRtspAsync(url, awake, cancellationToken).ConfigureAwait(false);

        _journalId = await provider.Journal.OpenedAsync(serial, url, cancellationToken).ConfigureAwait(false);
        _rtsp = new RtspCameraSource(
            new RtspSourceOptions(url) { Transport = transport, ReceiverReportInterval = TimeSpan.FromSeconds(2) },
            provider.Loggers.CreateLogger<RtspCameraSource>());
        try
        {
            var tracks = await _rtsp.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (_rtsp.SessionId is { } session)
            {
                await provider.Journal.SessionAsync(_journalId.Value, session, CancellationToken.None).ConfigureAwait(false);
            }

            _logger.LogInformation("Arlo camera {Serial} streaming over {Transport}", serial, transport);
            return tracks;
        }
        catch (RtspUnsupportedCodecException ex)
        {
            throw HevcOnly(ex);
        }
    }

    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rtsp = _rtsp ?? throw new InvalidOperationException("OpenAsync first");
        await foreach (var frame in rtsp.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        provider.Untrack(this);
        if (_rtsp is not null)
        {
            await _rtsp.DisposeAsync().ConfigureAwait(false); // TEARDOWN
        }

        if (_journalId is { } id)
        {
            await provider.Journal.ClosedAsync(id).ConfigureAwait(false);
        }
    }

    private static bool IsHevcOnly(string capabilities)
    {
        var names = capabilities.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return names.Length > 0 && !names.Contains("H.264Streaming") && names.Any(n => n.StartsWith("H.265", StringComparison.Ordinal) || n.StartsWith("HEVC", StringComparison.Ordinal));
    }

    private CameraSourceException HevcOnly(Exception? inner = null)
    {
        var message = $"Arlo camera {serial} offers only H.265 video, which is not playable on Cast; set it to H.264 (VideoOutputResolution) to stream it.";
        return inner is null ? new CameraSourceException(message) : new CameraSourceException(message, inner);
    }

    /// <summary>Polls the RTSP port while the camera wakes (caffeineflo polls 554 every 2 s).</summary>
    private async Task WaitForRtspAsync(Uri url, bool awake, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + provider.Options.WakeTimeout;
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(provider.Options.ConnectTimeout);
                await probe.ConnectAsync(url.Host, url.Port, timeout.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when ((ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                                       && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new CameraSourceException(awake
                    ? $"Arlo camera {serial} woke but its RTSP port did not open."
                    : $"Arlo camera {serial} is asleep or offline (no answer to statusRequest).", ex);
            }
        }
    }
}
