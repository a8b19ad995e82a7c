using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Coordination;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming;

/// <summary>
/// Applies <see cref="Channels.LinkingEnded"/> in this process: the account's stream URLs issued until now are
/// void and its capture sessions stop. Every process receives each notice once, the sender included, so
/// this is the only place that applies it.
/// </summary>
public sealed class LinkingEndedSubscriber(
    ICoordination coordination, IStreamRevocations revocations, CaptureSessionRegistry sessions, TimeProvider clock,
    ILogger<LinkingEndedSubscriber> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => coordination.SubscribeAsync(Channels.LinkingEnded, Apply);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Apply(string userId)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            return;
        }

        // Revocation first and synchronously: from here on no request of this process accepts the old URLs.
        revocations.RevokeUser(userId, clock.GetUtcNow());
        _ = StopSessionsAsync(userId);
    }

    private async Task StopSessionsAsync(string userId)
    {
        try
        {
            await sessions.StopLocalAsync(userId).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Stopping the capture sessions of an unlinked account failed.");
        }
    }
}
