using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;
using SmartHomeCam.Nest;
using SmartHomeCam.Server.Hosting;

namespace SmartHomeCam.Server.Pages.Nest;

/// <summary>
/// The owner's Nest accounts: link one (through Google's Partner Connections consent page), see which homes,
/// rooms and cameras it shared and whether each streams over RTSP or needs WebRTC, and "Disconnect Nest".
/// </summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class NestModel(
    UserManager<AppUser> users,
    SdmLinking linking,
    ConnectionManager connections,
    ICameraCatalog catalog,
    IOptions<SdmOptions> nest,
    IOptions<ServerOptions> server) : PageModel
{
    public bool Enabled => linking.Enabled;

    public IReadOnlyList<ConnectionSummary> Accounts { get; private set; } = [];

    public IReadOnlyList<CatalogCamera> Cameras { get; private set; } = [];

    public string? Message { get; private set; }

    public bool MessageIsError { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? linked, string? error, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user.Id, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            (Message, MessageIsError) = (error, true);
        }
        else if (linked is { } id && Accounts.FirstOrDefault(a => a.Id == id) is { } account)
        {
            Message = account.LastError is null
                ? $"Linked {account.DisplayName}: {account.CameraCount} camera(s) shared."
                : $"Linked {account.DisplayName}, but listing failed: {account.LastError}";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostLinkAsync(string? name, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        try
        {
            var display = string.IsNullOrWhiteSpace(name) ? "Nest" : name.Trim();
            var (consent, nonce) = linking.Begin(user.Id, display, NestRedirectUri.For(Request, nest, server));
            Response.Cookies.Append(NestRedirectUri.NonceCookie, nonce, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax, // the callback is a top-level navigation back from Google
                Secure = Request.IsHttps,
                Path = NestRedirectUri.Path,
                MaxAge = TimeSpan.FromMinutes(15),
            });
            return Redirect(consent.ToString());
        }
        catch (ConnectionRejectedException e)
        {
            (Message, MessageIsError) = (e.Message, true);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(user.Id, cancellationToken).ConfigureAwait(false);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostDisconnectAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        var removed = await linking.DisconnectAsync(user.Id, connectionId, cancellationToken).ConfigureAwait(false);
        (Message, MessageIsError) = removed ? ("Nest account disconnected; its tokens are deleted.", false) : ("No such Nest account.", true);
        if (!removed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await LoadAsync(user.Id, cancellationToken).ConfigureAwait(false);
        return Page();
    }

    public IEnumerable<CatalogCamera> CamerasOf(Guid connectionId) => Cameras.Where(c => c.ConnectionId == connectionId);

    /// <summary>The Nest homes each account shared, and the home of each of its cameras.</summary>
    public IReadOnlyDictionary<Guid, SdmSharedHomes> Homes { get; private set; } = new Dictionary<Guid, SdmSharedHomes>();

    public string? HomeOf(CatalogCamera camera) =>
        camera.ConnectionId is { } id && Homes.TryGetValue(id, out var homes)
        && ConnectionCameraIds.TryParse(camera.ProviderCameraId, out _, out var device) && homes.HomeOfDevice.TryGetValue(device, out var home)
            ? home : null;

    public static bool NeedsWebRtc(CatalogCamera camera) => camera.DeviceInfo.HwVersion == "WebRTC";

    private async Task LoadAsync(string userId, CancellationToken cancellationToken)
    {
        Accounts = (await connections.ListAsync(userId, cancellationToken).ConfigureAwait(false))
            .Where(c => c.ProviderId == SdmCameraProvider.ProviderId).ToList();
        Cameras = (await catalog.ListAsync(userId, refresh: false, cancellationToken).ConfigureAwait(false))
            .Where(c => c.ProviderId == SdmCameraProvider.ProviderId).ToList();
        var homes = new Dictionary<Guid, SdmSharedHomes>();
        foreach (var account in Accounts)
        {
            homes[account.Id] = await linking.SharedHomesAsync(userId, account.Id, cancellationToken).ConfigureAwait(false);
        }

        Homes = homes;
    }
}
