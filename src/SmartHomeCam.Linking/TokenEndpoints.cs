using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SmartHomeCam.Linking;

/// <summary><c>POST /oauth/token</c> (RFC 6749 §3.2) and <c>POST /oauth/revoke</c> (RFC 7009).</summary>
public static class TokenEndpoints
{
    private const int MaxFormBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapOAuthTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/oauth/token", HandleTokenAsync).DisableAntiforgery();
        app.MapPost("/oauth/revoke", HandleRevokeAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleTokenAsync(HttpContext context, ClientAuthenticator authenticator, TokenService tokens)
    {
        NoStore(context.Response);
        var (form, client, error) = await ReadAuthenticatedFormAsync(context, authenticator).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var ct = context.RequestAborted;
        var result = form!["grant_type"].ToString() switch
        {
            "authorization_code" => await tokens.ExchangeCodeAsync(
                client!, form["code"], form["redirect_uri"], NullIfEmpty(form["code_verifier"]), ct).ConfigureAwait(false),
            "refresh_token" => await tokens.RefreshAsync(client!, form["refresh_token"], ct).ConfigureAwait(false),
            "" => TokenResult.Fail("invalid_request", "grant_type is required."),
            _ => TokenResult.Fail("unsupported_grant_type"),
        };
        if (!result.Succeeded)
        {
            return Error(result.Error!, result.ErrorDescription);
        }

        return Results.Json(new TokenResponse("Bearer", result.AccessToken!, result.RefreshToken, result.ExpiresIn), TokenJsonContext.Default.TokenResponse);
    }

    private static async Task<IResult> HandleRevokeAsync(HttpContext context, ClientAuthenticator authenticator, TokenService tokens)
    {
        NoStore(context.Response);
        var (form, client, error) = await ReadAuthenticatedFormAsync(context, authenticator).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        string? token = form!["token"];
        if (string.IsNullOrEmpty(token))
        {
            return Error("invalid_request", "token is required.");
        }

        await tokens.RevokeAsync(client!, token, context.RequestAborted).ConfigureAwait(false);
        return Results.Ok();
    }

    private static async Task<(IFormCollection? Form, Data.OAuthClient? Client, IResult? Error)> ReadAuthenticatedFormAsync(
        HttpContext context, ClientAuthenticator authenticator)
    {
        var request = context.Request;
        if (!request.HasFormContentType || request.ContentLength > MaxFormBytes)
        {
            return (null, null, Error("invalid_request", "The body must be application/x-www-form-urlencoded."));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueCountLimit = 32, KeyLengthLimit = 64 }, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, null, Error("invalid_request", "The form body could not be read."));
        }

        var (credentials, credentialError) = ClientCredentials.Read(request, form);
        if (credentials is null)
        {
            return (null, null, credentialError == "invalid_client" ? InvalidClient(context) : Error(credentialError!, "Use one client authentication method."));
        }

        var client = await authenticator.AuthenticateAsync(credentials, context.RequestAborted).ConfigureAwait(false);
        return client is null ? (null, null, InvalidClient(context)) : (form, client, null);
    }

    private static IResult InvalidClient(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"smarthomecam\"";
        return Results.Json(new TokenError("invalid_client", "Client authentication failed."), TokenJsonContext.Default.TokenError, statusCode: StatusCodes.Status401Unauthorized);
    }

    private static IResult Error(string error, string? description) =>
        Results.Json(new TokenError(error, description), TokenJsonContext.Default.TokenError, statusCode: StatusCodes.Status400BadRequest);

    private static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
