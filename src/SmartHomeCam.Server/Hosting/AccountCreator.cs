using Microsoft.AspNetCore.Identity;
using SmartHomeCam.Data;

namespace SmartHomeCam.Server.Hosting;

/// <summary>Creates homeowner accounts (CLI and first-run page) with a fresh opaque agentUserId.</summary>
public sealed class AccountCreator(UserManager<AppUser> users, TimeProvider clock, FirstRunSetup setup)
{
    /// <summary>A user-facing problem with the proposed e-mail/password, or null.</summary>
    public async Task<string?> ValidateAsync(string? email, string? password)
    {
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal) || email.Length > 254)
        {
            return "Enter a valid e-mail address.";
        }

        if (await users.FindByEmailAsync(email.Trim()).ConfigureAwait(false) is not null)
        {
            return "An account with that e-mail already exists.";
        }

        var probe = new AppUser { UserName = email.Trim(), Email = email.Trim() };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, probe, password).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return string.Join(" ", result.Errors.Select(e => e.Description));
            }
        }

        return null;
    }

    public async Task<(AppUser? User, string? Error)> CreateAsync(string email, string password)
    {
        var problem = await ValidateAsync(email, password).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        var user = new AppUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            AgentUserId = "acct-" + Guid.NewGuid().ToString("N"),
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return (null, string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        setup.Close();
        return (user, null);
    }
}
