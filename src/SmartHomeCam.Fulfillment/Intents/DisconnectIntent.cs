using System.Text.Json;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Linking;

namespace SmartHomeCam.Fulfillment.Intents;

/// <summary>
/// DISCONNECT: end the account's linking with this client and answer {} (spec §4.3). <see cref="LinkRevoker"/>
/// revokes the tokens everywhere and announces the end, on which Streaming voids stream URLs and stops sessions.
/// </summary>
public sealed class DisconnectIntent(LinkRevoker revoker, ILogger<DisconnectIntent> logger)
{
    public async Task WriteAsync(Utf8JsonWriter json, FulfillmentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(context);
        await revoker.RevokeClientLinksAsync(context.UserId, context.ClientId, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Google unlinked agent {AgentUserId}.", context.AgentUserId);
        json.WriteStartObject();
        json.WriteEndObject();
    }
}
