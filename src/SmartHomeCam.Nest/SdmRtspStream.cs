using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;

namespace SmartHomeCam.Nest;

/// <summary>
/// The Google side of one capture session's RTSP stream (spec §3–4): Generate once, then Extend from every new
/// <c>expiresAt</c> on its own timer (one per stream, re-armed after each answer, never one-shot), handing each new
/// URL to the reader; Generate again when the stream cannot be extended or a URL is refused; Stop at the end.
/// One stream per capture session: URLs are never shared.
/// </summary>
internal sealed class SdmRtspStream(
    SdmApiClient api, SdmDeviceCache devices, string refreshToken, string deviceId, SdmOptions options, TimeProvider clock, ILogger logger)
    : IAsyncDisposable
{
    private static readonly TimeSpan MinRetry = TimeSpan.FromSeconds(1);
    private readonly Channel<Uri> urls = Channel.CreateBounded<Uri>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource life = new();
    private readonly SemaphoreSlim grantGate = new(1, 1);
    private TaskCompletionSource regenerate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SdmStreamGrant? grant;
    private Task? loop;
    private volatile bool renewing;

    /// <summary>URLs of the extended (or regenerated) stream, newest only, for the reader to switch to.</summary>
    public ChannelReader<Uri> NextUrls => urls.Reader;

    /// <summary>Extensions done so far (tests and the soak count them).</summary>
    public int Extensions { get; private set; }

    public async Task<Uri> GenerateAsync(CancellationToken cancellationToken)
    {
        await grantGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            grant = await CallAsync(() => api.GenerateRtspAsync(refreshToken, deviceId, cancellationToken)).ConfigureAwait(false);
            return grant.RtspUrl;
        }
        finally
        {
            grantGate.Release();
        }
    }

    public void StartExtending() => loop ??= Task.Run(() => RunAsync(life.Token));

    /// <summary>The reader could not open the newest URL (DESCRIBE 404/403): Generate a new stream now.</summary>
    public void RequestRegenerate() => regenerate.TrySetResult();

    /// <summary>
    /// The next URL, for a reader whose session ended with no successor pending: the one an extension in flight is
    /// about to hand over, or else a newly generated stream's. Null when none comes within <paramref name="wait"/>.
    /// </summary>
    public async Task<Uri?> AwaitNextUrlAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (urls.Reader.TryRead(out var ready))
        {
            return ready;
        }

        if (!renewing)
        {
            RequestRegenerate();
        }

        try
        {
            return await urls.Reader.ReadAsync(cancellationToken).AsTask().WaitAsync(wait, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await life.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var last = grant;
        if (last is not null && last.ExpiresAt > clock.GetUtcNow())
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await api.StopRtspAsync(refreshToken, deviceId, last, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SdmApiException or OperationCanceledException)
            {
                // It expires by itself within five minutes.
                logger.LogInformation("Stopping the Nest stream of {Device} failed: {Reason}", deviceId, e.Message);
            }
        }

        life.Dispose();
        grantGate.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var current = grant!;
            var due = current.ExpiresAt - options.ExtendLeadTime - clock.GetUtcNow();
            var signal = regenerate.Task;
            if (due > TimeSpan.Zero)
            {
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var wait = Task.Delay(due, clock, delay.Token);
                await Task.WhenAny(wait, signal).ConfigureAwait(false);
                await delay.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            renewing = true;
            try
            {
                if (signal.IsCompleted)
                {
                    regenerate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    logger.LogInformation("Generating a new Nest stream for {Device}: the last URL was refused.", deviceId);
                    await GenerateAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ExtendOrRegenerateAsync(current, cancellationToken).ConfigureAwait(false);
                }

                urls.Writer.TryWrite(grant!.RtspUrl);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SdmApiException or CameraSourceException)
            {
                // Quota or outage: try again soon, well within the stream's remaining life.
                var retry = e is SdmApiException { RetryAfter: { } after } ? after : TimeSpan.FromSeconds(5);
                var left = current.ExpiresAt - clock.GetUtcNow();
                retry = left > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(retry.Ticks, Math.Max(MinRetry.Ticks, left.Ticks / 4))) : retry;
                logger.LogWarning("Extending the Nest stream of {Device} failed: {Reason}; retrying in {Delay} ms.", deviceId, e.Message, (int)retry.TotalMilliseconds);
                await Task.Delay(retry, clock, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            finally
            {
                renewing = false;
            }
        }
    }

    private async Task ExtendOrRegenerateAsync(SdmStreamGrant current, CancellationToken cancellationToken)
    {
        if (current.ExpiresAt <= clock.GetUtcNow())
        {
            logger.LogInformation("The Nest stream of {Device} expired before it could be extended; generating a new one.", deviceId);
            await GenerateAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await grantGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                grant = await api.ExtendRtspAsync(refreshToken, deviceId, current, cancellationToken).ConfigureAwait(false);
                Extensions++;
            }
            finally
            {
                grantGate.Release();
            }
        }
        catch (SdmApiException e) when (e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            // Stale extension token or a stream Google forgot: a new stream is the only way on.
            logger.LogInformation("Extending the Nest stream of {Device} was refused ({Reason}); generating a new one.", deviceId, e.Message);
            await GenerateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SdmStreamGrant> CallAsync(Func<Task<SdmStreamGrant>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (SdmApiException e) when (e.IsWrongProtocol)
        {
            devices.MarkWebRtc(refreshToken, deviceId);
            throw new CameraSourceException("This Nest camera now streams over WebRTC only (its owner moved it to the Google Home app); it needs the WebRTC support.", e);
        }
        catch (SdmApiException e)
        {
            throw new CameraSourceException(e.Message, e);
        }
    }
}
