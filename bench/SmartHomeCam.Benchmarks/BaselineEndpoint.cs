using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// <c>POST /bench/baseline</c>: the load benchmark's reference point, a constant JSON answer. Added by the benchmark
/// host (the production composition root knows nothing of it) at the end of the server's own pipeline, so a request
/// passes the same middleware (request logging, security headers, routing, rate limiting, authentication) and
/// only the fulfillment work is missing.
/// </summary>
public sealed class BaselineEndpoint : IStartupFilter
{
    public const string Path = "/bench/baseline";

    private static readonly byte[] Body = """{"requestId":"baseline","payload":{"devices":{}}}"""u8.ToArray();

    /// <summary>Registers the endpoint; pass to <c>ServerInstance.StartAsync(services: …)</c>.</summary>
    public static void AddTo(IServiceCollection services) => services.AddSingleton<IStartupFilter, BaselineEndpoint>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        // Reached only when the server's own endpoints did not match the request.
        app.Run(async context =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != Path)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(Body, context.RequestAborted);
        });
    };
}
