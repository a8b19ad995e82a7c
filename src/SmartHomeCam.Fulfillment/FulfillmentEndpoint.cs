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
    /// <summary>The log category of fulfillment requests (a type, so the logger is a cached singleton).</summary>
    public sealed class FulfillmentLog;

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 32 };

    public static IEndpointRouteBuilder MapFulfillment(this IEndpointRouteBuilder app)
    {
        app.MapPost("/fulfillment", HandleAsync)
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(LinkingAuthentication.CachedScheme).RequireAuthenticatedUser())
            .DisableAntiforgery();
        return app;
    }

    private static async Task HandleAsync(HttpContext http, IOptions<FulfillmentOptions> options, ILogger<FulfillmentLog> logger)
    {
        var limit = options.Value.MaxBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        byte[]? buffer;
        int length;
        try
        {
            (buffer, length) = await ReadBodyAsync(http.Request, limit, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            // A broken HTTP body (bad chunk framing, a body cut short; Kestrel reports a chunk size that overflows
            // as a plain IOException) is the client's 400, not our 500.
            logger.LogInformation("Fulfillment request body could not be read: {Reason}", e.Message);
            http.Response.StatusCode = e is BadHttpRequestException { StatusCode: >= 400 and < 500 } bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return;
        }

        if (buffer is null)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var output = new ArrayBufferWriter<byte>(1024);
        try
        {
            await using var json = new Utf8JsonWriter(output);
            await DispatchAsync(http, json, output, buffer.AsMemory(0, length), http.User, options.Value, logger).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.Body.WriteAsync(output.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task DispatchAsync(
        HttpContext http, Utf8JsonWriter json, ArrayBufferWriter<byte> output, ReadOnlyMemory<byte> body, ClaimsPrincipal user, FulfillmentOptions options, ILogger logger)
    {
        // The document stays alive (and its pooled memory rented) until the answer is written.
        JsonDocument? document = null;
        IntentEnvelope envelope;
        try
        {
            document = JsonDocument.Parse(body, ReadOptions);
            envelope = HasOnlyValidText(document.RootElement)
                ? IntentEnvelope.Read(document.RootElement)
                : new IntentEnvelope(null, null, default, "Strings must be valid UTF-8 without lone surrogates.");
        }
        catch (JsonException)
        {
            envelope = new IntentEnvelope(null, null, default, "The body is not valid JSON.");
        }

        using var _ = document;

        var context = new FulfillmentContext(
            user.FindFirstValue(LinkingClaims.UserId) ?? "",
            user.FindFirstValue(LinkingClaims.AgentUserId) ?? "",
            user.FindFirstValue(LinkingClaims.ClientId) ?? "",
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
            output.ResetWrittenCount(); // drop whatever half an answer was already written
            ErrorResponses.Write(json, context.RequestId, envelope.Intent, GoogleErrorCodes.UnknownError, "Internal error.", context.AgentUserId);
        }
    }

    /// <summary>
    /// The parser accepts invalid UTF-8 bytes and escaped lone surrogates (<c>"\ud800"</c>) in strings and only
    /// fails when one is read; decoding every name and string once here turns that into a protocolError up front.
    /// </summary>
    private static bool HasOnlyValidText(JsonElement element)
    {
        try
        {
            return Visit(element);
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        static bool Visit(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    _ = e.GetString();
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in e.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!Visit(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        if (!Visit(item))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        }
    }

    /// <summary>
    /// The origin stream URLs point at: <c>Fulfillment:PublicBaseUrl</c>, else the request's own scheme and host,
    /// which the forwarded-headers middleware has already set from a trusted proxy's X-Forwarded-Proto/-Host.
    /// </summary>
    private static string BaseUrl(HttpContext http, FulfillmentOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}"
            : options.PublicBaseUrl.TrimEnd('/');

    /// <summary>
    /// Reads the body into a pooled buffer (returned by the caller); a null buffer means it is longer than
    /// <paramref name="limit"/> (chunked bodies have no Content-Length, so the limit is enforced while reading).
    /// A malformed body throws (<see cref="BadHttpRequestException"/> or <see cref="IOException"/>) after the buffer went back to the pool.
    /// </summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? 4096, 256, limit) + 1);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }

                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            int read;
            try
            {
                read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }

            if (read == 0)
            {
                break;
            }

            length += read;
            if (length > limit)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return (null, 0);
            }
        }

        return (buffer, length);
    }
}
