using System.Text.Json;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Linking;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Fulfillment.Intents;

/// <summary>DISCONNECT: revoke the account's tokens for this client, void stream tokens, stop sessions, answer {} (spec §4.3).</summary>
public sealed class DisconnectIntent(TokenService tokens, StreamTokenService streamTokens, IStreamSessions sessions, ILogger<DisconnectIntent> logger)
{
    public async Task WriteAsync(Utf8JsonWriter json, FulfillmentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(context);
        await tokens.RevokeUserClientAsync(context.UserId, context.ClientId, cancellationToken).ConfigureAwait(false);
        streamTokens.RevokeUser(context.UserId);
        await sessions.StopForUserAsync(context.UserId).ConfigureAwait(false);
        logger.LogInformation("Google unlinked agent {AgentUserId}: tokens revoked, sessions stopped.", context.AgentUserId);
        json.WriteStartObject();
        json.WriteEndObject();
    }
}
