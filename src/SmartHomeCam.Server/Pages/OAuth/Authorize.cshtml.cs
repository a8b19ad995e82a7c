using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SmartHomeCam.Data;
using SmartHomeCam.Linking;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SmartHomeCam.Server.Pages.OAuth;

/// <summary>
/// The authorization endpoint's own part (spec §4.1), behind OpenIddict in passthrough mode: OpenIddict has already
/// validated client, redirect URI, response type and PKCE; this page asks a signed-in user for consent and hands the
/// decision back to OpenIddict, which issues the code (Allow) or redirects with <c>access_denied</c> (Deny). Errors
/// that must not be redirected (unknown client, redirect URI not registered) arrive here too and become an error page.
/// Sign-in is enforced here rather than by [Authorize] so that such errors show before anyone is asked to sign in.
/// </summary>
[AllowAnonymous]
public sealed class AuthorizeModel(UserManager<AppUser> users, IOpenIddictApplicationManager applications) : PageModel
{
    public string ClientName { get; private set; } = "";

    public string? ErrorMessage { get; private set; }

    /// <summary>The request's parameters, posted back with the decision so OpenIddict validates them again.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> HiddenFields { get; private set; } = [];

    public IReadOnlyList<string> RequestedScopes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await RejectedAsync(cancellationToken).ConfigureAwait(false) is { } error)
        {
            return error;
        }

        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge(new AuthenticationProperties { RedirectUri = Request.PathBase + Request.Path + Request.QueryString }, IdentityConstants.ApplicationScheme);
        }

        await ShowConsentAsync(cancellationToken).ConfigureAwait(false);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? decision, CancellationToken cancellationToken)
    {
        if (await RejectedAsync(cancellationToken).ConfigureAwait(false) is { } error)
        {
            return error;
        }

        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge(IdentityConstants.ApplicationScheme);
        }

        if (decision != "allow")
        {
            return Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user denied access.",
                }),
                OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        var request = HttpContext.GetOpenIddictServerRequest()!;
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(LinkingClaims.AgentUserId, user.AgentUserId)
            .SetClaim(LinkingClaims.ClientId, request.ClientId);
        // Google asks for no scope, or what its console says; a refresh token is always part of a linking, and
        // this server is no OpenID provider (no identity tokens).
        identity.SetScopes(request.GetScopes().Where(s => s != Scopes.OpenId).Append(Scopes.OfflineAccess).Distinct(StringComparer.Ordinal));
        // Everything /fulfillment needs travels in the (encrypted) access token: no database read per request.
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Null when OpenIddict accepted the request. Otherwise RFC 6749 §4.1.2.1: a registered client with an exactly
    /// registered redirect URI gets the error redirected with the unchanged state; anything else an error page,
    /// never a redirect. (OpenIddict checks some parameters, e.g. response_type and PKCE, before the client, so it
    /// cannot always redirect such errors itself.)
    /// </summary>
    private async Task<IActionResult?> RejectedAsync(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest();
        var response = HttpContext.GetOpenIddictServerResponse();
        if (response?.Error is null && request is not null)
        {
            return null;
        }

        if (response?.Error is { } error && error != Errors.InvalidClient && request is { ClientId: { } clientId, RedirectUri: { } redirectUri } &&
            await applications.FindByClientIdAsync(clientId, cancellationToken).ConfigureAwait(false) is { } application &&
            await applications.ValidateRedirectUriAsync(application, redirectUri, cancellationToken).ConfigureAwait(false))
        {
            return Redirect(QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?>
            {
                [Parameters.Error] = error,
                [Parameters.ErrorDescription] = response.ErrorDescription,
                [Parameters.State] = request.State,
            }.Where(p => p.Value is not null)));
        }

        ErrorMessage = response?.Error switch
        {
            Errors.InvalidClient => "The application asking for access is not registered with this server.",
            Errors.InvalidRequest when response.ErrorDescription?.Contains("redirect_uri", StringComparison.Ordinal) == true =>
                "The redirect address does not match the application's registration.",
            null => "This address only answers account-linking requests.",
            _ => $"The link request is invalid ({response.Error}).",
        };
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    private async Task ShowConsentAsync(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest()!;
        var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken).ConfigureAwait(false);
        var name = application is null ? null : await applications.GetDisplayNameAsync(application, cancellationToken).ConfigureAwait(false);
        ClientName = string.IsNullOrEmpty(name) ? request.ClientId! : name;
        RequestedScopes = [.. request.GetScopes()];
        HiddenFields = [.. request.GetParameters()
            .Where(p => (string?)p.Value is { Length: > 0 })
            .Select(p => KeyValuePair.Create(p.Key, (string)p.Value!))];
    }
}
