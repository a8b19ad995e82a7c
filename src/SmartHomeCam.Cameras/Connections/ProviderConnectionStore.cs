using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras.Connections;

/// <summary>Reads an account's connections with their credentials decrypted, for providers to use.</summary>
public sealed class ProviderConnectionStore(IServiceScopeFactory scopes, ConnectionCredentialProtector protector)
{
    public async Task<IReadOnlyList<LoadedConnection>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.ProviderConnections.AsNoTracking().Where(c => c.UserId == userId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(Load).ToList();
    }

    public async Task<ProviderConnectionContext> GetAsync(string userId, Guid connectionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.ProviderConnections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == connectionId && c.UserId == userId, cancellationToken).ConfigureAwait(false)
            ?? throw new CameraSourceException("The camera's connection was removed.");
        var loaded = Load(row);
        return loaded.Context ?? throw new CameraSourceException(loaded.Problem ?? "The connection cannot be used.");
    }

    public static string SerializeSettings(IReadOnlyDictionary<string, string> settings) => JsonSerializer.Serialize(settings);

    public static IReadOnlyDictionary<string, string> DeserializeSettings(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    private LoadedConnection Load(ProviderConnection row)
    {
        try
        {
            var credential = protector.Unprotect(row.ProviderId, row.ProtectedCredentials);
            return new LoadedConnection(row, new ProviderConnectionContext(
                row.Id, row.UserId, row.ProviderId, row.DisplayName, DeserializeSettings(row.SettingsJson), credential), null);
        }
        catch (CryptographicException)
        {
            // Keys lost or rotated away: the owner must enter the credential again.
            return new LoadedConnection(row, null, "The stored credential cannot be decrypted (were the Data Protection keys replaced?); remove and add the connection again.");
        }
    }
}

/// <summary>A stored connection and, when its credential decrypts, the context its provider works with.</summary>
public sealed record LoadedConnection(ProviderConnection Row, ProviderConnectionContext? Context, string? Problem);
