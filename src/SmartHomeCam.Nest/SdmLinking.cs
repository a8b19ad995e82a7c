using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras.Connections;

namespace SmartHomeCam.Nest;

/// <summary>
/// A homeowner authorizing our Device Access project (spec §1): the Partner Connections consent URL with a
/// state that is signed, encrypted, expires in 15 minutes and is bound to the signed-in account and a browser
/// nonce (and carries the PKCE verifier); then the code exchange, which stores the refresh token as a new Nest
/// connection (encrypted by the connection store). Several Nest accounts per owner are several connections.
/// </summary>
public sealed class SdmLinking(
    IDataProtectionProvider protection,
    SdmTokenClient tokens,
    SdmAccessTokens accessTokens,
    SdmDeviceCache devices,
    SdmHomes homes,
    ConnectionManager connections,
    ProviderConnectionStore store,
    IOptions<SdmOptions> options)
{
    public const string Scope = "https://www.googleapis.com/auth/sdm.service";
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(15);
    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector("SmartHomeCam.Nest.LinkState").ToTimeLimitedDataProtector();

    public bool Enabled => options.Value.Enabled;

    /// <summary>Where to send the owner, and the nonce to keep in their browser (cookie) until the callback.</summary>
    public (Uri ConsentUrl, string Nonce) Begin(string userId, string displayName, string redirectUri)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            throw new ConnectionRejectedException("Nest is not set up on this server (Nest:ProjectId and Nest:ClientId).");
        }

        var nonce = Base64Url(RandomNumberGenerator.GetBytes(16));
        var verifier = o.UsePkce ? Base64Url(RandomNumberGenerator.GetBytes(32)) : null;
        var state = protector.Protect(JsonSerializer.Serialize(new LinkState(userId, nonce, verifier, displayName, redirectUri)), StateLifetime);
        var query = new Dictionary<string, string?>
        {
            ["redirect_uri"] = redirectUri,
            ["access_type"] = "offline",
            ["prompt"] = "consent",
            ["client_id"] = o.ClientId,
            ["response_type"] = "code",
            ["scope"] = Scope,
            ["state"] = state,
        };
        if (verifier is not null)
        {
            query["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
            query["code_challenge_method"] = "S256";
        }

        var consent = new Uri(o.ConsentBaseUrl, Uri.EscapeDataString(o.ProjectId) + "/auth");
        return (new Uri(QueryHelpers.AddQueryString(consent.ToString(), query)), nonce);
    }

    /// <summary>
    /// Exchanges the code and adds the connection. <paramref name="nonce"/> is the browser's cookie (null from the
    /// CLI, where the state's account binding is the check). Throws <see cref="ConnectionRejectedException"/>.
    /// </summary>
    public async Task<ConnectionSummary> CompleteAsync(string userId, string state, string code, string? nonce, CancellationToken cancellationToken)
    {
        LinkState link;
        try
        {
            link = JsonSerializer.Deserialize<LinkState>(protector.Unprotect(state)) ?? throw new JsonException();
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            throw new ConnectionRejectedException("This Nest authorization link is invalid or older than 15 minutes; start again.", e);
        }

        if (!FixedEquals(link.UserId, userId) || (nonce is not null && !FixedEquals(link.Nonce, nonce)))
        {
            throw new ConnectionRejectedException("This Nest authorization was started by another account or browser; start again.");
        }

        SdmTokens fresh;
        try
        {
            fresh = await tokens.ExchangeCodeAsync(code, link.RedirectUri, link.Verifier, cancellationToken).ConfigureAwait(false);
        }
        catch (SdmApiException e)
        {
            throw new ConnectionRejectedException($"Google did not accept the authorization: {e.Message}", e);
        }

        if (string.IsNullOrEmpty(fresh.RefreshToken))
        {
            throw new ConnectionRejectedException("Google returned no refresh token (was access_type=offline dropped?); start again.");
        }

        accessTokens.Seed(fresh.RefreshToken, fresh);
        return await connections.AddAsync(userId, SdmCameraProvider.ProviderId,
            new ConnectionRequest(link.DisplayName, new Dictionary<string, string>(), fresh.RefreshToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"Disconnect Nest": deletes the connection with its tokens and cameras; false when it is not the account's.</summary>
    public async Task<bool> DisconnectAsync(string userId, Guid connectionId, CancellationToken cancellationToken)
    {
        string? refreshToken = null;
        try
        {
            var context = await store.GetAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
            refreshToken = context.ProviderId == SdmCameraProvider.ProviderId ? context.Credential : null;
            if (context.ProviderId != SdmCameraProvider.ProviderId)
            {
                return false;
            }
        }
        catch (SmartHomeCam.Cameras.CameraSourceException)
        {
            // Not the account's, or its credential no longer decrypts: removing it is still right.
        }

        var removed = await connections.RemoveAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
        if (refreshToken is not null)
        {
            accessTokens.Forget(refreshToken);
            devices.Forget(refreshToken);
        }

        return removed;
    }

    /// <summary>
    /// The homes a linked account shared and which home each camera is in, for the dashboard (from the caches; a call
    /// to Google only when they are cold). <see cref="SdmSharedHomes.None"/> when it is not the account's or Google fails.
    /// </summary>
    public async Task<SdmSharedHomes> SharedHomesAsync(string userId, Guid connectionId, CancellationToken cancellationToken)
    {
        try
        {
            var context = await store.GetAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
            if (context.ProviderId != SdmCameraProvider.ProviderId || string.IsNullOrEmpty(context.Credential))
            {
                return SdmSharedHomes.None;
            }

            var listed = await devices.GetAsync(context.Credential, refresh: false, cancellationToken).ConfigureAwait(false);
            var shared = await homes.GetAsync(context.Credential, cancellationToken).ConfigureAwait(false);
            return new SdmSharedHomes(shared, listed.Where(d => d.StructureName is not null)
                .ToDictionary(d => d.DeviceId, d => d.StructureName!, StringComparer.Ordinal));
        }
        catch (Exception e) when (e is SdmApiException or SmartHomeCam.Cameras.CameraSourceException)
        {
            return SdmSharedHomes.None;
        }
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string Base64Url(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);

    private sealed record LinkState(string UserId, string Nonce, string? Verifier, string DisplayName, string RedirectUri);
}
