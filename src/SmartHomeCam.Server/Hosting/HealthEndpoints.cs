using SmartHomeCam.Data;
using StackExchange.Redis;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// <c>/healthz</c>: the process answers (liveness: restart it if not). <c>/readyz</c>: it can serve — the database
/// answers, Redis too when configured, and it is not shutting down (readiness: send it traffic). Each check is
/// bounded, so a hung dependency makes the probe fail rather than hang.
/// </summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/healthz", [HttpMethods.Get, HttpMethods.Head], () => Results.Text("live"));
        app.MapMethods("/readyz", [HttpMethods.Get, HttpMethods.Head], ReadyAsync);
        return app;
    }

    private static async Task<IResult> ReadyAsync(HttpContext http, AppDbContext db, IHostApplicationLifetime lifetime)
    {
        var checks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["database"] = await CheckAsync(ct => db.Database.CanConnectAsync(ct), http.RequestAborted).ConfigureAwait(false),
        };
        if (http.RequestServices.GetService<IConnectionMultiplexer>() is { } redis)
        {
            checks["redis"] = await CheckAsync(async _ => redis.IsConnected && await redis.GetDatabase().PingAsync().ConfigureAwait(false) < CheckTimeout, http.RequestAborted).ConfigureAwait(false);
        }

        checks["shutdown"] = lifetime.ApplicationStopping.IsCancellationRequested ? "stopping" : "ok";
        var ready = checks.Values.All(v => v == "ok");
        return Results.Json(new { status = ready ? "ready" : "not ready", checks }, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<string> CheckAsync(Func<CancellationToken, Task<bool>> check, CancellationToken aborted)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        limit.CancelAfter(CheckTimeout);
        try
        {
            return await check(limit.Token).WaitAsync(limit.Token).ConfigureAwait(false) ? "ok" : "failing";
        }
        catch (Exception e) when (e is not OperationCanceledException || !aborted.IsCancellationRequested)
        {
            return "failing"; // the reason goes to no one: probes are unauthenticated
        }
    }
}
