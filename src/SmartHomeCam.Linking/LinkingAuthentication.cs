using OpenIddict.Validation.AspNetCore;

namespace SmartHomeCam.Linking;

/// <summary>The authentication schemes of bearer-protected endpoints.</summary>
public static class LinkingAuthentication
{
    /// <summary>OpenIddict validation against our own server: decrypts and checks the token on every request.</summary>
    public const string Scheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;

    /// <summary>
    /// <see cref="Scheme"/> behind <see cref="ValidatedTokenCache"/>: what Google's hot path (/fulfillment) uses, so a
    /// burst of QUERY/EXECUTE pays the token's decryption once, while revocation is still checked on every request.
    /// </summary>
    public const string CachedScheme = "LinkedBearer";
}
