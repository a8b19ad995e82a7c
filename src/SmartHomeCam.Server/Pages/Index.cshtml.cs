using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;
using SmartHomeCam.Linking;
using SmartHomeCam.Streaming;
using SmartHomeCam.Streaming.Sessions;

namespace SmartHomeCam.Server.Pages;

/// <summary>The homeowner's dashboard: cameras with a live preview, capture sessions, Google linkings (with unlink).</summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class IndexModel(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, UserLinkings linkings, LinkRevoker revoker, AccountLifecycle accounts,
    ICameraCatalog catalog, IStreamUrls streams, IStreamSessions sessions, CameraEventLog cameraEventLog)
    : PageModel
{
    public string Email { get; private set; } = "";

    public string AgentUserId { get; private set; } = "";

    public IReadOnlyList<UserLinking> Linkings { get; private set; } = [];

    public string? DeleteError { get; private set; }

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

    public async Task<IActionResult> OnPostUnlinkAsync(string authorizationId, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(authorizationId) || !await linkings.OwnsAsync(user.Id, authorizationId, cancellationToken).ConfigureAwait(false))
        {
            return NotFound();
        }

        // Tokens, stream URLs and capture sessions of that linking all end with it.
        await revoker.RevokeAuthorizationAsync(authorizationId, cancellationToken).ConfigureAwait(false);
        return RedirectToPage();
    }

    /// <summary>Deletes the account after the password is entered again: every linking ends first.</summary>
    public async Task<IActionResult> OnPostDeleteAccountAsync(string? password, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password).ConfigureAwait(false))
        {
            DeleteError = "The password is not correct; the account was not deleted.";
            await LoadAsync(user, cancellationToken).ConfigureAwait(false);
            return Page();
        }

        DeleteError = await accounts.DeleteAsync(user, cancellationToken).ConfigureAwait(false);
        if (DeleteError is not null)
        {
            await LoadAsync(user, cancellationToken).ConfigureAwait(false);
            return Page();
        }

        await signIn.SignOutAsync().ConfigureAwait(false);
        return Redirect("/account/login");
    }

    private async Task LoadAsync(AppUser user, CancellationToken cancellationToken)
    {
        Email = user.Email ?? "";
        AgentUserId = user.AgentUserId;
        Cameras = await catalog.ListAsync(user.Id, refresh: false, cancellationToken).ConfigureAwait(false);
        CameraEvents = await cameraEventLog.RecentAsync(user.Id, 10, cancellationToken).ConfigureAwait(false);
        Sessions = sessions.List(user.Id);
        Linkings = await linkings.ListAsync(user.Id, cancellationToken).ConfigureAwait(false);
    }
}
