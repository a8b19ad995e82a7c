using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Nest.Events;

/// <summary>
/// The Pub/Sub push endpoint <c>POST /nest/events/{secret}</c>. Authenticated by the secret path segment (compared
/// in constant time): it works behind any proxy and needs no Google key fetching; the push subscription's URL holds
/// it. A wrong secret gets 404 (the endpoint does not admit it exists). A malformed message is acknowledged (204)
/// and logged, since Pub/Sub would otherwise redeliver it forever.
/// </summary>
public static class SdmPushEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapNestEvents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/nest/events/{secret}", HandleAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(string secret, HttpContext context, IOptions<SdmOptions> options,
        SdmEventSink sink, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var expected = options.Value.PushSecret;
        if (string.IsNullOrEmpty(expected)
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SHA256.HashData(Encoding.UTF8.GetBytes(expected))))
        {
            return Results.NotFound();
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var message = SdmEventParser.ParsePush(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (message is null)
        {
            loggers.CreateLogger(typeof(SdmPushEndpoint)).LogWarning("Dropped a malformed Nest Pub/Sub push ({Bytes} bytes).", buffer.Length);
            return Results.NoContent();
        }

        await sink.AcceptAsync(message, cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }
}
