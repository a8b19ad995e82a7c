using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;

namespace SmartHomeCam.Server.Pages.Cameras;

/// <summary>
/// Camera management: provider connections (add, reconnect, remove, last error), the owner's name and room per
/// camera, removing a camera, raising demo events, and the account's recent camera events.
/// </summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class CamerasModel(
    UserManager<AppUser> users,
    ICameraCatalog catalog,
    ConnectionManager connections,
    CameraOwnerSettings owner,
    DemoEventRaiser demoEvents,
    CameraEventLog eventLog) : PageModel
{
    public IReadOnlyList<CatalogCamera> Cameras { get; private set; } = [];

    public IReadOnlyList<ConnectionSummary> Connections { get; private set; } = [];

    public IReadOnlyList<IConnectableCameraProvider> Providers => connections.Providers;

    public IReadOnlyList<LoggedCameraEvent> Events { get; private set; } = [];

    /// <summary>What the last action did, or why it could not.</summary>
    public string? Message { get; private set; }

    public bool MessageIsError { get; private set; }

    public static IReadOnlyList<string> EventKinds { get; } = Enum.GetNames<CameraEventKind>().Select(n => n.ToLowerInvariant()).ToList();

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => WithUserAsync(_ => Task.FromResult<string?>(null), cancellationToken);

    public Task<IActionResult> OnPostAddConnectionAsync(string providerId, string? name, string? credential, CancellationToken cancellationToken) =>
        WithUserAsync(async user =>
        {
            var provider = Providers.FirstOrDefault(p => p.Id == providerId);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var field in provider?.Fields ?? [])
            {
                if (Request.Form.TryGetValue("field." + field.Name, out var value) && !string.IsNullOrWhiteSpace(value))
                {
                    fields[field.Name] = value.ToString();
                }
            }

            var added = await connections.AddAsync(user.Id, providerId, new ConnectionRequest(name ?? "", fields, credential), cancellationToken).ConfigureAwait(false);
            return added.LastError is null ? $"Connected {added.DisplayName}." : Fail($"Connected {added.DisplayName}, but listing failed: {added.LastError}");
        }, cancellationToken);

    public Task<IActionResult> OnPostReconnectAsync(Guid connectionId, CancellationToken cancellationToken) =>
        WithUserAsync(async user =>
        {
            var summary = await connections.ReconnectAsync(user.Id, connectionId, newCredential: null, cancellationToken).ConfigureAwait(false);
            return summary is null ? Fail("No such connection.")
                : summary.LastError is null ? $"{summary.DisplayName} is listing fine." : Fail($"{summary.DisplayName}: {summary.LastError}");
        }, cancellationToken);

    public Task<IActionResult> OnPostRemoveConnectionAsync(Guid connectionId, CancellationToken cancellationToken) =>
        WithUserAsync(async user => await connections.RemoveAsync(user.Id, connectionId, cancellationToken).ConfigureAwait(false)
            ? "Connection removed." : Fail("No such connection."), cancellationToken);

    public Task<IActionResult> OnPostRenameAsync(string deviceId, string? name, CancellationToken cancellationToken) =>
        WithUserAsync(async user => await owner.RenameAsync(user.Id, deviceId, name, cancellationToken).ConfigureAwait(false)
            ? "Name saved." : Fail("No such camera."), cancellationToken);

    public Task<IActionResult> OnPostRoomAsync(string deviceId, string? room, CancellationToken cancellationToken) =>
        WithUserAsync(async user => await owner.SetRoomAsync(user.Id, deviceId, room, cancellationToken).ConfigureAwait(false)
            ? "Room saved." : Fail("No such camera."), cancellationToken);

    public Task<IActionResult> OnPostRemoveCameraAsync(string deviceId, CancellationToken cancellationToken) =>
        WithUserAsync(async user => await owner.RemoveAsync(user.Id, deviceId, cancellationToken).ConfigureAwait(false)
            ? "Camera removed." : Fail("No such camera."), cancellationToken);

    public Task<IActionResult> OnPostDemoEventAsync(string deviceId, string kind, int? battery, CancellationToken cancellationToken) =>
        WithUserAsync(async user =>
        {
            if (!Enum.TryParse<CameraEventKind>(kind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Fail($"Unknown event kind '{kind}'.");
            }

            var outcome = await demoEvents.RaiseAsync(user.Id, deviceId, parsed, battery, eventId: null, cancellationToken).ConfigureAwait(false);
            return outcome.EventId is null ? $"Camera is now {parsed.ToString().ToLowerInvariant()}." : $"Event {outcome.EventId} raised.";
        }, cancellationToken);

    private string Fail(string message)
    {
        MessageIsError = true;
        return message;
    }

    /// <summary>Runs an action for the signed-in owner, turning input problems into a message, then shows the page.</summary>
    private async Task<IActionResult> WithUserAsync(Func<AppUser, Task<string?>> action, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        try
        {
            Message = await action(user).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ConnectionRejectedException or ArgumentException)
        {
            Message = Fail(e.Message);
        }

        if (MessageIsError)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        Cameras = await catalog.ListAsync(user.Id, refresh: false, cancellationToken).ConfigureAwait(false);
        Connections = await connections.ListAsync(user.Id, cancellationToken).ConfigureAwait(false);
        Events = await eventLog.RecentAsync(user.Id, 20, cancellationToken).ConfigureAwait(false);
        return Page();
    }
}
