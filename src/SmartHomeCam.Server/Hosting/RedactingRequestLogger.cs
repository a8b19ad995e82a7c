using System.Diagnostics;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// One log line per request without query strings or capability tokens in paths, replacing ASP.NET's
/// own request logging (which prints full URLs and is therefore turned down to Warning in appsettings).
/// </summary>
public sealed class RedactingRequestLogger(RequestDelegate next, ILogger<RedactingRequestLogger> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation(
                    "HTTP {Method} {Path} -> {Status} in {ElapsedMs:0.0} ms",
                    context.Request.Method,
                    Redact(context.Request.Path.Value),
                    context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    /// <summary>Paths under /streams/ carry a capability token as their second segment.</summary>
    public static string Redact(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        if (path.StartsWith("/streams/", StringComparison.Ordinal))
        {
            var rest = path.AsSpan("/streams/".Length);
            var slash = rest.IndexOf('/');
            return slash < 0 ? "/streams/***" : string.Concat("/streams/***", rest[slash..]);
        }

        return path;
    }
}
