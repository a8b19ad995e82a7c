using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;

namespace SmartHomeCam.NestLegacy.Auth;

/// <summary>
/// Legacy Nest connections in the database: the credential stays Data Protection ciphertext at rest and is
/// decrypted only for a login; a renewal problem goes into the connection's LastError, which the dashboard and
/// the <c>cameras</c> CLI show.
/// </summary>
public sealed class NestConnectionDirectory(IServiceScopeFactory scopes, ConnectionCredentialProtector protector, TimeProvider clock) : INestConnectionDirectory
{
    public const string ProblemPrefix = "Nest token renewal failed: ";
    private const int MaxErrorLength = 500;

    public async Task<NestLegacyCredentials?> CredentialsAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.ProviderConnections.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == connectionId && c.ProviderId == NestLegacyCameraProvider.ProviderId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        string? secret;
        try
        {
            secret = protector.Unprotect(row.ProviderId, row.ProtectedCredentials);
        }
        catch (CryptographicException e)
        {
            throw new NestAuthException("The stored credential cannot be decrypted (were the Data Protection keys replaced?); remove and add the connection again.", e) { CredentialRejected = true };
        }

        return secret is null ? null : NestLegacyCameraProvider.Credentials(ProviderConnectionStore.DeserializeSettings(row.SettingsJson), secret);
    }

    public async Task MarkAsync(Guid connectionId, string? problem, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.ProviderConnections.FirstOrDefaultAsync(c => c.Id == connectionId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return;
        }

        if (problem is not null)
        {
            var text = ProblemPrefix + problem;
            row.LastError = text.Length > MaxErrorLength ? text[..MaxErrorLength] : text;
            row.LastErrorAt = clock.GetUtcNow();
        }
        else if (row.LastError?.StartsWith(ProblemPrefix, StringComparison.Ordinal) == true)
        {
            // Only our own mark is cleared; a listing error stays until the next listing succeeds.
            row.LastError = null;
            row.LastErrorAt = null;
        }
        else
        {
            return;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
