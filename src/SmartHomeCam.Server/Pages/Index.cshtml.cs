using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartHomeCam.Data;
using SmartHomeCam.Linking;

namespace SmartHomeCam.Server.Pages;

/// <summary>The homeowner's dashboard: account, active Google linkings (with unlink).</summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class IndexModel(UserManager<AppUser> users, AppDbContext db, TokenService tokens) : PageModel
{
    public string Email { get; private set; } = "";

    public string AgentUserId { get; private set; } = "";

    public IReadOnlyList<Linking> Linkings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        Email = user.Email ?? "";
        AgentUserId = user.AgentUserId;
        Linkings = await db.OAuthGrants.AsNoTracking()
            .Where(g => g.UserId == user.Id && g.RevokedAt == null)
            .Join(db.OAuthClients, g => g.ClientId, c => c.ClientId, (g, c) => new Linking(g.Id, c.DisplayName, g.CreatedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        // Only grants whose code was redeemed (tokens exist) count as linkings.
        var live = await db.OAuthTokens.AsNoTracking()
            .Where(t => t.UserId == user.Id && t.RevokedAt == null && t.Kind == OAuthTokenKind.Refresh)
            .Select(t => t.GrantId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        Linkings = Linkings.Where(l => live.Contains(l.GrantId)).OrderBy(l => l.CreatedAt).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostUnlinkAsync(Guid grantId, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        var owned = await db.OAuthGrants.AnyAsync(g => g.Id == grantId && g.UserId == user.Id, cancellationToken).ConfigureAwait(false);
        if (!owned)
        {
            return NotFound();
        }

        await tokens.RevokeGrantAsync(grantId, cancellationToken).ConfigureAwait(false);
        return RedirectToPage();
    }

    public sealed record Linking(Guid GrantId, string ClientName, DateTimeOffset CreatedAt);
}
