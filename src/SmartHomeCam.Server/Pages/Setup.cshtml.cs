using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartHomeCam.Data;
using SmartHomeCam.Server.Hosting;

namespace SmartHomeCam.Server.Pages;

public sealed class SetupModel(FirstRunSetup setup, AccountCreator accounts, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty]
    public string? SetupCode { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? ErrorMessage { get; private set; }

    public IActionResult OnGet() => setup.IsOpen ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!setup.IsOpen)
        {
            return NotFound();
        }

        // Validate the account first so a typo in the password does not burn the one-time code.
        var problem = await accounts.ValidateAsync(Email, Password).ConfigureAwait(false);
        if (problem is not null)
        {
            ErrorMessage = problem;
            return Page();
        }

        if (!setup.TryConsume(SetupCode))
        {
            ErrorMessage = "That setup code is not correct.";
            return Page();
        }

        var (user, error) = await accounts.CreateAsync(Email!, Password!).ConfigureAwait(false);
        if (user is null)
        {
            ErrorMessage = error;
            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false).ConfigureAwait(false);
        return LocalRedirect("/");
    }
}
