using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SmartHomeCam.Linking.Handlers;

/// <summary>
/// A linking's refresh token never expires; it ends only when the linking is revoked (spec §4.2). OpenIddict 7,
/// given no refresh-token lifetime, leaves the expiry it copied from the authorization code on the refresh token,
/// which would end every linking five minutes after it was made; this removes it.
/// </summary>
public sealed class RefreshTokenLivesWithTheLink : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<RefreshTokenLivesWithTheLink>()
            .SetOrder(OpenIddictServerHandlers.PrepareRefreshTokenPrincipal.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RefreshTokenPrincipal is { } principal && context.Options.RefreshTokenLifetime is null)
        {
            principal.SetExpirationDate(null);
        }

        return default;
    }
}
