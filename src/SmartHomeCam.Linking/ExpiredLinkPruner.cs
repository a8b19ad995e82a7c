using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace SmartHomeCam.Linking;

/// <summary>
/// Removes expired, redeemed and revoked codes and tokens, and ended authorizations, on a timer through OpenIddict's
/// managers. Nothing younger than <see cref="LinkingOptions.PruneAge"/> goes, so a revoked linking whose access
/// tokens have not expired yet is still found by <see cref="RevocationListener"/> when a replica starts.
/// </summary>
public sealed class ExpiredLinkPruner(
    IServiceScopeFactory scopes, IOptions<LinkingOptions> options, TimeProvider clock, ILogger<ExpiredLinkPruner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PruneInterval > TimeSpan.Zero ? options.Value.PruneInterval : TimeSpan.FromHours(1);
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await PruneOnceAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One pass; returns (tokens, authorizations) removed.</summary>
    public async Task<(long Tokens, long Authorizations)> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var threshold = clock.GetUtcNow() - options.Value.EffectivePruneAge;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            // Tokens first: an authorization that still has tokens cannot be deleted.
            var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>()
                .PruneAsync(threshold, cancellationToken).ConfigureAwait(false);
            var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>()
                .PruneAsync(threshold, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Pruned {Tokens} token(s) and {Authorizations} authorization(s).", tokens, authorizations);
            return (tokens, authorizations);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Pruning expired tokens failed; will retry at the next interval.");
            return (0, 0);
        }
    }
}
