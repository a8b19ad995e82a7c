using System.Security.Cryptography;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SmartHomeCam.Linking;

/// <summary>
/// Creates, updates and lists OAuth clients through OpenIddict's application manager. Secrets are returned once
/// and stored only hashed (by OpenIddict); redirect URIs are matched exactly, character by character.
/// </summary>
public sealed class ClientRegistry(IOpenIddictApplicationManager applications)
{
    /// <summary>
    /// Creates or replaces a confidential client. When <paramref name="secret"/> is null a fresh one is generated
    /// and returned.
    /// </summary>
    public async Task<string> UpsertAsync(
        string clientId, string displayName, IReadOnlyList<string> redirectUris, string? secret, CancellationToken cancellationToken)
    {
        if (secret is { Length: < 16 })
        {
            throw new ArgumentException("A client secret must be at least 16 characters.", nameof(secret));
        }

        secret ??= Base64Url(RandomNumberGenerator.GetBytes(32));
        await SaveAsync(Describe(clientId, displayName, redirectUris, ClientTypes.Confidential), secret, cancellationToken).ConfigureAwait(false);
        return secret;
    }

    /// <summary>Creates or replaces a public client (no secret), which must use PKCE (S256).</summary>
    public async Task UpsertPublicAsync(string clientId, string displayName, IReadOnlyList<string> redirectUris, CancellationToken cancellationToken)
    {
        var descriptor = Describe(clientId, displayName, redirectUris, ClientTypes.Public);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        await SaveAsync(descriptor, secret: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RegisteredClient>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<RegisteredClient>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken).ConfigureAwait(false))
        {
            list.Add(new RegisteredClient(
                await applications.GetClientIdAsync(application, cancellationToken).ConfigureAwait(false) ?? "",
                await applications.GetDisplayNameAsync(application, cancellationToken).ConfigureAwait(false) ?? "",
                await applications.GetClientTypeAsync(application, cancellationToken).ConfigureAwait(false) ?? "",
                [.. await applications.GetRedirectUrisAsync(application, cancellationToken).ConfigureAwait(false)]));
        }

        return [.. list.OrderBy(c => c.ClientId, StringComparer.Ordinal)];
    }

    private static OpenIddictApplicationDescriptor Describe(string clientId, string displayName, IReadOnlyList<string> redirectUris, string clientType)
    {
        if (string.IsNullOrWhiteSpace(clientId) || clientId.Length > 100 || clientId.Any(char.IsControl))
        {
            throw new ArgumentException("A client id is 1 to 100 printable characters.", nameof(clientId));
        }

        ArgumentNullException.ThrowIfNull(redirectUris);
        if (redirectUris.Count == 0)
        {
            throw new ArgumentException("A client needs at least one redirect URI.", nameof(redirectUris));
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? clientId : displayName,
            ClientType = clientType,
            ConsentType = ConsentTypes.Explicit,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
            },
        };
        foreach (var uri in redirectUris)
        {
            // The stored string is what OpenIddict compares requests against, ordinally: keep exactly what was given.
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Fragment.Length > 0 || !string.Equals(parsed.AbsoluteUri, uri, StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{uri}' is not an absolute, normalised redirect URI without fragment.", nameof(redirectUris));
            }

            descriptor.RedirectUris.Add(parsed);
        }

        return descriptor;
    }

    private async Task SaveAsync(OpenIddictApplicationDescriptor descriptor, string? secret, CancellationToken cancellationToken)
    {
        // OpenIddict hashes the secret on create and on update alike.
        descriptor.ClientSecret = secret;
        var existing = await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A client as <c>clients list</c> shows it.</summary>
public sealed record RegisteredClient(string ClientId, string DisplayName, string ClientType, IReadOnlyList<string> RedirectUris);
