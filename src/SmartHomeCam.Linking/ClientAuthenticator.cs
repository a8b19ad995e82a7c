using Microsoft.EntityFrameworkCore;
using SmartHomeCam.Data;

namespace SmartHomeCam.Linking;

/// <summary>Checks client credentials against the stored secret hash in constant time.</summary>
public sealed class ClientAuthenticator(AppDbContext db)
{
    // Compared against when the client id is unknown, so both paths do the same work.
    private static readonly byte[] DummyHash = SecureToken.Hash("no-such-client");

    public async Task<OAuthClient?> AuthenticateAsync(ClientCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var client = await db.OAuthClients.AsNoTracking()
            .SingleOrDefaultAsync(c => c.ClientId == credentials.ClientId, cancellationToken).ConfigureAwait(false);
        var matches = SecureToken.Matches(credentials.Secret ?? "", client?.SecretHash ?? DummyHash);
        return client is not null && matches ? client : null;
    }
}
