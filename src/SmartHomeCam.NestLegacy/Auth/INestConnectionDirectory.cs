namespace SmartHomeCam.NestLegacy.Auth;

/// <summary>Where the token renewer finds a connection's credential (decrypted only for the login) and marks its health.</summary>
public interface INestConnectionDirectory
{
    /// <summary>The connection's current credential, or null when the connection no longer exists.</summary>
    Task<NestLegacyCredentials?> CredentialsAsync(Guid connectionId, CancellationToken cancellationToken);

    /// <summary>Records why renewal failed (shown with the connection), or clears a renewal problem when <paramref name="problem"/> is null.</summary>
    Task MarkAsync(Guid connectionId, string? problem, CancellationToken cancellationToken);
}
