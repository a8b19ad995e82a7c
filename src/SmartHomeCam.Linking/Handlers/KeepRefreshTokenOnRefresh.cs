using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SmartHomeCam.Linking.Handlers;

/// <summary>
/// A refresh answers with an access token only: the refresh token of a linking lives as long as the linking
/// (spec §4.2: peers keep refresh tokens non-rotating), and minting a new, never-expiring one on every hourly
/// refresh would only grow the token table.
/// </summary>
public sealed class KeepRefreshTokenOnRefresh : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<KeepRefreshTokenOnRefresh>()
            .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EndpointType == OpenIddictServerEndpointType.Token && context.Request.IsRefreshTokenGrantType())
        {
            context.GenerateRefreshToken = false;
            context.IncludeRefreshToken = false;
        }

        return default;
    }
}
