using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Server.Hosting;

namespace SmartHomeCam.Testing;

public static class TestAccounts
{
    public const string Password = "correct horse battery";

    /// <summary>Creates an account through the same code path as the CLI.</summary>
    public static async Task<string> CreateAsync(ServerInstance server, string? email = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        email ??= $"owner-{Guid.NewGuid():N}@example.com";
        await using var scope = server.Services.CreateAsyncScope();
        var (user, error) = await scope.ServiceProvider.GetRequiredService<AccountCreator>().CreateAsync(email, Password).ConfigureAwait(false);
        if (user is null)
        {
            throw new InvalidOperationException(error);
        }

        return email;
    }
}
