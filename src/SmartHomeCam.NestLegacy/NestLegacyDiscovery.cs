using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Data;

namespace SmartHomeCam.NestLegacy;

/// <summary>
/// Lists every account with a legacy Nest connection again every <see cref="NestLegacyOptions.DiscoveryInterval"/>:
/// the catalog turns what changed (added, removed, renamed, online, offline) into camera events, and the
/// logins it needs keep the Nest tokens renewed before they expire.
/// </summary>
public sealed class NestLegacyDiscovery(
    IServiceScopeFactory scopes, ICameraCatalog catalog, IOptions<NestLegacyOptions> options, TimeProvider clock, ILogger<NestLegacyDiscovery> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DiscoveryInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await RefreshAllAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    public async Task RefreshAllAsync(CancellationToken cancellationToken)
    {
        List<string> users;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            users = await db.ProviderConnections.AsNoTracking().Where(c => c.ProviderId == NestLegacyCameraProvider.ProviderId)
                .Select(c => c.UserId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var user in users)
        {
            try
            {
                await catalog.ListAsync(user, refresh: true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Refreshing legacy Nest cameras of an account failed.");
            }
        }
    }
}
