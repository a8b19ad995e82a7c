using Microsoft.AspNetCore.Http;
using SmartHomeCam.Media.Hls;

namespace SmartHomeCam.Streaming.Http;

/// <summary>
/// Sends a segment straight from its pooled blocks, one write per block (each waits for the client, so a slow
/// reader never makes us buffer a copy). The caller has acquired the segment; this releases it when the response
/// is done or abandoned, so the blocks outlive the send even if the segment leaves the window meanwhile.
/// </summary>
internal sealed class SegmentResult(HlsSegment segment, string contentType) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        try
        {
            var response = httpContext.Response;
            response.ContentType = contentType;
            response.ContentLength = segment.Length;
            if (HttpMethods.IsHead(httpContext.Request.Method))
            {
                return;
            }

            for (var i = 0; i < segment.Chunks.Length; i++)
            {
                await response.Body.WriteAsync(segment.Chunks[i], httpContext.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            segment.Release();
        }
    }
}
