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
    /// <summary>On a hop answer: the fencing number of the lease the owner served it under.</summary>
    public const string FenceHeader = "X-SmartHomeCam-Fence";

    /// <summary>On a hop answer (503): this replica does not own the camera; ask coordination again.</summary>
    public const string NotOwnerHeader = "X-SmartHomeCam-Not-Owner";

    /// <summary>
    /// A replica that does not accept a connection within this is taken for dead (a lost node drops the SYN; a killed
    /// process refuses at once), so the viewer's replica goes on to claim the camera instead of waiting on it.
    /// </summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromMilliseconds(500);

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
            ConnectTimeout = ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// Sends the request to <paramref name="owner"/> and, when it answers as the owner (whatever its status), copies
    /// the answer to the viewer; a replica that says it is not the owner, or cannot be reached, gets nothing copied.
    /// </summary>
    public async Task<HopResult> ForwardAsync(HttpContext http, Uri owner)
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
            return HopResult.Unreachable;
        }

        using (response)
        {
            if (response.Headers.Contains(NotOwnerHeader))
            {
                return HopResult.NotOwner;
            }

            var fence = FenceOf(response);
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

            return HopResult.Answered(fence);
        }
    }

    private static long? FenceOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(FenceHeader, out var values)
        && long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fence)
            ? fence
            : null;

    public void Dispose() => client.Dispose();
}
