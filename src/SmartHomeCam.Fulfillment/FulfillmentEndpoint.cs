using System.Buffers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Fulfillment.Intents;
using SmartHomeCam.Linking;

namespace SmartHomeCam.Fulfillment;

/// <summary>
/// <c>POST /fulfillment</c>: HTTP 401 only for a bad token (the bearer scheme), 413 for an oversized body, and
/// otherwise always 200 with the protocol's own error fields, for any input (spec §1.4, checklist 2–5).
/// </summary>
public static class FulfillmentEndpoint
{
    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 32 };

    public static IEndpointRouteBuilder MapFulfillment(this IEndpointRouteBuilder app)
    {
        app.MapPost("/fulfillment", HandleAsync)
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(BearerTokenHandler.SchemeName).RequireAuthenticatedUser())
            .DisableAntiforgery();
        return app;
    }

    private static async Task HandleAsync(HttpContext http, IOptions<FulfillmentOptions> options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("SmartHomeCam.Fulfillment");
        var limit = options.Value.MaxBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var body = await ReadBodyAsync(http.Request, limit, http.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var user = http.User;
        var output = new ArrayBufferWriter<byte>(1024);
        await using (var json = new Utf8JsonWriter(output))
        {
            await DispatchAsync(http, json, body.Value, user, options.Value, logger).ConfigureAwait(false);
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.Body.WriteAsync(output.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task DispatchAsync(
        HttpContext http, Utf8JsonWriter json, ReadOnlyMemory<byte> body, ClaimsPrincipal user, FulfillmentOptions options, ILogger logger)
    {
        IntentEnvelope envelope;
        try
        {
            using var document = JsonDocument.Parse(body, ReadOptions);
            envelope = IntentEnvelope.Read(document.RootElement.Clone());
        }
        catch (JsonException)
        {
            envelope = new IntentEnvelope(null, null, default, "The body is not valid JSON.");
        }

        var context = new FulfillmentContext(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            user.FindFirstValue(BearerTokenHandler.AgentUserIdClaim) ?? "",
            user.FindFirstValue(BearerTokenHandler.ClientIdClaim) ?? "",
            envelope.RequestId ?? "",
            BaseUrl(http, options));
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["GoogleRequestId"] = context.RequestId });
        if (envelope.Problem is not null)
        {
            logger.LogInformation("Fulfillment request rejected: {Problem}", envelope.Problem);
            ErrorResponses.Write(json, context.RequestId, envelope.Intent, GoogleErrorCodes.ProtocolError, envelope.Problem, context.AgentUserId);
            return;
        }

        var services = http.RequestServices;
        var ct = http.RequestAborted;
        try
        {
            switch (envelope.Intent)
            {
                case IntentNames.Sync:
                    await services.GetRequiredService<SyncIntent>().WriteAsync(json, context, ct).ConfigureAwait(false);
                    break;
                case IntentNames.Query:
                    await services.GetRequiredService<QueryIntent>().WriteAsync(json, context, envelope.Payload, ct).ConfigureAwait(false);
                    break;
                case IntentNames.Execute:
                    await services.GetRequiredService<ExecuteIntent>().WriteAsync(json, context, envelope.Payload, ct).ConfigureAwait(false);
                    break;
                case IntentNames.Disconnect:
                    await services.GetRequiredService<DisconnectIntent>().WriteAsync(json, context, ct).ConfigureAwait(false);
                    break;
                default:
                    ErrorResponses.Write(json, context.RequestId, envelope.Intent, GoogleErrorCodes.ProtocolError, "Unknown intent.", context.AgentUserId);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A bug or an outage must still reach Google as a protocol answer, never a 500 with a stack trace.
            logger.LogError(e, "Fulfillment of {Intent} failed.", envelope.Intent);
            json.Reset();
            ErrorResponses.Write(json, context.RequestId, envelope.Intent, GoogleErrorCodes.UnknownError, "Internal error.", context.AgentUserId);
        }
    }

    private static string BaseUrl(HttpContext http, FulfillmentOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}"
            : options.PublicBaseUrl.TrimEnd('/');

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is longer (chunked bodies have no Content-Length).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
