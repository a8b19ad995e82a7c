using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Cameras.Hosting;

/// <summary>
/// Starts every registered provider with the host and stops them on shutdown. Starting happens in the
/// background: a provider that fails to start (its cloud is down, its basestation unreachable) is logged and
/// retried with doubling back-off, and never keeps the host or the other providers from starting.
/// </summary>
public sealed class CameraProviderHost(
    IEnumerable<ICameraProvider> providers, IOptions<CameraCatalogOptions> options, TimeProvider clock, ILogger<CameraProviderHost> logger)
    : IHostedService, IDisposable
{
    private readonly ICameraProvider[] providers = [.. providers];
    private readonly List<ICameraProvider> started = [];
    private readonly Lock startedLock = new();
    private readonly CancellationTokenSource stopping = new();
    private Task[] starting = [];

    /// <summary>Providers whose start has succeeded and that have not been stopped.</summary>
    public IReadOnlyList<string> Running
    {
        get
        {
            lock (startedLock)
            {
                return started.Select(p => p.Id).ToList();
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        starting = providers.Select(p => Task.Run(() => StartWithRetryAsync(p, stopping.Token), CancellationToken.None)).ToArray();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(starting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ICameraProvider[] toStop;
        lock (startedLock)
        {
            toStop = [.. started];
            started.Clear();
        }

        // Reverse start order, each on its own: one provider failing to stop must not leave the others running.
        foreach (var provider in toStop.Reverse())
        {
            try
            {
                await provider.StopAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Camera provider {Provider} failed to stop cleanly.", provider.Id);
            }
        }
    }

    public void Dispose() => stopping.Dispose();

    private async Task StartWithRetryAsync(ICameraProvider provider, CancellationToken cancellationToken)
    {
        var delay = options.Value.ProviderStartRetryMin;
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await provider.StartAsync(cancellationToken).ConfigureAwait(false);
                lock (startedLock)
                {
                    started.Add(provider);
                }

                if (attempt > 1)
                {
                    logger.LogInformation("Camera provider {Provider} started after {Attempts} attempts.", provider.Id, attempt);
                }

                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Camera provider {Provider} failed to start (attempt {Attempt}); retrying in {Delay}.", provider.Id, attempt, delay);
            }

            try
            {
                await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.ProviderStartRetryMax.Ticks));
        }
    }
}
