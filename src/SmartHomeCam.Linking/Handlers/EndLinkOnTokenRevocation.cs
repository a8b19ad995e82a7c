using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SmartHomeCam.Linking.Handlers;

/// <summary>
/// <c>POST /oauth/revoke</c> (RFC 7009) after OpenIddict marked the token: a refresh token ends the whole linking
/// through <see cref="LinkRevoker"/>; an access token ends only itself, but at once and on every replica.
/// </summary>
public sealed class EndLinkOnTokenRevocation(LinkRevoker revoker) : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<EndLinkOnTokenRevocation>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GenericTokenPrincipal is not { } principal)
        {
            return;
        }

        var type = principal.GetTokenType();
        if (type == OpenIddictConstants.TokenTypeIdentifiers.RefreshToken && principal.GetAuthorizationId() is { } authorizationId)
        {
            await revoker.RevokeAuthorizationAsync(authorizationId, context.CancellationToken).ConfigureAwait(false);
        }
        else if (type == OpenIddictConstants.TokenTypeIdentifiers.AccessToken && principal.GetTokenId() is { } tokenId)
        {
            await revoker.ForgetAccessTokenAsync(tokenId, principal.GetExpirationDate()).ConfigureAwait(false);
        }
    }
}
