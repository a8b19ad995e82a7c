using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartHomeCam.Data;
using SmartHomeCam.Linking;

namespace SmartHomeCam.Server.Pages.OAuth;

/// <summary>
/// The authorization endpoint (spec §4.1): validates, asks a signed-in user for consent, and redirects back
/// with a one-time code. Sign-in is enforced here rather than by [Authorize] so that an unknown client or
/// redirect URI is reported before anyone is asked to sign in.
/// </summary>
[AllowAnonymous]
public sealed class AuthorizeModel(AuthorizationRequestValidator validator, AuthorizationCodeIssuer issuer, UserManager<AppUser> users)
    : PageModel
{
    public AuthorizationRequest LinkRequest { get; private set; } = new(null, null, null, null, null, null, null, null);

    public string ClientName { get; private set; } = "";

    public string? ErrorMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        LinkRequest = ReadRequest(HttpContext.Request.Query);
        var validation = await validator.ValidateAsync(LinkRequest, cancellationToken).ConfigureAwait(false);
        if (validation.Kind != AuthorizationValidationKind.Valid)
        {
            return Reject(validation);
        }

        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }

        ClientName = validation.Client!.DisplayName.Length > 0 ? validation.Client.DisplayName : validation.Client.ClientId;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? decision, CancellationToken cancellationToken)
    {
        LinkRequest = ReadRequest(HttpContext.Request.Form);
        var validation = await validator.ValidateAsync(LinkRequest, cancellationToken).ConfigureAwait(false);
        if (validation.Kind != AuthorizationValidationKind.Valid)
        {
            return Reject(validation);
        }

        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        if (decision != "allow")
        {
            return Redirect(RedirectBuilder.WithError(LinkRequest.RedirectUri!, "access_denied", "The user denied access.", LinkRequest.State));
        }

        var code = await issuer.IssueAsync(user.Id, validation.Client!, LinkRequest, cancellationToken).ConfigureAwait(false);
        return Redirect(RedirectBuilder.WithCode(LinkRequest.RedirectUri!, code, LinkRequest.State));
    }

    private IActionResult Reject(AuthorizationValidation validation)
    {
        if (validation.Kind == AuthorizationValidationKind.RedirectError)
        {
            return Redirect(RedirectBuilder.WithError(LinkRequest.RedirectUri!, validation.Error!, validation.ErrorDescription, LinkRequest.State));
        }

        ErrorMessage = validation.ErrorDescription;
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    private static AuthorizationRequest ReadRequest(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values)
    {
        var map = values.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        string? Get(string name) => map.TryGetValue(name, out var v) && v.Count == 1 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;
        return new AuthorizationRequest(
            Get("response_type"), Get("client_id"), Get("redirect_uri"), Get("state"), Get("scope"),
            Get("code_challenge"), Get("code_challenge_method"), Get("user_locale"));
    }
}
