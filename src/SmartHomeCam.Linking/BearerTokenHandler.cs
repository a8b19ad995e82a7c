using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Linking;

/// <summary>
/// Authenticates Google's calls with our opaque access tokens. Any failure is a 401 with
/// <c>WWW-Authenticate: Bearer error="invalid_token"</c>, which makes Google refresh and retry (spec §1.4).
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "OAuthBearer";
    public const string ClientIdClaim = "client_id";
    public const string GrantIdClaim = "grant_id";
    public const string AgentUserIdClaim = "agent_user_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        var info = await tokens.ValidateAccessTokenAsync(token, Context.RequestAborted).ConfigureAwait(false);
        if (info is null)
        {
            return AuthenticateResult.Fail("invalid_token");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, info.UserId),
                new Claim(ClientIdClaim, info.ClientId),
                new Claim(GrantIdClaim, info.GrantId.ToString()),
                new Claim(AgentUserIdClaim, info.AgentUserId),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return Task.CompletedTask;
    }
}
