using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Coordination;

namespace SmartHomeCam.Streaming.Tokens;

/// <summary>
/// The revocation set every replica agrees on: checked from local memory on each request, written through to
/// the coordination store (a key per account that outlives every token it voids) and broadcast, and caught up
/// from the store when a replica starts.
/// </summary>
public sealed class SharedStreamRevocations(ICoordination coordination, IOptions<StreamingOptions> options, ILogger<SharedStreamRevocations> logger)
    : IStreamRevocations, IHostedService
{
    private const string Channel = "stream-revocations";
    private const string KeyPrefix = "stream-revoked:";
    private readonly InMemoryStreamRevocations local = new();

    public void RevokeUser(string userId, DateTimeOffset before)
    {
        local.RevokeUser(userId, before);
        var seconds = before.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        _ = ShareAsync(userId, seconds);
    }

    public bool IsRevoked(string userId, DateTimeOffset issuedAt) => local.IsRevoked(userId, issuedAt);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await coordination.SubscribeAsync(Channel, message =>
        {
            var space = message.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && long.TryParse(message.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                local.RevokeUser(message[..space], DateTimeOffset.FromUnixTimeSeconds(seconds));
            }
        }).ConfigureAwait(false);
        foreach (var (key, value) in await coordination.ScanAsync(KeyPrefix).ConfigureAwait(false))
        {
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                local.RevokeUser(key[KeyPrefix.Length..], DateTimeOffset.FromUnixTimeSeconds(seconds));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ShareAsync(string userId, string seconds)
    {
        try
        {
            // The key lives as long as any token it voids could.
            await coordination.SetAsync(KeyPrefix + userId, seconds, options.Value.TokenLifetime + TimeSpan.FromMinutes(5)).ConfigureAwait(false);
            await coordination.NotifyOthersAsync(Channel, userId + " " + seconds).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Sharing a stream-token revocation failed; other replicas learn of it only when they restart.");
        }
    }
}
