using Microsoft.AspNetCore.Http;
using SmartHomeCam.Streaming.ScaleOut;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming.Http;

/// <summary>
/// Turns a /streams request into the local feed to serve, or answers it: 403 for a bad token, the owner's answer
/// when another replica holds the camera (forwarded over the authenticated hop), 503 + Retry-After while the camera
/// is between owners. A request that arrived over the hop is never forwarded again.
/// </summary>
public sealed class StreamRequestResolver(StreamTokenService tokens, FeedRouter router, CameraOwnership ownership, HopSigner signer, OwnerHop hop)
{
    public async Task<(ILiveFeed? Feed, IResult? Answer)> ResolveAsync(HttpContext http, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        var claims = tokens.Validate(token);
        if (claims is null)
        {
            return (null, Forbidden());
        }

        var viaHop = ownership.Shared && http.Request.Headers.TryGetValue(HopSigner.Header, out var value)
            && signer.Verify(value.ToString(), http.Request.Method, http.Request.Path.Value ?? "");
        OwnerRecord? unreachable = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var route = await router.RouteAsync(claims, mayForward: !viaHop, unreachable, http.RequestAborted).ConfigureAwait(false);
            switch (route.Kind)
            {
                case FeedRouteKind.Local:
                    return (route.Session, null);
                case FeedRouteKind.Remote when route.Owner is { } owner:
                    if (await hop.ForwardAsync(http, owner.Address).ConfigureAwait(false))
                    {
                        return (null, Results.Empty);
                    }

                    unreachable = owner; // dead or leaving: try to take the camera over (possible once its lease lapsed)
                    break;
                case FeedRouteKind.Forbidden:
                    return (null, Forbidden());
                default:
                    return (null, NotYet(http));
            }
        }

        return (null, NotYet(http));
    }

    /// <summary>403 with no body: a caller learns nothing about why (tampered, expired, revoked, wrong camera).</summary>
    public static IResult Forbidden() => Results.StatusCode(StatusCodes.Status403Forbidden);

    /// <summary>503 + Retry-After: players ask again (the camera is starting, or changing owner).</summary>
    public static IResult NotYet(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.RetryAfter = "1";
        return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
    }
}
