using Microsoft.EntityFrameworkCore;
using SmartHomeCam.Data;

namespace SmartHomeCam.Linking;

/// <summary>Creates and updates OAuth clients. Secrets are returned once and stored only hashed.</summary>
public sealed class ClientRegistry(AppDbContext db, TimeProvider clock)
{
    /// <summary>Creates or replaces a client. When <paramref name="secret"/> is null a fresh one is generated and returned.</summary>
    public async Task<string> UpsertAsync(
        string clientId, string displayName, IReadOnlyList<string> redirectUris, string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(clientId) || clientId.Length > 128)
        {
            throw new ArgumentException("A client id is 1 to 128 characters.", nameof(clientId));
        }

        ArgumentNullException.ThrowIfNull(redirectUris);
        foreach (var uri in redirectUris)
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Fragment.Length > 0 || uri.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{uri}' is not an absolute redirect URI without fragment.", nameof(redirectUris));
            }
        }

        if (secret is { Length: < 16 })
        {
            throw new ArgumentException("A client secret must be at least 16 characters.", nameof(secret));
        }

        secret ??= SecureToken.Create();
        var client = await db.OAuthClients.SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            client = new OAuthClient { ClientId = clientId, CreatedAt = clock.GetUtcNow() };
            db.OAuthClients.Add(client);
        }

        client.DisplayName = displayName;
        client.RedirectUris = string.Join('\n', redirectUris);
        client.SecretHash = SecureToken.Hash(secret);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return secret;
    }

    public Task<List<OAuthClient>> ListAsync(CancellationToken cancellationToken) =>
        db.OAuthClients.AsNoTracking().OrderBy(c => c.ClientId).ToListAsync(cancellationToken);
}
