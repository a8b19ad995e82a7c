using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Streaming.ScaleOut;

/// <summary>
/// Forwards a stream request to the replica that owns the camera (one extra loopback or in-cluster hop) and copies
/// its answer back: the body streams through without being buffered whole. Only what a player needs is copied
/// (status, type, length, caching, Retry-After); CORS is added by this replica as on any /streams response.
/// </summary>
public sealed class OwnerHop : IDisposable
{
    private static readonly string[] CopiedHeaders = ["Content-Type", "Cache-Control", "Retry-After"];
    private readonly HttpClient client;
    private readonly HopSigner signer;
    private readonly TimeSpan timeout;
    private readonly ILogger<OwnerHop> logger;

    public OwnerHop(HopSigner signer, IOptions<StreamingOptions> options, ILogger<OwnerHop> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.signer = signer;
        this.logger = logger;
        // The owner may hold a playlist request until its first segment exists.
        timeout = options.Value.FirstSegmentWait + TimeSpan.FromSeconds(5);
        client = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(1), // a dead owner must not hold the viewer for long
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>True when the owner answered (whatever its status) and the answer was copied; false when it could not be reached.</summary>
    public async Task<bool> ForwardAsync(HttpContext http, Uri owner)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(owner);
        var path = http.Request.Path.Value ?? "/";
        var method = HttpMethods.IsHead(http.Request.Method) ? HttpMethod.Head : HttpMethod.Get;
        using var request = new HttpRequestMessage(method, new Uri(owner, path.TrimStart('/')));
        request.Headers.TryAddWithoutValidation(HopSigner.Header, signer.Sign(method.Method, path));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        limit.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !http.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("Owner replica {Owner} did not answer a forwarded stream request: {Reason}", owner, e.Message);
            return false;
        }

        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var name in CopiedHeaders)
            {
                if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
                {
                    http.Response.Headers[name] = values.ToArray();
                }
            }

            if (response.Content.Headers.ContentLength is { } length)
            {
                http.Response.ContentLength = length;
            }

            if (method != HttpMethod.Head)
            {
                await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
            }
        }

        return true;
    }

    public void Dispose() => client.Dispose();
}
