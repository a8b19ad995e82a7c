using Microsoft.EntityFrameworkCore;
using SmartHomeCam.Data;

namespace SmartHomeCam.Linking;

/// <summary>Validates an authorization request in the order RFC 6749 §4.1.2.1 demands: client and redirect URI first.</summary>
public sealed class AuthorizationRequestValidator(AppDbContext db)
{
    public async Task<AuthorizationValidation> ValidateAsync(AuthorizationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.ClientId))
        {
            return AuthorizationValidation.Page("The request has no client_id.");
        }

        var client = await db.OAuthClients.AsNoTracking()
            .SingleOrDefaultAsync(c => c.ClientId == request.ClientId, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return AuthorizationValidation.Page("The application asking for access is not registered with this server.");
        }

        // Exact, ordinal, whole-string match: no prefix, no case folding, no normalisation.
        if (string.IsNullOrEmpty(request.RedirectUri) || !client.RedirectUriList.Contains(request.RedirectUri, StringComparer.Ordinal))
        {
            return AuthorizationValidation.Page("The redirect address does not match the application's registration.");
        }

        if (request.ResponseType != "code")
        {
            return AuthorizationValidation.Redirect(client, "unsupported_response_type", "Only response_type=code is supported.");
        }

        if (request.CodeChallenge is not null || request.CodeChallengeMethod is not null)
        {
            if (request.CodeChallengeMethod != Pkce.MethodS256)
            {
                return AuthorizationValidation.Redirect(client, "invalid_request", "code_challenge_method must be S256.");
            }

            if (!Pkce.IsValidChallenge(request.CodeChallenge))
            {
                return AuthorizationValidation.Redirect(client, "invalid_request", "code_challenge is malformed.");
            }
        }

        if (request.State is { Length: > 2048 } || request.Scope is { Length: > 1024 })
        {
            return AuthorizationValidation.Redirect(client, "invalid_request", "Parameter too long.");
        }

        return AuthorizationValidation.Valid(client);
    }
}
