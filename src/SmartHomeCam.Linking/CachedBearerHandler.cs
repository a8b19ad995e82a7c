using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Linking;

/// <summary>
/// <see cref="LinkingAuthentication.CachedScheme"/>: answers from <see cref="ValidatedTokenCache"/> when it can, and
/// otherwise asks OpenIddict's validation (which also rejects revoked links) and remembers a success. Challenges are
/// OpenIddict's own (<c>Bearer error="invalid_token"</c>), so Google refreshes and retries.
/// </summary>
public sealed class CachedBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder, ValidatedTokenCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        if (token.Length is > 0 and <= 8192 && cache.Find(token) is { } known)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(known, Scheme.Name));
        }

        var validated = await Context.AuthenticateAsync(LinkingAuthentication.Scheme).ConfigureAwait(false);
        if (!validated.Succeeded)
        {
            return validated.None ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(validated.Failure ?? new InvalidOperationException("invalid_token"));
        }

        cache.Add(token, validated.Principal);
        return AuthenticateResult.Success(new AuthenticationTicket(validated.Principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Context.ChallengeAsync(LinkingAuthentication.Scheme, properties);
}
