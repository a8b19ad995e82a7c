using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SmartHomeCam.Linking;

/// <summary><c>GET /oauth/account</c>: who a bearer token belongs to. Lets a linking client check a token.</summary>
public static class LinkedAccountEndpoint
{
    public static IEndpointRouteBuilder MapLinkedAccountEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/oauth/account", (ClaimsPrincipal principal) => Results.Json(
                new LinkedAccount(principal.FindFirstValue(LinkingClaims.AgentUserId) ?? "", principal.FindFirstValue(LinkingClaims.ClientId) ?? ""),
                LinkedAccountJsonContext.Default.LinkedAccount))
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(LinkingAuthentication.Scheme).RequireAuthenticatedUser());
        return app;
    }
}

public sealed record LinkedAccount(
    [property: JsonPropertyName("agentUserId")] string AgentUserId,
    [property: JsonPropertyName("clientId")] string ClientId);

[JsonSerializable(typeof(LinkedAccount))]
internal sealed partial class LinkedAccountJsonContext : JsonSerializerContext;
