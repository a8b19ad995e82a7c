using Microsoft.EntityFrameworkCore;
using SmartHomeCam.Data;
using SmartHomeCam.Server.Hosting;

namespace SmartHomeCam.Server.Cli;

/// <summary>
/// <c>database status</c> lists migrations not yet applied; <c>database migrate</c> applies them (the service also
/// does at start). Useful before rolling out a new version to replicas, or to check an upgrade.
/// </summary>
internal static class DatabaseCommand
{
    public static async Task<int> RunAsync(ParsedArguments args, TextWriter output)
    {
        var verb = args.Positional.FirstOrDefault();
        if (verb is not ("status" or "migrate"))
        {
            throw new UsageException("database needs 'status' or 'migrate'.");
        }

        await using var app = SmartHomeCamApp.Build(args.ConfigurationArgs, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var pending = await DatabaseInitializer.PendingAsync(db).ConfigureAwait(false);
        var provider = db.Database.IsNpgsql() ? "PostgreSQL" : "SQLite";
        if (pending.Count == 0)
        {
            await output.WriteLineAsync($"{provider} schema is up to date.").ConfigureAwait(false);
            return 0;
        }

        foreach (var migration in pending)
        {
            await output.WriteLineAsync($"{(verb == "migrate" ? "applying" : "pending")}  {migration}").ConfigureAwait(false);
        }

        if (verb == "migrate")
        {
            await DatabaseInitializer.MigrateAsync(db).ConfigureAwait(false);
            await output.WriteLineAsync($"{provider} schema is up to date ({pending.Count} applied).").ConfigureAwait(false);
        }

        return 0;
    }
}
