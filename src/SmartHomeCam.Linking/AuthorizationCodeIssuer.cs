using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartHomeCam.Data;

namespace SmartHomeCam.Linking;

/// <summary>Records a user's consent as a grant and mints its one-time authorization code.</summary>
public sealed class AuthorizationCodeIssuer(AppDbContext db, IOptions<LinkingOptions> options, TimeProvider clock)
{
    public async Task<string> IssueAsync(string userId, OAuthClient client, AuthorizationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var code = SecureToken.Create();
        var grant = new OAuthGrant
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            ClientId = client.ClientId,
            Scope = request.Scope ?? "",
            CreatedAt = now,
        };
        db.OAuthGrants.Add(grant);
        db.AuthorizationCodes.Add(new AuthorizationCode
        {
            CodeHash = SecureToken.Hash(code),
            GrantId = grant.Id,
            ClientId = client.ClientId,
            UserId = userId,
            RedirectUri = request.RedirectUri!,
            CodeChallenge = request.CodeChallenge,
            ExpiresAt = now + options.Value.EffectiveCodeLifetime,
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return code;
    }
}
