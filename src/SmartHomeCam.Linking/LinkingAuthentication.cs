using OpenIddict.Validation.AspNetCore;

namespace SmartHomeCam.Linking;

/// <summary>The authentication scheme of bearer-protected endpoints (OpenIddict validation against our own server).</summary>
public static class LinkingAuthentication
{
    public const string Scheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
}
