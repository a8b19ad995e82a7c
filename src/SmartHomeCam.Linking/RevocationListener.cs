using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.EntityFrameworkCore.Models;
using SmartHomeCam.Coordination;
using SmartHomeCam.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SmartHomeCam.Linking;

/// <summary>
/// Keeps <see cref="RevokedLinks"/> current: at start from the database (revoked linkings and access tokens whose
/// access tokens have not expired yet), then from every replica's notices on <see cref="RevocationNotice.Channel"/>.
/// Subscribing first and loading second leaves no gap.
/// </summary>
public sealed class RevocationListener(
    IServiceScopeFactory scopes, ICoordination coordination, RevokedLinks revoked, TimeProvider clock, ILogger<RevocationListener> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await coordination.SubscribeAsync(RevocationNotice.Channel, message =>
        {
            if (RevocationNotice.TryParse(message, out var notice))
            {
                notice.ApplyTo(revoked);
            }
            else
            {
                logger.LogWarning("Ignored a malformed revocation notice.");
            }
        }).ConfigureAwait(false);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var live = await db.Set<OpenIddictEntityFrameworkCoreToken>().AsNoTracking()
            .Where(t => (t.Type == TokenTypeIdentifiers.AccessToken || t.Type == TokenTypeHints.AccessToken) && t.ExpirationDate > now &&
                        (t.Status == Statuses.Revoked || (t.Authorization != null && t.Authorization.Status == Statuses.Revoked)))
            .Select(t => new { t.Id, t.ExpirationDate, AuthorizationId = t.Authorization == null ? null : t.Authorization.Id, AuthorizationStatus = t.Authorization == null ? null : t.Authorization.Status })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var token in live)
        {
            var until = new DateTimeOffset(DateTime.SpecifyKind(token.ExpirationDate!.Value, DateTimeKind.Utc));
            if (token.AuthorizationStatus == Statuses.Revoked && token.AuthorizationId is not null)
            {
                revoked.AddAuthorization(token.AuthorizationId, until);
            }

            if (token.Id is not null)
            {
                revoked.AddToken(token.Id, until);
            }
        }

        logger.LogInformation("Loaded {Count} revocation(s) whose access tokens have not expired yet.", revoked.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
