using SmartHomeCam.Linking;

namespace SmartHomeCam.Server.Cli;

internal static class ClientsCommand
{
    public static async Task<int> RunAsync(WebApplication app, ParsedArguments args, TextWriter output, TextWriter error)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        switch (args.Positional.FirstOrDefault())
        {
            case "add":
            {
                var clientId = args.Positional.ElementAtOrDefault(1) ?? throw new UsageException("clients add needs a client id.");
                var uris = args.GetAll("redirect-uri");
                if (uris.Count == 0)
                {
                    throw new UsageException("clients add needs at least one --redirect-uri.");
                }

                if (args.Get("type") == "public")
                {
                    return await RegisterPublic(registry, clientId, args.Get("name") ?? clientId, uris, output, error).ConfigureAwait(false);
                }

                return await Register(registry, clientId, args.Get("name") ?? clientId, uris, output, error).ConfigureAwait(false);
            }

            case "add-google":
            {
                var projectId = args.Require("project-id");
                IReadOnlyList<string> uris;
                try
                {
                    uris = GoogleRedirectUris.For(projectId);
                }
                catch (ArgumentException e)
                {
                    throw new UsageException(e.Message);
                }

                return await Register(registry, args.Get("client-id") ?? "google-home", "Google Home", uris, output, error).ConfigureAwait(false);
            }

            case "list":
                foreach (var client in await registry.ListAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    await output.WriteLineAsync($"{client.ClientId}\t{client.DisplayName}\t{client.ClientType}\t{string.Join(' ', client.RedirectUris)}").ConfigureAwait(false);
                }

                return 0;

            default:
                throw new UsageException("clients takes 'add', 'add-google' or 'list'.");
        }
    }

    private static async Task<int> Register(
        ClientRegistry registry, string clientId, string name, IReadOnlyList<string> uris, TextWriter output, TextWriter error)
    {
        try
        {
            var secret = await registry.UpsertAsync(clientId, name, uris, secret: null, CancellationToken.None).ConfigureAwait(false);
            await output.WriteLineAsync($"""
                Client registered. Enter these in the account-linking page of the Google Home developer console;
                the secret is shown only now (only a salted hash of it is stored):
                  client id:     {clientId}
                  client secret: {secret}
                  redirect URIs: {string.Join(", ", uris)}
                """).ConfigureAwait(false);
            return 0;
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> RegisterPublic(
        ClientRegistry registry, string clientId, string name, IReadOnlyList<string> uris, TextWriter output, TextWriter error)
    {
        try
        {
            await registry.UpsertPublicAsync(clientId, name, uris, CancellationToken.None).ConfigureAwait(false);
            await output.WriteLineAsync($"Public client {clientId} registered (no secret; PKCE S256 required). Redirect URIs: {string.Join(", ", uris)}").ConfigureAwait(false);
            return 0;
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
