using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SmartHomeCam.Media.Hls;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;
using SmartHomeCam.Telemetry;

namespace SmartHomeCam.Streaming.Http;

/// <summary>
/// <c>/streams/{token}/…</c>: the multivariant playlist, the live media playlist and the segments, all relative
/// under the token path (spec §3.6.6). Every request re-checks the token; every response carries CORS.
/// </summary>
public static class StreamEndpoints
{
    private const string PlaylistType = "application/vnd.apple.mpegurl";
    private const string SegmentType = "video/mp2t";

    public static IEndpointRouteBuilder MapStreamEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(StreamUrlShape.TokenGroup);
        string[] readMethods = [HttpMethods.Get, HttpMethods.Head];
        group.MapMethods("/" + StreamUrlShape.MultivariantName, readMethods, ServeMultivariantAsync);
        group.MapMethods("/" + StreamUrlShape.MediaPlaylistName, readMethods, ServeMediaPlaylistAsync);
        group.MapMethods("/" + StreamUrlShape.SegmentRouteTemplate, readMethods, ServeSegmentAsync);
        group.MapMethods("/{**rest}", [HttpMethods.Options], () => Results.NoContent());
        group.MapMethods("/{**rest}", readMethods, () => Results.NotFound());
        return app;
    }

    private static Task<IResult> ServeMultivariantAsync(HttpContext http, string token, StreamRequestResolver streams, IOptions<StreamingOptions> options) =>
        ServePlaylistAsync(http, token, streams, options, window => window.MultivariantPlaylist(StreamUrlShape.MediaPlaylistName));

    private static Task<IResult> ServeMediaPlaylistAsync(HttpContext http, string token, StreamRequestResolver streams, IOptions<StreamingOptions> options) =>
        ServePlaylistAsync(http, token, streams, options, window => window.MediaPlaylist(StreamUrlShape.SegmentPrefix, StreamUrlShape.SegmentSuffix));

    /// <summary>A playlist request for a session that is still starting waits (bounded) for its first segment.</summary>
    private static async Task<IResult> ServePlaylistAsync(
        HttpContext http, string token, StreamRequestResolver streams, IOptions<StreamingOptions> options, Func<HlsWindow, byte[]> render)
    {
        var (stream, answer) = await streams.ResolveAsync(http, token).ConfigureAwait(false);
        if (stream is null)
        {
            return answer ?? StreamRequestResolver.Forbidden();
        }

        if (!await stream.WaitForSegmentsAsync(Math.Max(1, options.Value.MinSegmentsBeforePlaylist), options.Value.FirstSegmentWait, http.RequestAborted).ConfigureAwait(false))
        {
            return StreamRequestResolver.NotYet(http);
        }

        http.Response.Headers.CacheControl = "no-cache";
        StreamViewers.Seen(token);
        return Results.Bytes(render(stream.Window), PlaylistType);
    }

    private static async Task<IResult> ServeSegmentAsync(HttpContext http, string token, string segment, StreamRequestResolver streams)
    {
        var (stream, answer) = await streams.ResolveAsync(http, token).ConfigureAwait(false);
        if (stream is null)
        {
            return answer ?? StreamRequestResolver.Forbidden();
        }

        var found = StreamUrlShape.TryParseSegment(segment, out var sequence) ? stream.Window.Find(sequence) : null;
        if (found is null || !found.TryAcquire())
        {
            return Results.NotFound(); // unknown, or it left the window and went back to the pool just now
        }

        // Segments never change, but the URL holds a capability: cacheable by the player only.
        http.Response.Headers.CacheControl = "private, max-age=60";
        SmartHomeCamTelemetry.SegmentsServed.Add(1);
        return new SegmentResult(found, SegmentType);
    }


    /// <summary>
    /// CORS on every response under /streams, whatever answers it (our endpoints, routing's 404, a 400 for a
    /// malformed path): a Cast receiver that cannot read an error cannot recover from it (spec §3.6.2).
    /// </summary>
    public static IApplicationBuilder UseStreamCors(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(StreamUrlShape.Root, StringComparison.Ordinal))
            {
                AddCors(context.Response);
            }

            return next(context);
        });

    private static void AddCors(HttpResponse response)
    {
        // The Cast receiver and browsers fetch from other origins; nothing here relies on cookies (spec §3.6.2).
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
        response.Headers.AccessControlAllowHeaders = "*";
        response.Headers.AccessControlMaxAge = "86400";
    }
}
