using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SmartHomeCam.Data;
using SmartHomeCam.HomeGraph;
using SmartHomeCam.HomeGraph.Reporting;

namespace SmartHomeCam.Server.Pages.HomeGraph;

/// <summary>Report state status of the signed-in account: configured, known to Google, stopped, last report, last request-sync, last error.</summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class HomeGraphStatusModel(UserManager<AppUser> users, HomeGraphAccountStore accounts, IOptions<HomeGraphOptions> options) : PageModel
{
    public bool Configured => options.Value.IsConfigured;

    public HomeGraphAccount? Account { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        Account = await accounts.FindAsync(user.Id, cancellationToken).ConfigureAwait(false);
        return Page();
    }
}
