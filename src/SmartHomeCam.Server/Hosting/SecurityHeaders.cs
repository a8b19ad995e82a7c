namespace SmartHomeCam.Server.Hosting;

/// <summary>Conservative browser hardening for our own pages.</summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (!context.Request.Path.StartsWithSegments("/streams", StringComparison.OrdinalIgnoreCase))
        {
            // Consent and sign-in must not be framed (clickjacking).
            headers.XFrameOptions = "DENY";
        }

        return next(context);
    }
}
