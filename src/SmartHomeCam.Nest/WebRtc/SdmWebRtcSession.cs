using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.WebRtc.Dtls;
using SmartHomeCam.WebRtc.Ice;
using SmartHomeCam.WebRtc.Receive;

namespace SmartHomeCam.Nest;

/// <summary>
/// One Google WebRTC media session as a camera source (spec §3–§5): Generate with our offer, connect with the answer,
/// then frames. Extended from every <c>expiresAt</c> on its own timer (re-armed after each answer). When Google will
/// not extend it (battery doorbells: FAILED_PRECONDITION, spec §4) or extending keeps failing, <see cref="ReplacementDue"/>
/// completes so the owner opens the next session before this one ends. Stopped when disposed (end, idle, shutdown).
/// </summary>
internal sealed partial class SdmWebRtcSession(
    SdmApiClient api, string refreshToken, string deviceId, SdmWebRtcOptions options, SdmOptions sdm, DtlsCertificate certificate,
    TimeProvider clock, ILogger logger) : ICameraSource
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource life = new();
    private int disposed;
    private readonly TaskCompletionSource replacementDue = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebRtcReceiver? receiver;
    private string? mediaSessionId;
    private Task? extending;

    /// <summary>Completes when this session cannot be extended and a successor must take over before <see cref="ExpiresAt"/>.</summary>
    public Task ReplacementDue => replacementDue.Task;

    public DateTimeOffset ExpiresAt { get; private set; }

    public int Extensions { get; private set; }

    public WebRtcReceiver? Receiver => receiver;

    public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        var ice = new IceControllingAgentOptions
        {
            HostAddresses = [.. options.HostAddresses.Select(IPAddress.Parse)],
            ConnectTimeout = options.ConnectTimeout,
        };
        receiver = new WebRtcReceiver(new WebRtcReceiverOptions { Ice = ice, MediaTimeout = options.MediaTimeout, KeyframeInterval = options.KeyframeInterval }, certificate, logger, clock);
        SdmWebRtcGrant grant;
        try
        {
            grant = await api.GenerateWebRtcAsync(refreshToken, deviceId, receiver.CreateOffer(), cancellationToken).ConfigureAwait(false);
        }
        catch (SdmApiException e)
        {
            throw new CameraSourceException($"Google would not start the Nest WebRTC stream: {e.Message}", e);
        }

        mediaSessionId = grant.MediaSessionId;
        ExpiresAt = grant.ExpiresAt;
        try
        {
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, life.Token);
            connecting.CancelAfter(options.ConnectTimeout + TimeSpan.FromSeconds(5));
            await receiver.ConnectAsync(grant.AnswerSdp, connecting.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebRtcReceiveException or IceControllingAgentException or SmartHomeCam.WebRtc.Sdp.SdpException
                                       || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CameraSourceException($"The Nest WebRTC connection failed: {e.Message}", e);
        }

        LogConnected(logger, deviceId, ExpiresAt);
        extending = Task.Run(() => ExtendLoopAsync(life.Token), CancellationToken.None);
        return receiver.Tracks;
    }

    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var frames = (receiver ?? throw new InvalidOperationException("OpenAsync must be called before ReadAsync.")).ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (frames.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await frames.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (WebRtcReceiveException e)
                {
                    throw new CameraSourceException($"The Nest WebRTC stream ended: {e.Message}", e);
                }

                yield return frames.Current;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A failed open disposes the session itself and its owner disposes it again: the second call is a no-op.
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await life.CancelAsync().ConfigureAwait(false);
        if (extending is not null)
        {
            await extending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (mediaSessionId is { } id && ExpiresAt > clock.GetUtcNow())
        {
            try
            {
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await api.StopWebRtcAsync(refreshToken, deviceId, id, stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SdmApiException or OperationCanceledException or CameraSourceException)
            {
                LogStopFailed(logger, deviceId, e.Message);
            }
        }

        if (receiver is not null)
        {
            await receiver.DisposeAsync().ConfigureAwait(false);
        }

        life.Dispose();
    }

    /// <summary>Extend from every new <c>expiresAt</c>, never one-shot (spec §4's peer bug); hand over when it cannot be.</summary>
    private async Task ExtendLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = ExpiresAt - sdm.ExtendLeadTime - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                ExpiresAt = await api.ExtendWebRtcAsync(refreshToken, deviceId, mediaSessionId!, cancellationToken).ConfigureAwait(false);
                Extensions++;
                LogExtended(logger, deviceId, ExpiresAt);
            }
            catch (SdmApiException e) when (e.Status == "FAILED_PRECONDITION" || e.StatusCode == HttpStatusCode.BadRequest)
            {
                // Battery doorbells cannot extend (spec §4): a new session takes over before this one ends.
                LogCannotExtend(logger, deviceId, e.Message);
                replacementDue.TrySetResult();
                return;
            }
            catch (SdmApiException e)
            {
                if (ExpiresAt - clock.GetUtcNow() < RetryPause + RetryPause)
                {
                    LogCannotExtend(logger, deviceId, e.Message);
                    replacementDue.TrySetResult();
                    return;
                }

                await Task.Delay(RetryPause, clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Nest WebRTC stream of {Device} connected, expires {ExpiresAt:O}.")]
    private static partial void LogConnected(ILogger logger, string device, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Nest WebRTC stream of {Device} extended to {ExpiresAt:O}.")]
    private static partial void LogExtended(ILogger logger, string device, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nest WebRTC stream of {Device} cannot be extended ({Reason}); a new session takes over.")]
    private static partial void LogCannotExtend(ILogger logger, string device, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stopping the Nest WebRTC stream of {Device} failed: {Reason}")]
    private static partial void LogStopFailed(ILogger logger, string device, string reason);
}
