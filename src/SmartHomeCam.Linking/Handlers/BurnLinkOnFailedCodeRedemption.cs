using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SmartHomeCam.Linking.Handlers;

/// <summary>
/// A genuine authorization code that fails to redeem (replayed, lost a concurrent redemption, wrong redirect URI or
/// PKCE verifier) ends its whole linking, through <see cref="LinkRevoker"/>: RFC 6749 §4.1.2 asks to revoke what
/// was issued from a replayed code, a failed PKCE guess must not be retried, and access tokens issued before the
/// replay must stop working at once (OpenIddict alone would revoke them only in the database).
/// </summary>
public sealed class BurnLinkOnFailedCodeRedemption(LinkRevoker revoker) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseScopedHandler<BurnLinkOnFailedCodeRedemption>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.Error == Errors.InvalidGrant &&
            context.Transaction.Properties.TryGetValue(RememberCodeAuthorization.Property, out var value) &&
            value is string authorizationId)
        {
            await revoker.RevokeAuthorizationAsync(authorizationId, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
