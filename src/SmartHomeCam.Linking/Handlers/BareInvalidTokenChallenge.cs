using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace SmartHomeCam.Linking.Handlers;

/// <summary>
/// Every refusal of a bearer token is <c>WWW-Authenticate: Bearer error="invalid_token"</c> and nothing more:
/// that is what makes Google refresh and retry (spec §1.4), and a description would only tell a prober why.
/// </summary>
public sealed class BareInvalidTokenChallenge : IOpenIddictValidationHandler<ProcessChallengeContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ProcessChallengeContext>()
            .UseSingletonHandler<BareInvalidTokenChallenge>()
            .SetOrder(OpenIddictValidationHandlers.AttachDefaultChallengeError.Descriptor.Order + 1)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessChallengeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Error = Errors.InvalidToken;
        context.Response.ErrorDescription = null;
        context.Response.ErrorUri = null;
        return default;
    }
}
