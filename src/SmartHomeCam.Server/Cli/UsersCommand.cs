using Microsoft.EntityFrameworkCore;
using SmartHomeCam.Data;
using SmartHomeCam.Server.Hosting;

namespace SmartHomeCam.Server.Cli;

internal static class UsersCommand
{
    public static async Task<int> RunAsync(WebApplication app, ParsedArguments args, TextReader input, TextWriter output, TextWriter error)
    {
        await using var scope = app.Services.CreateAsyncScope();
        switch (args.Positional.FirstOrDefault())
        {
            case "add":
            {
                var email = args.Positional.ElementAtOrDefault(1) ?? throw new UsageException("users add needs an e-mail address.");
                var password = args.Has("password-stdin")
                    ? (await input.ReadLineAsync().ConfigureAwait(false))?.TrimEnd('\r', '\n')
                    : PasswordPrompt.Read(output);
                var (user, problem) = await scope.ServiceProvider.GetRequiredService<AccountCreator>()
                    .CreateAsync(email, password ?? "").ConfigureAwait(false);
                if (user is null)
                {
                    await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                    return 1;
                }

                await output.WriteLineAsync($"Created {user.Email} (agent id {user.AgentUserId}).").ConfigureAwait(false);
                return 0;
            }

            case "list":
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync().ConfigureAwait(false);
                foreach (var user in users)
                {
                    await output.WriteLineAsync($"{user.Email}\t{user.AgentUserId}").ConfigureAwait(false);
                }

                return 0;
            }

            default:
                throw new UsageException("users takes 'add <email>' or 'list'.");
        }
    }
}
