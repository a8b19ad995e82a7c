using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartHomeCam.Cameras;
using SmartHomeCam.Data;
using SmartHomeCam.Streaming.ScaleOut;

namespace SmartHomeCam.Server.Pages.Replicas;

/// <summary>
/// For operators: the live replicas (from their heartbeats) and which replica owns each camera's capture session.
/// Another account's camera is shown as such, without its device id: accounts are homes, not operators.
/// </summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class ReplicasModel(UserManager<AppUser> users, ICameraCatalog catalog, ReplicaDirectory directory) : PageModel
{
    public IReadOnlyList<ReplicaRecord> Replicas { get; private set; } = [];

    public IReadOnlyList<OwnerRow> Owners { get; private set; } = [];

    public string SelfId => directory.SelfId;

    public bool Shared => directory.Shared;

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            return Challenge();
        }

        try
        {
            Replicas = await directory.ReplicasAsync().ConfigureAwait(false);
            var mine = (await catalog.ListAsync(user.Id, refresh: false, cancellationToken).ConfigureAwait(false))
                .ToDictionary(c => c.DeviceId, c => c.Name, StringComparer.Ordinal);
            Owners = [.. (await directory.OwnersAsync().ConfigureAwait(false))
                .Select(o => new OwnerRow(mine.TryGetValue(o.DeviceId, out var name) ? $"{name} ({o.DeviceId})" : "another account's camera", o.ReplicaId, o.FencingNumber))];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Error = "Coordination (Redis) cannot be read right now: " + e.GetType().Name;
        }

        return Page();
    }

    public sealed record OwnerRow(string Camera, string ReplicaId, long FencingNumber);
}
