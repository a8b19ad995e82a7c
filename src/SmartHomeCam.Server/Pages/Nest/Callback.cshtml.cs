using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;
using SmartHomeCam.Nest;

namespace SmartHomeCam.Server.Pages.Nest;

/// <summary>Google sends the owner back here with a code (or an error); we exchange it and store the Nest account.</summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class NestCallbackModel(UserManager<AppUser> users, SdmLinking linking) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? code, string? state, string? error, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        var nonce = Request.Cookies[NestRedirectUri.NonceCookie];
        Response.Cookies.Delete(NestRedirectUri.NonceCookie, new CookieOptions { Path = NestRedirectUri.Path });
        if (!string.IsNullOrEmpty(error))
        {
            return RedirectToPage("/Nest/Index", new { error = error == "access_denied" ? "You declined to share Nest devices." : "Google refused: " + Short(error) });
        }

        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(state) || string.IsNullOrEmpty(nonce))
        {
            return RedirectToPage("/Nest/Index", new { error = "The answer from Google is incomplete (or cookies are blocked); start again." });
        }

        try
        {
            var added = await linking.CompleteAsync(user.Id, state, code, nonce, cancellationToken).ConfigureAwait(false);
            return RedirectToPage("/Nest/Index", new { linked = added.Id });
        }
        catch (ConnectionRejectedException e)
        {
            return RedirectToPage("/Nest/Index", new { error = e.Message });
        }
    }

    private static string Short(string text) => text.Length > 80 ? text[..80] : text;
}
