using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;
using SmartHomeCam.Linking;
using SmartHomeCam.Streaming;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Server.Pages;

/// <summary>The homeowner's dashboard: cameras with a live preview, capture sessions, Google linkings (with unlink).</summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class IndexModel(
    UserManager<AppUser> users, AppDbContext db, TokenService tokens, ICameraCatalog catalog, IStreamUrls streams, IStreamSessions sessions, StreamTokenService streamTokens,
    CameraEventLog cameraEventLog)
    : PageModel
{
    public string Email { get; private set; } = "";

    public string AgentUserId { get; private set; } = "";

    public IReadOnlyList<Linking> Linkings { get; private set; } = [];

    public IReadOnlyList<CatalogCamera> Cameras { get; private set; } = [];

    public IReadOnlyList<CaptureSessionInfo> Sessions { get; private set; } = [];

    public IReadOnlyList<LoggedCameraEvent> CameraEvents { get; private set; } = [];

    public string? PreviewUrl { get; private set; }

    public string? PreviewName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user, cancellationToken).ConfigureAwait(false);
        return Page();
    }

    /// <summary>Starts (or joins) the camera's capture session exactly as a Google EXECUTE would, and shows it.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string deviceId, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        var found = await catalog.FindAsync(user.Id, deviceId, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return NotFound();
        }

        var grant = await streams.GrantAsync(user.Id, deviceId, "dashboard-" + HttpContext.TraceIdentifier, cancellationToken).ConfigureAwait(false);
        if (grant.Status != StreamGrantStatus.Granted)
        {
            return NotFound();
        }

        PreviewUrl = grant.PlaylistPath;
        PreviewName = found.Name;
        await LoadAsync(user, cancellationToken).ConfigureAwait(false);
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
        // Stream URLs handed out through that linking die with it.
        streamTokens.RevokeUser(user.Id);
        return RedirectToPage();
    }

    private async Task LoadAsync(AppUser user, CancellationToken cancellationToken)
    {
        Email = user.Email ?? "";
        AgentUserId = user.AgentUserId;
        Cameras = await catalog.ListAsync(user.Id, refresh: false, cancellationToken).ConfigureAwait(false);
        CameraEvents = await cameraEventLog.RecentAsync(user.Id, 10, cancellationToken).ConfigureAwait(false);
        Sessions = sessions.List(user.Id);
        // A linking is a live grant whose code was redeemed, i.e. that still has a refresh token.
        var linkings = await db.OAuthGrants.AsNoTracking()
            .Where(g => g.UserId == user.Id && g.RevokedAt == null &&
                        db.OAuthTokens.Any(t => t.GrantId == g.Id && t.Kind == OAuthTokenKind.Refresh && t.RevokedAt == null))
            .Join(db.OAuthClients, g => g.ClientId, c => c.ClientId, (g, c) => new Linking(g.Id, c.DisplayName, g.CreatedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        Linkings = linkings.OrderBy(l => l.CreatedAt).ToList();
    }

    public sealed record Linking(Guid GrantId, string ClientName, DateTimeOffset CreatedAt);
}
