using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Streaming.Sessions;

/// <summary>
/// Stops a session nobody has fetched from for <see cref="StreamingOptions.IdleTimeout"/> (releasing its
/// camera), and forgets stopped sessions once no token could still bring them back.
/// </summary>
public sealed class IdleSessionReaper(
    CaptureSessionRegistry registry, IOptions<StreamingOptions> options, TimeProvider clock, ILogger<IdleSessionReaper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(options.Value.IdleTimeout.TotalMilliseconds / 4, 100, 5_000));
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await ReapAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    /// <summary>One pass over the sessions.</summary>
    public async Task ReapAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var session in registry.All)
        {
            if (session.IsRunning && now - session.LastAccess > options.Value.IdleTimeout)
            {
                logger.LogInformation("Capture session for {DeviceId} idle for {Idle}; stopping its camera.", session.DeviceId, options.Value.IdleTimeout);
                await session.StopAsync().ConfigureAwait(false);
            }
            else if (!session.IsRunning && now - session.LastAccess > options.Value.TokenLifetime)
            {
                registry.Forget(session);
            }
        }
    }
}
