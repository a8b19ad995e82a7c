using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartHomeCam.Data;
using SmartHomeCam.Linking;

namespace SmartHomeCam.Server.Pages.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, AccountSignInThrottle throttle, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? ErrorMessage { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            ErrorMessage = "Enter your e-mail and password.";
            return Page();
        }

        if (!throttle.TryAcquire(Email))
        {
            logger.LogWarning("Sign-in attempts for one account exceeded the per-account limit.");
            Response.Headers.RetryAfter = "900";
            ErrorMessage = "Too many sign-in attempts for this account. Try again later.";
            return TooMany();
        }

        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }

        ErrorMessage = result.IsLockedOut
            ? "This account is locked for a while after repeated failed sign-ins."
            : "E-mail or password is not correct.";
        return Page();
    }

    private PageResult TooMany()
    {
        var page = Page();
        page.StatusCode = StatusCodes.Status429TooManyRequests;
        return page;
    }
}
