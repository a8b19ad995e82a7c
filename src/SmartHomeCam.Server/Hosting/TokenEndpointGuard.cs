using Microsoft.Extensions.Options;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// Rate limit of <c>POST /oauth/token</c> and <c>/oauth/revoke</c>, keyed on the real client address and
/// independent of how the authorization server is built: each address may make
/// <see cref="AbuseLimitOptions.TokenRequestsPerMinute"/> requests a minute that do not succeed; after that it
/// is refused with 429 at no cost, except for requests presenting a client credential that has already
/// succeeded here, which are never refused (so wrong secrets from Google's shared egress cannot lock Google out).
/// </summary>
public sealed class TokenEndpointGuard
{
    private readonly RequestDelegate next;
    private readonly KnownClientCredentials known;
    private readonly FailureBudget budget;

    public TokenEndpointGuard(RequestDelegate next, KnownClientCredentials known, IOptions<AbuseLimitOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.next = next;
        this.known = known;
        budget = new FailureBudget(clock, options.Value.TokenRequestsPerMinute);
    }

    public static bool Applies(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method)
            && (request.Path.Equals("/oauth/token", StringComparison.OrdinalIgnoreCase) || request.Path.Equals("/oauth/revoke", StringComparison.OrdinalIgnoreCase));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Applies(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var fingerprint = await ClientCredentialFingerprint.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var vouched = fingerprint is not null && known.Contains(fingerprint);
        var address = ClientAddress.Key(context);
        if (!vouched && !budget.TryReserve(address, out var retryAfter))
        {
            Refuse(context.Response, retryAfter);
            return;
        }

        await next(context).ConfigureAwait(false);

        var status = context.Response.StatusCode;
        if (fingerprint is not null && status == StatusCodes.Status200OK)
        {
            known.Remember(fingerprint);
        }
        else if (fingerprint is not null && status == StatusCodes.Status401Unauthorized)
        {
            known.Forget(fingerprint); // the secret was rotated
        }

        if (!vouched && status < 400)
        {
            budget.Refund(address);
        }
    }

    private static void Refuse(HttpResponse response, TimeSpan retryAfter)
    {
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
    }
}
