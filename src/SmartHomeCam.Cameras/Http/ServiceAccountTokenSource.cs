using Google.Apis.Auth.OAuth2;

namespace SmartHomeCam.Cameras.Http;

/// <summary>
/// Bearer tokens for one Google API scope as the operator's service account: Google.Apis.Auth signs the RS256
/// assertion (iss = client_email, the scope, aud = token URL), exchanges it, caches the token and refreshes it
/// before it expires. A 401 from the API forces one refresh (<see cref="RefreshAsync"/>). The key is read on first
/// use, so a service without the API configured never touches it.
/// </summary>
public abstract class ServiceAccountTokenSource
{
    private readonly Lazy<ServiceAccountCredential> credential;

    /// <param name="loadKey">Reads the key (on first use).</param>
    /// <param name="scope">The OAuth scope the tokens carry.</param>
    /// <param name="tokenUrl">Overrides the key's <c>token_uri</c> when set (tests, private endpoints).</param>
    protected ServiceAccountTokenSource(Func<ServiceAccountKey> loadKey, string scope, Func<string?> tokenUrl)
    {
        ArgumentNullException.ThrowIfNull(loadKey);
        ArgumentNullException.ThrowIfNull(tokenUrl);
        credential = new Lazy<ServiceAccountCredential>(() =>
        {
            var key = loadKey();
            var url = tokenUrl() is { Length: > 0 } overridden ? overridden : key.TokenUri;
            return new ServiceAccountCredential(new ServiceAccountCredential.Initializer(key.ClientEmail, url)
            {
                Scopes = [scope],
            }.FromPrivateKey(key.PrivateKeyPem));
        });
    }

    /// <summary>The cached token, or a new one when it is about to expire.</summary>
    public Task<string> GetTokenAsync(CancellationToken cancellationToken) =>
        credential.Value.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);

    /// <summary>A new token regardless of the cached one's expiry (after the API said 401).</summary>
    public async Task<string> RefreshAsync(CancellationToken cancellationToken)
    {
        var value = credential.Value;
        await value.RequestAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        return value.Token.AccessToken;
    }
}
