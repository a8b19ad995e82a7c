using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmartHomeCam.Data;
using SmartHomeCam.Linking;
using SmartHomeCam.Server.Hosting;

namespace SmartHomeCam.Server.Cli;

internal static class UsersCommand
{
    public static async Task<int> RunAsync(WebApplication app, ParsedArguments args, TextReader input, TextWriter output, TextWriter error)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        switch (args.Positional.FirstOrDefault())
        {
            case "add":
            {
                var email = args.Positional.ElementAtOrDefault(1) ?? throw new UsageException("users add needs an e-mail address.");
                var password = await ReadPasswordAsync(args, input, output).ConfigureAwait(false);
                var (user, problem) = await services.GetRequiredService<AccountCreator>().CreateAsync(email, password).ConfigureAwait(false);
                if (user is null)
                {
                    await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                    return 1;
                }

                await output.WriteLineAsync($"Created {user.Email} (agent id {user.AgentUserId}).").ConfigureAwait(false);
                return 0;
            }

            case "set-password":
            {
                var user = await FindAsync(services, args, "set-password", error).ConfigureAwait(false);
                if (user is null)
                {
                    return 1;
                }

                var password = await ReadPasswordAsync(args, input, output).ConfigureAwait(false);
                var problem = await services.GetRequiredService<AccountLifecycle>().ChangePasswordAsync(user, password, CancellationToken.None).ConfigureAwait(false);
                if (problem is not null)
                {
                    await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                    return 1;
                }

                await output.WriteLineAsync($"Password of {user.Email} changed; every Google linking of the account was ended.").ConfigureAwait(false);
                return 0;
            }

            case "delete":
            {
                var user = await FindAsync(services, args, "delete", error).ConfigureAwait(false);
                if (user is null)
                {
                    return 1;
                }

                var problem = await services.GetRequiredService<AccountLifecycle>().DeleteAsync(user, CancellationToken.None).ConfigureAwait(false);
                if (problem is not null)
                {
                    await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                    return 1;
                }

                await output.WriteLineAsync($"Deleted {user.Email}; every Google linking of the account was ended.").ConfigureAwait(false);
                return 0;
            }

            case "list":
            {
                var db = services.GetRequiredService<AppDbContext>();
                var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync().ConfigureAwait(false);
                foreach (var user in users)
                {
                    await output.WriteLineAsync($"{user.Email}\t{user.AgentUserId}").ConfigureAwait(false);
                }

                return 0;
            }

            default:
                throw new UsageException("users takes 'add <email>', 'set-password <email>', 'delete <email>' or 'list'.");
        }
    }

    /// <summary>The one password input of every command: piped with --password-stdin, else prompted without echo.</summary>
    private static async Task<string> ReadPasswordAsync(ParsedArguments args, TextReader input, TextWriter output) =>
        (args.Has("password-stdin")
            ? (await input.ReadLineAsync().ConfigureAwait(false))?.TrimEnd('\r', '\n')
            : PasswordPrompt.Read(output)) ?? "";

    private static async Task<AppUser?> FindAsync(IServiceProvider services, ParsedArguments args, string verb, TextWriter error)
    {
        var email = args.Positional.ElementAtOrDefault(1) ?? throw new UsageException($"users {verb} needs an e-mail address.");
        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email.Trim()).ConfigureAwait(false);
        if (user is null)
        {
            await error.WriteLineAsync($"error: no account with the e-mail {email}.").ConfigureAwait(false);
        }

        return user;
    }
}
