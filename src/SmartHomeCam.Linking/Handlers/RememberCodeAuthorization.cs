using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SmartHomeCam.Linking.Handlers;

/// <summary>
/// Notes which linking an authorization code presented at the token endpoint belongs to, just before OpenIddict
/// checks the code's database entry, so that <see cref="BurnLinkOnFailedCodeRedemption"/> can end it if the
/// redemption fails.
/// </summary>
public sealed class RememberCodeAuthorization : IOpenIddictServerHandler<ValidateTokenContext>
{
    internal const string Property = ".shc_code_authorization_id";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<RememberCodeAuthorization>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EndpointType == OpenIddictServerEndpointType.Token &&
            context.Principal is { } principal &&
            principal.GetTokenType() == OpenIddictConstants.TokenTypeIdentifiers.Private.AuthorizationCode &&
            principal.GetAuthorizationId() is { } authorizationId)
        {
            context.Transaction.Properties[Property] = authorizationId;
        }

        return default;
    }
}
