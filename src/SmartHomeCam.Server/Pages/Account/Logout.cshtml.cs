using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartHomeCam.Data;

namespace SmartHomeCam.Server.Pages.Account;

/// <summary>
/// Signing out rotates the account's security stamp, so every cookie issued before (a copied one included) is
/// refused by the stamp check on its next request, not just the one this browser deletes.
/// </summary>
public sealed class LogoutModel(SignInManager<AppUser> signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.UserManager.GetUserAsync(User).ConfigureAwait(false);
        if (user is not null)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        }

        await signIn.SignOutAsync().ConfigureAwait(false);
        return LocalRedirect("/account/login");
    }
}
