using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Coordination;
using SmartHomeCam.Linking;

namespace SmartHomeCam.HomeGraph.Reporting;

/// <summary>
/// Follows the one unlink path (<see cref="Channels.LinkingEnded"/>): when an account has no Google linking left
/// (dashboard Unlink, account deletion, password change, DISCONNECT), reporting stops and Google is told with
/// <c>agentUsers.delete</c> (spec §4.3), once across replicas.
/// </summary>
internal sealed class UnlinkListener(
    ICoordination coordination, ReportQueue queue, HomeGraphAccountStore accounts, IServiceScopeFactory scopes, ILogger<UnlinkListener> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        coordination.SubscribeAsync(Channels.LinkingEnded, userId => _ = EndedAsync(userId));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EndedAsync(string userId)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            return;
        }

        try
        {
            queue.Forget(userId);
            var account = await accounts.FindAsync(userId, CancellationToken.None).ConfigureAwait(false);
            if (account is null || account.StoppedAt is not null)
            {
                return; // never SYNCed, or already stopped: Google has nothing to forget
            }

            await using (var scope = scopes.CreateAsyncScope())
            {
                var linkings = await scope.ServiceProvider.GetRequiredService<UserLinkings>().ListAsync(userId, CancellationToken.None).ConfigureAwait(false);
                if (linkings.Count > 0)
                {
                    return; // another Google user of the household is still linked to this account
                }
            }

            // Every replica hears the notice; one of them tells Google.
            if (!await coordination.SetIfAbsentAsync("homegraph:unlinked:" + userId, "1", TimeSpan.FromSeconds(30)).ConfigureAwait(false))
            {
                return;
            }

            await accounts.StopAsync(userId, "linking ended", CancellationToken.None).ConfigureAwait(false);
            queue.AddDelete(userId, account.AgentUserId);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not stop HomeGraph reporting for an unlinked account.");
        }
    }
}
