using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartHomeCam.Arlo;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;

namespace SmartHomeCam.Server.Pages.Arlo;

/// <summary>
/// The built-in basestation's discovered cameras (serial, model, address, battery, signal, last heard) and a claim
/// form for each: claiming adds an "arlo" connection, so the camera becomes a CAMERA of this account.
/// </summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class ArloModel(
    UserManager<AppUser> users,
    ArloCameraRegistry registry,
    ArloClaims claims,
    ArloBasestation basestation,
    ConnectionManager connections) : PageModel
{
    public IReadOnlyList<(ArloCameraRecord Camera, bool Claimed)> Discovered { get; private set; } = [];

    public bool Listening => basestation.Running;

    public string? Message { get; private set; }

    public bool MessageIsError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        return Page();
    }

    public async Task<IActionResult> OnPostClaimAsync(string serial, string? name, string? room, string? transport, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { [ArloCameraProvider.SerialField] = serial ?? "" };
        if (!string.IsNullOrWhiteSpace(name))
        {
            fields[ArloCameraProvider.CameraField] = name;
        }

        if (!string.IsNullOrWhiteSpace(room))
        {
            fields[ArloCameraProvider.RoomField] = room;
        }

        if (!string.IsNullOrWhiteSpace(transport))
        {
            fields[ArloCameraProvider.TransportField] = transport;
        }

        try
        {
            var added = await connections.AddAsync(user.Id, ArloCameraProvider.ProviderId, new ConnectionRequest(name ?? serial ?? "", fields, null), cancellationToken)
                .ConfigureAwait(false);
            Message = $"Claimed {added.DisplayName}: it is now one of your cameras.";
        }
        catch (ConnectionRejectedException ex)
        {
            Message = ex.Message;
            MessageIsError = true;
        }

        await LoadAsync(cancellationToken).ConfigureAwait(false);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var list = new List<(ArloCameraRecord, bool)>();
        foreach (var camera in await registry.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add((camera, (await claims.FindAsync(camera.Serial, cancellationToken).ConfigureAwait(false)).Count > 0));
        }

        Discovered = list;
    }
}
