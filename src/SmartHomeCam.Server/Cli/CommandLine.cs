using SmartHomeCam.Server.Hosting;

namespace SmartHomeCam.Server.Cli;

/// <summary>
/// Administration commands of the same binary. Hand-rolled on purpose: a few verbs with positional
/// arguments do not justify a parser dependency, and every error here prints usage and exits 2.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["users", "clients", "cameras", "database", "google-sim", "health", "help", "--help", "-h"];

    public static bool IsCommand(string[] args) => args is { Length: > 0 } && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args, TextReader? input = null, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        input ??= Console.In;
        output ??= Console.Out;
        error ??= Console.Error;
        var parsed = ParsedArguments.Parse(args.Skip(1));
        try
        {
            switch (args[0])
            {
                case "users":
                    return await WithApp(parsed, app => UsersCommand.RunAsync(app, parsed, input, output, error)).ConfigureAwait(false);
                case "clients":
                    return await WithApp(parsed, app => ClientsCommand.RunAsync(app, parsed, output, error)).ConfigureAwait(false);
                case "database":
                    return await DatabaseCommand.RunAsync(parsed, output).ConfigureAwait(false);
                case "cameras":
                    return await WithApp(parsed, app => CamerasCommand.RunAsync(app, parsed, input, output, error)).ConfigureAwait(false);
                case "health":
                    return await HealthCommand.RunAsync(parsed, output, error).ConfigureAwait(false);
                case "google-sim":
                    return await GoogleSimCommand.RunAsync(parsed, input, output, error).ConfigureAwait(false);
                default:
                    await output.WriteLineAsync(Usage).ConfigureAwait(false);
                    return 0;
            }
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }
    }

    public const string Usage = """
        usage: SmartHomeCam.Server [command]

        Without a command, runs the web service.

        commands:
          users add <email> [--password-stdin]     create a homeowner account (password prompted, or read from stdin)
          users set-password <email> [--password-stdin]
                                                   change a password; ends every Google linking of the account
          users delete <email>                     delete an account after ending every linking of it
          users list                               list accounts
          clients add <client-id> --redirect-uri <uri> [--redirect-uri <uri> ...] [--name <text>] [--type public]
                                                   register an OAuth client; prints its new secret once (public: no
                                                   secret, PKCE required)
          clients add-google --project-id <id> [--client-id <id>]
                                                   register Google's account-linking client for a project
          clients list                             list OAuth clients
          database status | migrate                list pending schema migrations | apply them (also done at start)
          cameras list|connections --email <e>     an account's cameras (device id, name, room, state) or provider connections
          cameras add <provider> --email <e> [--name <text>] [--<field> <value> ...] [--password-stdin]
                                                   connect a provider account (demo: --camera <name> [--room <room>])
          cameras rename|room <device-id> [<text>] --email <e>
                                                   set the owner's name or room (no text: back to the provider's)
          cameras remove <device-id|connection-id> --email <e>
          cameras reconnect|error <connection-id> --email <e> [--password-stdin]
                                                   list the connection again (optionally with a new credential) / show its last error
          cameras demo-event <device-id> <kind> --email <e> [--battery <0-100>] [--event-id <id>]
                                                   raise online|offline|added|removed|renamed|motion|person|doorbell|battery
          health [--url <url>]                     exit 0 when the running service answers /healthz (container health checks)
          google-sim --base-url <url> --email <e> --password-stdin --client-id <id> --client-secret <s> --project-id <p> [--homegraph-url <fake> [--suite-timeout <s>]]
                                                   play Google's part against a deployment and report each check

        Configuration options (e.g. --Database:Provider Postgres) may follow any command.
        """;

    private static async Task<int> WithApp(ParsedArguments parsed, Func<WebApplication, Task<int>> action)
    {
        await using var app = SmartHomeCamApp.Build(parsed.ConfigurationArgs, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await SmartHomeCamApp.InitializeAsync(app, announceSetup: false).ConfigureAwait(false);
        return await action(app).ConfigureAwait(false);
    }
}
