using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartHomeCam.Data;
using SmartHomeCam.Server.Hosting;

namespace SmartHomeCam.Server.Pages.Account;

/// <summary>
/// The sign-in form. Every wrong or unknown e-mail/password gets the same page after the same work; throttling
/// is per address and account (see <see cref="SignInThrottle"/>) instead of an account lock-out.
/// </summary>
public sealed class LoginModel(
    SignInManager<AppUser> signIn, SignInThrottle throttle, UnknownAccountPasswordCheck unknownAccount, ILogger<LoginModel> logger) : PageModel
{
    public const string WrongCredentials = "E-mail or password is not correct.";

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

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            ErrorMessage = "Enter your e-mail and password.";
            return Page();
        }

        var email = Email.Trim();
        var address = ClientAddress.Key(HttpContext);
        if (!throttle.TryBegin(address, email, out var retryAfter))
        {
            logger.LogInformation("Sign-in attempt refused: too many recent failures from this address for this e-mail.");
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ErrorMessage = $"Too many failed sign-ins. Try again in {seconds} s.";
            var page = Page();
            page.StatusCode = StatusCodes.Status429TooManyRequests;
            return page;
        }

        AppUser? user = null;
        var succeeded = false;
        try
        {
            using (await throttle.WaitForTurnAsync(email, cancellationToken).ConfigureAwait(false))
            {
                user = await signIn.UserManager.FindByNameAsync(email).ConfigureAwait(false);
                succeeded = user is null
                    ? unknownAccount.Verify(Password)
                    : (await signIn.CheckPasswordSignInAsync(user, Password, lockoutOnFailure: false).ConfigureAwait(false)).Succeeded;
            }
        }
        finally
        {
            throttle.Complete(address, email, succeeded);
        }

        if (succeeded)
        {
            await signIn.SignInAsync(user!, isPersistent: false).ConfigureAwait(false);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }

        // One message for an unknown e-mail and a wrong password alike.
        ErrorMessage = WrongCredentials;
        return Page();
    }
}
