using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace SmartHomeCam.Linking.Handlers;

/// <summary>
/// Refuses an otherwise valid access token whose linking (or the token itself) was revoked: a lookup in
/// <see cref="RevokedLinks"/> instead of OpenIddict's token/authorization entry validation, which would read the
/// database on every Google request.
/// </summary>
public sealed class RejectRevokedAccessTokens(RevokedLinks revoked) : IOpenIddictValidationHandler<ProcessAuthenticationContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseSingletonHandler<RejectRevokedAccessTokens>()
            .SetOrder(OpenIddictValidationHandlers.ValidateAccessToken.Descriptor.Order + 500)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.AccessTokenPrincipal is { } principal && revoked.IsRevoked(principal.GetAuthorizationId(), principal.GetTokenId()))
        {
            context.Reject(
                error: OpenIddictConstants.Errors.InvalidToken,
                description: "The access token was revoked.");
        }

        return default;
    }
}
