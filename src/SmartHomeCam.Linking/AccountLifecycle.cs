using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmartHomeCam.Data;

namespace SmartHomeCam.Linking;

/// <summary>
/// Password change and account deletion. Both end every linking of the account through <see cref="LinkRevoker"/>
/// first: whoever knew the old password may have linked something, and a deleted account must leave no token alive.
/// </summary>
public sealed class AccountLifecycle(UserManager<AppUser> users, LinkRevoker revoker, AppDbContext db)
{
    /// <summary>Sets a new password (policy-checked), rotates the security stamp and ends every linking; null or an error.</summary>
    public async Task<string?> ChangePasswordAsync(AppUser user, string newPassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var reset = await users.GeneratePasswordResetTokenAsync(user).ConfigureAwait(false);
        var result = await users.ResetPasswordAsync(user, reset, newPassword).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return string.Join(" ", result.Errors.Select(e => e.Description));
        }

        await revoker.RevokeAllLinksAsync(user.Id, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Ends every linking, then deletes the account and its device ids; null or an error.</summary>
    public async Task<string?> DeleteAsync(AppUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await revoker.RevokeAllLinksAsync(user.Id, cancellationToken).ConfigureAwait(false);
        await db.CameraDevices.Where(d => d.UserId == user.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var result = await users.DeleteAsync(user).ConfigureAwait(false);
        return result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Description));
    }
}
