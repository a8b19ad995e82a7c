using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using SmartHomeCam.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SmartHomeCam.Linking;

/// <summary>The account's live linkings (for the dashboard): valid authorizations that hold a valid refresh token.</summary>
public sealed class UserLinkings(AppDbContext db)
{
    public async Task<IReadOnlyList<UserLinking>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        // One query; a linking whose code was never redeemed has no refresh token and is not shown.
        var rows = await db.Set<OpenIddictEntityFrameworkCoreAuthorization>().AsNoTracking()
            .Where(a => a.Subject == userId && a.Status == Statuses.Valid &&
                        a.Tokens.Any(t => (t.Type == TokenTypeIdentifiers.RefreshToken || t.Type == TokenTypeHints.RefreshToken) && t.Status == Statuses.Valid))
            .Select(a => new { a.Id, a.CreationDate, ClientName = a.Application == null ? null : a.Application.DisplayName, ClientId = a.Application == null ? null : a.Application.ClientId })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows
            .Select(r => new UserLinking(
                r.Id!,
                r.ClientName ?? r.ClientId ?? "",
                r.CreationDate is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : DateTimeOffset.MinValue))
            .OrderBy(l => l.CreatedAt)];
    }

    /// <summary>True when the authorization exists and belongs to <paramref name="userId"/>.</summary>
    public Task<bool> OwnsAsync(string userId, string authorizationId, CancellationToken cancellationToken) =>
        db.Set<OpenIddictEntityFrameworkCoreAuthorization>().AnyAsync(a => a.Id == authorizationId && a.Subject == userId, cancellationToken);
}

/// <summary>One linking as the dashboard lists it.</summary>
public sealed record UserLinking(string AuthorizationId, string ClientName, DateTimeOffset CreatedAt);
