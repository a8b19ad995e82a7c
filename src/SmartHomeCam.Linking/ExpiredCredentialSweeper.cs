using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Data;

namespace SmartHomeCam.Linking;

/// <summary>Deletes expired codes and access tokens hourly so the tables do not grow without bound.</summary>
public sealed class ExpiredCredentialSweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExpiredCredentialSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                // Keep a day of history so replay detection still finds recently used codes.
                var cutoff = clock.GetUtcNow().AddDays(-1);
                var codes = await db.AuthorizationCodes.Where(c => c.ExpiresAt < cutoff).ExecuteDeleteAsync(stoppingToken).ConfigureAwait(false);
                var tokens = await db.OAuthTokens.Where(t => t.ExpiresAt != null && t.ExpiresAt < cutoff).ExecuteDeleteAsync(stoppingToken).ConfigureAwait(false);
                logger.LogInformation("Swept {Codes} expired codes and {Tokens} expired access tokens.", codes, tokens);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sweeping expired credentials failed; will retry next hour.");
            }
        }
    }
}
