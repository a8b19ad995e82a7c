using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SmartHomeCam.Streaming.ScaleOut;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming.Http;

/// <summary>
/// Turns a /streams request into the local feed to serve, or answers it: 403 for a bad token, the owner's answer
/// when another replica holds the camera (forwarded over the authenticated hop), 503 + Retry-After while the camera
/// is between owners for longer than <see cref="StreamingOptions.FirstSegmentWait"/>. A request that arrived over the
/// hop is never forwarded again.
/// </summary>
public sealed class StreamRequestResolver(
    StreamTokenService tokens, FeedRouter router, CameraOwnership ownership, HopSigner signer, OwnerHop hop, IOptions<StreamingOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMilliseconds(250);

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
        // Between owners (a dead owner's lease has not lapsed yet) the request waits, bounded, and claims the camera
        // the moment it can: the viewer sees a pause, not an error, and take-over does not wait for its next request.
        var deadline = clock.GetUtcNow() + options.Value.FirstSegmentWait;
        OwnerRecord? unreachable = null;
        var staleOwnerRetried = false;
        while (true)
        {
            var route = await router.RouteAsync(claims, mayForward: !viaHop, unreachable, http.RequestAborted).ConfigureAwait(false);
            switch (route.Kind)
            {
                case FeedRouteKind.Local:
                    if (viaHop && route.Session?.Lease is { } lease)
                    {
                        // Lets the sender keep its remembered owner only while this is still the lease it remembers.
                        http.Response.Headers[OwnerHop.FenceHeader] = lease.FencingNumber.ToString(CultureInfo.InvariantCulture);
                    }

                    return (route.Session, null);
                case FeedRouteKind.Remote when route.Owner is { } owner:
                    var forwarded = await hop.ForwardAsync(http, owner.Address).ConfigureAwait(false);
                    if (forwarded.Outcome == HopOutcome.Answered)
                    {
                        ownership.OwnerAnsweredUnder(owner, forwarded.FencingNumber);
                        return (null, Results.Empty);
                    }

                    ownership.ForgetOwner(owner);
                    if (forwarded.Outcome == HopOutcome.NotOwner && !staleOwnerRetried)
                    {
                        staleOwnerRetried = true; // a remembered owner that moved: ask coordination at once
                        continue;
                    }

                    unreachable = owner; // dead or leaving: take the camera over once its lease lapsed
                    break;
                case FeedRouteKind.NotOwner:
                    http.Response.Headers[OwnerHop.NotOwnerHeader] = "1";
                    return (null, NotYet(http));
                case FeedRouteKind.Forbidden:
                    return (null, Forbidden());
            }

            if (clock.GetUtcNow() >= deadline || http.RequestAborted.IsCancellationRequested)
            {
                return (null, NotYet(http));
            }

            await Task.Delay(RetryPeriod, clock, http.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
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
