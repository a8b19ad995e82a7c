using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.HomeGraph.Client;

/// <summary>
/// Bearer tokens for HomeGraph: Google.Apis.Auth signs the RS256 assertion (spec §5: iss = client_email, scope
/// homegraph, aud = token URL) and exchanges it; the token is cached and refreshed before it expires. A 401 from
/// HomeGraph forces one refresh (<see cref="RefreshAsync"/>).
/// </summary>
public sealed class HomeGraphCredential
{
    public const string Scope = "https://www.googleapis.com/auth/homegraph";

    private readonly Lazy<ServiceAccountCredential> credential;

    public HomeGraphCredential(IOptions<HomeGraphOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        credential = new Lazy<ServiceAccountCredential>(() =>
        {
            var settings = options.Value;
            var key = ServiceAccountKey.Load(settings);
            var tokenUrl = string.IsNullOrWhiteSpace(settings.TokenUrl) ? key.TokenUri : settings.TokenUrl;
            return new ServiceAccountCredential(new ServiceAccountCredential.Initializer(key.ClientEmail, tokenUrl)
            {
                Scopes = [Scope],
            }.FromPrivateKey(key.PrivateKeyPem));
        });
    }

    /// <summary>The cached token, or a new one when it is about to expire.</summary>
    public Task<string> GetTokenAsync(CancellationToken cancellationToken) =>
        credential.Value.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);

    /// <summary>A new token regardless of the cached one's expiry (after HomeGraph said 401).</summary>
    public async Task<string> RefreshAsync(CancellationToken cancellationToken)
    {
        var value = credential.Value;
        await value.RequestAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        return value.Token.AccessToken;
    }
}
