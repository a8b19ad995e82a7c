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
                    LogText.Escape(context.Request.Method),
                    Redact(context.Request.Path.Value),
                    context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    /// <summary>
    /// Any <c>/streams/</c> segment (routing ignores letter case, so must this) is followed by a capability token;
    /// the result is escaped so a decoded CR/LF in the path cannot start a forged log line.
    /// </summary>
    public static string Redact(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        const string Streams = "/streams/";
        var start = path.IndexOf(Streams, StringComparison.OrdinalIgnoreCase);
        if (start >= 0)
        {
            var tokenStart = start + Streams.Length;
            var slash = path.IndexOf('/', tokenStart);
            path = string.Concat(path.AsSpan(0, tokenStart), "***", slash < 0 ? "" : path.AsSpan(slash));
        }

        return LogText.Escape(path);
    }
}
