using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Nest.Events;

/// <summary>
/// Bearer tokens for the Pub/Sub pull: the operator's service account (spec §6 subscription, §1 pubsub scope).
/// Google.Apis.Auth signs the RS256 assertion, exchanges it at the key's <c>token_uri</c> and caches the token until
/// shortly before it expires. A 401 from Pub/Sub forces one refresh (<see cref="RefreshAsync"/>).
/// </summary>
public sealed class PubSubCredential
{
    public const string Scope = "https://www.googleapis.com/auth/pubsub";

    private readonly Lazy<ServiceAccountCredential> credential;

    public PubSubCredential(IOptions<SdmOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        credential = new Lazy<ServiceAccountCredential>(() => Create(options.Value.PubSub));
    }

    public Task<string> GetTokenAsync(CancellationToken cancellationToken) =>
        credential.Value.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);

    public async Task<string> RefreshAsync(CancellationToken cancellationToken)
    {
        var value = credential.Value;
        await value.RequestAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        return value.Token.AccessToken;
    }

    private static ServiceAccountCredential Create(SdmPubSubOptions o)
    {
        var json = !string.IsNullOrWhiteSpace(o.ServiceAccountKeyJson) ? o.ServiceAccountKeyJson
            : File.Exists(o.ServiceAccountKeyFile) ? File.ReadAllText(o.ServiceAccountKeyFile)
            : throw new InvalidOperationException("Nest:PubSub:Mode is pull but neither Nest:PubSub:ServiceAccountKeyFile (an existing file) nor ServiceAccountKeyJson is set.");
        string email, key, tokenUri;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            email = root.GetProperty("client_email").GetString() ?? throw new InvalidOperationException("client_email is null");
            key = root.GetProperty("private_key").GetString() ?? throw new InvalidOperationException("private_key is null");
            tokenUri = root.TryGetProperty("token_uri", out var t) && t.GetString() is { Length: > 0 } u ? u : "https://oauth2.googleapis.com/token";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Never echo the key material.
            throw new InvalidOperationException("The Nest Pub/Sub service account key is not a service account JSON key (client_email, private_key).", e);
        }

        var url = string.IsNullOrWhiteSpace(o.TokenUrl) ? tokenUri : o.TokenUrl;
        return new ServiceAccountCredential(new ServiceAccountCredential.Initializer(email, url) { Scopes = [Scope] }.FromPrivateKey(key));
    }
}
