namespace SmartHomeCam.Server.Hosting;

/// <summary>Serves the few static files the dashboard needs from the assembly, so no web root has to be deployed.</summary>
public static class EmbeddedAssets
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["hls.light.min.js"] = "text/javascript; charset=utf-8",
        ["hls.js.LICENSE"] = "text/plain; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapEmbeddedAssets(this IEndpointRouteBuilder app)
    {
        var cache = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in Types.Keys)
        {
            using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream("assets/" + name)
                ?? throw new InvalidOperationException($"Embedded asset {name} is missing from the build.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            cache[name] = copy.ToArray();
        }

        app.MapGet("/assets/{name}", (string name, HttpContext http) =>
        {
            if (!cache.TryGetValue(name, out var body))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Bytes(body, Types[name]);
        });
        return app;
    }
}
