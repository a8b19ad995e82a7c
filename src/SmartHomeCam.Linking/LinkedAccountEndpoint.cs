using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using SmartHomeCam.Data;

namespace SmartHomeCam.Linking;

/// <summary><c>GET /oauth/account</c>: who a bearer token belongs to. Lets a linking client (and google-sim) check a token.</summary>
public static class LinkedAccountEndpoint
{
    public static IEndpointRouteBuilder MapLinkedAccountEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/oauth/account", async (ClaimsPrincipal principal, AppDbContext db, CancellationToken ct) =>
            {
                var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
                var agentUserId = await db.Users.Where(u => u.Id == userId).Select(u => u.AgentUserId)
                    .SingleOrDefaultAsync(ct).ConfigureAwait(false);
                return agentUserId is null
                    ? Results.Unauthorized()
                    : Results.Json(new LinkedAccount(agentUserId, principal.FindFirstValue(BearerTokenHandler.ClientIdClaim) ?? ""), LinkedAccountJsonContext.Default.LinkedAccount);
            })
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(BearerTokenHandler.SchemeName).RequireAuthenticatedUser());
        return app;
    }
}

public sealed record LinkedAccount(
    [property: System.Text.Json.Serialization.JsonPropertyName("agentUserId")] string AgentUserId,
    [property: System.Text.Json.Serialization.JsonPropertyName("clientId")] string ClientId);

[System.Text.Json.Serialization.JsonSerializable(typeof(LinkedAccount))]
internal sealed partial class LinkedAccountJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
